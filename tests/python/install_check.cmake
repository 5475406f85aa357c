# cmake -DBUILD_DIR=... -DPREFIX=... -DPACKAGE_DIR=... -DPYTHON=... -P install_check.cmake
# Installs the python3 component into PREFIX and imports zcbridge from there
# only (not from the build tree), checking where the module was loaded from.
file(REMOVE_RECURSE "${PREFIX}")
# The python3 component, and the libzc_*.so of the runtime component (the
# libzcbridge<soversion> package) that a shared build's module needs; a
# static build installs no library there.
foreach(component IN ITEMS python3 runtime)
  execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                          --component ${component}
                  RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install --component ${component} failed (${result})")
  endif()
endforeach()
file(GLOB_RECURSE zc_runtime_libraries "${PREFIX}/libzc_core.so*")
if(zc_runtime_libraries)
  list(GET zc_runtime_libraries 0 zc_runtime_library)
  get_filename_component(zc_runtime_dir "${zc_runtime_library}" DIRECTORY)
  set(ENV{LD_LIBRARY_PATH} "${zc_runtime_dir}")
endif()
set(site "${PREFIX}/${PACKAGE_DIR}")
if(NOT EXISTS "${site}/zcbridge/__init__.py")
  message(FATAL_ERROR "no ${site}/zcbridge/__init__.py after install")
endif()
set(ENV{PYTHONPATH} "${site}")
set(ENV{PYTHONNOUSERSITE} "1")
if(NOT "$ENV{ZC_PYTHON_SANITIZER_PRELOAD}" STREQUAL "")
  set(ENV{LD_PRELOAD} "$ENV{ZC_PYTHON_SANITIZER_PRELOAD}")
  set(ENV{ASAN_OPTIONS} "detect_leaks=0")
endif()
execute_process(
  COMMAND "${PYTHON}" -c
    "import zcbridge, numpy; v = zcbridge.view(numpy.arange(6).reshape(2, 3)); print(zcbridge.__file__, v.shape)"
  WORKING_DIRECTORY "${PREFIX}"
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message(STATUS "import from the install: ${output}${errors}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "import zcbridge from ${site} failed")
endif()
string(FIND "${output}" "${site}/zcbridge/__init__.py" at)
if(at EQUAL -1)
  message(FATAL_ERROR "zcbridge was imported from elsewhere, not from ${site}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
