# zc_add_library(): the one place that says what a zcbridge library target
# is.  Every component (core and each adapter) is declared with one call from
# its own CMakeLists.txt, so all of them are built, exported, installed and
# packaged alike:
#
#   zc_add_library(<component>
#     [HEADER_ONLY]                    an INTERFACE target (no SOURCES)
#     [SOURCES <file>...]              compiled sources, relative to the caller
#     [LINK <target>...]               public dependencies (zc::core, PNG::PNG, ...)
#     [PACKAGE_DEPENDENCY <args>...]   what zcbridgeConfig.cmake passes to
#                                      find_dependency() before loading the
#                                      component, e.g. Eigen3 3.4 NO_MODULE
#     [PKG_CONFIG_REQUIRES <module>...] the Requires: of zcbridge-<component>.pc
#                                      (Debian .pc names: eigen3, sqlite3, libpng)
#     [DEB_DEV_DEPENDS <package>...]   Debian -dev packages the headers need
#                                      (the -dev package depends on them)
#     [GENERATED_INCLUDE_DIR <dir>]    a build-tree include folder of generated
#                                      headers, installed with the others
#     [DESCRIPTION <text>])
#
# What every component gets:
#   target zc_<component>, alias zc::<component>, EXPORT_NAME <component>;
#   headers from <caller>/include (must exist), one include directory in
#   the build tree and one (<prefix>/include) in the installed package;
#   C++20 as a usage requirement;
# and a compiled component also:
#   OUTPUT_NAME zc_<component>, position-independent code, VERSION
#   ${PROJECT_VERSION} / SOVERSION ${ZC_SOVERSION} (shared builds), the
#   project's warnings (zc_set_warnings), -fvisibility=hidden and
#   -fvisibility-inlines-hidden (what the public headers declare is exported
#   through ZC_API, <zc/export.hpp>); its objects are also the OBJECT library
#   zc_<component>_objects, which white-box tests (that call functions of
#   src/ the shared library does not export) link instead of the library;
# and, when ZC_INSTALL is on: install rules (runtime component: the shared
# library; development component: headers, static library or .so link,
# CMake targets file zcbridge-<component>-targets.cmake, pkg-config file
# zcbridge.pc for core and zcbridge-<component>.pc for the others).
# cmake/zc_package.cmake turns the registered components into the package
# configuration and the Debian packages.

set(ZC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/zcbridge"
    CACHE STRING "Where zcbridgeConfig.cmake is installed, relative to the prefix")

