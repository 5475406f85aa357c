# The package files (included from the top-level CMakeLists.txt when
# ZC_INSTALL is on, after every component was declared by zc_add_library(),
# which also wrote each component's install rules).  Layout under the prefix:
#   include/zc/...                                   core and adapter headers
#   <libdir>/libzc_<component>.so.<ver> | .a         the compiled components
#   <libdir>/pkgconfig/zcbridge[-<component>].pc     pkg-config
#   <libdir>/cmake/zcbridge/zcbridgeConfig.cmake     find_package(zcbridge CONFIG COMPONENTS ...)
#   <libdir>/cmake/zcbridge/zcbridge-<component>-targets.cmake
# Each component has its own export set, so a consumer that asks only for
# `core` never needs Eigen, SQLite or libpng, and an adapter that was not
# built (ZC_WITH_<X>=OFF) is simply not installed.
include(CMakePackageConfigHelpers)

get_property(zc_components GLOBAL PROPERTY ZC_COMPONENTS)
set(ZC_INSTALLED_ADAPTERS ${zc_components})
list(REMOVE_ITEM ZC_INSTALLED_ADAPTERS core)

# For zcbridgeConfig.cmake: what find_dependency() gets before each
# adapter's targets are loaded (PACKAGE_DEPENDENCY of zc_add_library).
set(ZC_COMPONENT_DEPENDENCIES "")
foreach(component IN LISTS ZC_INSTALLED_ADAPTERS)
  get_property(dependency GLOBAL PROPERTY ZC_PACKAGE_DEPENDENCY_${component})
  string(APPEND ZC_COMPONENT_DEPENDENCIES
         "set(_zc_dependency_${component} \"${dependency}\")\n")
endforeach()

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/zcbridgeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/zcbridgeConfig.cmake
  INSTALL_DESTINATION ${ZC_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/zcbridgeConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/zcbridgeConfig.cmake
              ${PROJECT_BINARY_DIR}/zcbridgeConfigVersion.cmake
        DESTINATION ${ZC_INSTALL_CMAKEDIR}
        COMPONENT development)

# ---- Debian packages: cpack -G DEB (run in a build configured with
# -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr) ------------------------
#   libzcbridge<soversion>  component runtime:     the shared libraries
#   libzcbridge-dev         component development: headers, .so links, CMake
#                           package, pkg-config files; depends on the runtime
#                           package of the same version and on the -dev
#                           packages of the adapters' libraries
# Another package is one more install() component plus its
# CPACK_DEBIAN_<COMPONENT>_* lines below and an entry in CPACK_COMPONENTS_ALL.
set(zc_runtime_package libzcbridge${ZC_SOVERSION})
set(zc_dev_package libzcbridge-dev)
foreach(component runtime development)
  if(component STREQUAL "runtime")
    set(package ${zc_runtime_package})
  else()
    set(package ${zc_dev_package})
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          RENAME copyright COMPONENT ${component})
endforeach()

set(CPACK_PACKAGE_NAME zcbridge)
set(CPACK_PACKAGE_VENDOR "The zcbridge authors")
set(CPACK_PACKAGE_CONTACT "The zcbridge authors <zcbridge@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
# python3-zcbridge: the Python module (adapters/python, install component
# python3), when this build has it.
if(TARGET zcbridge_python)
  list(APPEND CPACK_COMPONENTS_ALL python3)
  set(CPACK_DEBIAN_PYTHON3_PACKAGE_NAME python3-zcbridge)
  set(CPACK_DEBIAN_PYTHON3_PACKAGE_SECTION python)
  set(CPACK_DEBIAN_PYTHON3_PACKAGE_DEPENDS
      "${zc_runtime_package} (= ${PROJECT_VERSION}), python3 (>= 3.11), python3 (<< 3.12)")
  set(CPACK_DEBIAN_PYTHON3_DESCRIPTION
      "${PROJECT_DESCRIPTION} (Python module)\n The zcbridge module: PEP 3118 buffers over zcbridge views and back.")
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <package>_<version>_<arch>.deb

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME ${zc_runtime_package})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "${PROJECT_DESCRIPTION} (shared libraries)\n zcbridge's libraries: ${zc_components}.")
# dpkg-shlibdeps derives libc6, libstdc++6, libpng16-16, libsqlite3-0 from
# the libraries' NEEDED entries; a shlibs file lets other packages do the same.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)

get_property(zc_dev_depends GLOBAL PROPERTY ZC_DEB_DEV_DEPENDS)
list(REMOVE_DUPLICATES zc_dev_depends)
list(PREPEND zc_dev_depends "${zc_runtime_package} (= ${PROJECT_VERSION})")
list(JOIN zc_dev_depends ", " zc_dev_depends)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME ${zc_dev_package})
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "${zc_dev_depends}")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION
    "${PROJECT_DESCRIPTION} (development files)\n Headers, CMake package (find_package(zcbridge)) and pkg-config files\n for: ${zc_components}.")

# A static build has no runtime package to make: cpack refuses it with a
# message instead of producing a -dev package whose runtime package is empty.
if(BUILD_SHARED_LIBS)
  set(ZC_PACKAGED_SHARED 1)
else()
  set(ZC_PACKAGED_SHARED 0)
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/zc_cpack_check.cmake.in
               ${PROJECT_BINARY_DIR}/zc_cpack_check.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/zc_cpack_check.cmake)
include(CPack)