function(zc_add_library component)
  cmake_parse_arguments(PARSE_ARGV 1 arg "HEADER_ONLY" "DESCRIPTION;GENERATED_INCLUDE_DIR"
                        "SOURCES;LINK;PACKAGE_DEPENDENCY;PKG_CONFIG_REQUIRES;DEB_DEV_DEPENDS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "zc_add_library(${component}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(target zc_${component})
  set(include_dir ${CMAKE_CURRENT_SOURCE_DIR}/include)
  if(NOT IS_DIRECTORY ${include_dir})
    message(FATAL_ERROR "zc_add_library(${component}): no public header folder ${include_dir}")
  endif()
  set(build_includes $<BUILD_INTERFACE:${include_dir}>)
  if(arg_GENERATED_INCLUDE_DIR)
    list(APPEND build_includes $<BUILD_INTERFACE:${arg_GENERATED_INCLUDE_DIR}>)
  endif()

  if(arg_HEADER_ONLY)
    if(arg_SOURCES)
      message(FATAL_ERROR "zc_add_library(${component}): HEADER_ONLY takes no SOURCES")
    endif()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  else()
    if(NOT arg_SOURCES)
      message(FATAL_ERROR "zc_add_library(${component}): SOURCES missing (or say HEADER_ONLY)")
    endif()
    # The objects are compiled once, for the library and for white-box tests.
    set(objects ${target}_objects)
    add_library(${objects} OBJECT ${arg_SOURCES})
    set_target_properties(${objects} PROPERTIES
      POSITION_INDEPENDENT_CODE ON
      CXX_VISIBILITY_PRESET hidden
      VISIBILITY_INLINES_HIDDEN ON)
    target_include_directories(${objects} PUBLIC ${build_includes})
    target_link_libraries(${objects} PUBLIC ${arg_LINK})
    target_compile_features(${objects} PUBLIC cxx_std_20)
    zc_set_warnings(${objects})

    add_library(${target} $<TARGET_OBJECTS:${objects}>)
    set_target_properties(${target} PROPERTIES
      OUTPUT_NAME zc_${component}
      LINKER_LANGUAGE CXX
      VERSION ${PROJECT_VERSION}
      SOVERSION ${ZC_SOVERSION})
    set(scope PUBLIC)
  endif()

  add_library(zc::${component} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${component})
  # The installed interface lists <prefix>/include once (install(TARGETS)
  # below adds no INCLUDES DESTINATION of its own).
  target_include_directories(${target} ${scope} ${build_includes}
                             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} ${scope} ${arg_LINK})
  target_compile_features(${target} ${scope} cxx_std_20)

  set_property(GLOBAL APPEND PROPERTY ZC_COMPONENTS ${component})
  set_property(GLOBAL PROPERTY ZC_PACKAGE_DEPENDENCY_${component} "${arg_PACKAGE_DEPENDENCY}")
  set_property(GLOBAL APPEND PROPERTY ZC_DEB_DEV_DEPENDS ${arg_DEB_DEV_DEPENDS})

  if(ZC_INSTALL)
    zc_install_component(${component} "${include_dir}" "${arg_GENERATED_INCLUDE_DIR}"
                         "${arg_PKG_CONFIG_REQUIRES}" "${arg_DESCRIPTION}" ${arg_HEADER_ONLY})
  endif()
endfunction()

# zc_install_component(<component> <include dir> <generated include dir>
#                      <pkg-config requires> <description> <header only?>):
# the install half of zc_add_library().  Components are those of CPack's
# Debian packages: runtime (libzcbridge<soversion>) and development
# (libzcbridge-dev).
function(zc_install_component component include_dir generated_dir pc_requires description
         header_only)
  set(target zc_${component})
  install(DIRECTORY ${include_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          COMPONENT development)
  if(generated_dir)
    install(DIRECTORY ${generated_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
            COMPONENT development)
  endif()
  install(TARGETS ${target} EXPORT zcbridge-${component}-targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
                  NAMELINK_COMPONENT development
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  install(EXPORT zcbridge-${component}-targets
          FILE zcbridge-${component}-targets.cmake
          NAMESPACE zc::
          DESTINATION ${ZC_INSTALL_CMAKEDIR}
          COMPONENT development)

  # pkg-config: zcbridge.pc for core (the include folder), zcbridge-<name>.pc
  # for an adapter (core plus its library's module).  The prefix is found
  # from the .pc file's own place, so an unpacked or moved tree works too.
  set(pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  file(RELATIVE_PATH pc_to_prefix /zc-prefix/${pc_dir} /zc-prefix)
  string(REGEX REPLACE "/$" "" pc_to_prefix "${pc_to_prefix}")
  if(NOT description)
    set(description "zcbridge ${component}")
  endif()
  if(component STREQUAL "core")
    set(pc_name zcbridge)
    set(pc_requires_all ${pc_requires})
  else()
    set(pc_name zcbridge-${component})
    set(pc_requires_all zcbridge ${pc_requires})
  endif()
  set(pc_text "prefix=\${pcfiledir}/${pc_to_prefix}
includedir=\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}
libdir=\${prefix}/${CMAKE_INSTALL_LIBDIR}

Name: ${pc_name}
Description: ${description}
Version: ${PROJECT_VERSION}
")
  if(pc_requires_all)
    list(JOIN pc_requires_all " " pc_requires_text)
    string(APPEND pc_text "Requires: ${pc_requires_text}\n")
  endif()
  if(NOT header_only)
    string(APPEND pc_text "Libs: -L\${libdir} -lzc_${component}\n")
  endif()
  if(component STREQUAL "core")  # one include folder for all components
    string(APPEND pc_text "Cflags: -I\${includedir}\n")
  endif()
  file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/pkgconfig/${pc_name}.pc CONTENT "${pc_text}" @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/${pc_name}.pc DESTINATION ${pc_dir}
          COMPONENT development)
endfunction()
