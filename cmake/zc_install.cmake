# Install and export rules (included from the top-level CMakeLists.txt when
# ZC_INSTALL is on).  Layout under the prefix:
#   include/zc/*.hpp                          core and adapter headers
#   lib/libzc_*.a                             the compiled libraries
#   lib/cmake/zcbridge/zcbridgeConfig.cmake   find_package(zcbridge CONFIG COMPONENTS ...)
#   lib/cmake/zcbridge/zcbridge-<component>-targets.cmake
# Each component gets its own export set, so a consumer that asks only for
# `core` never needs Eigen, SQLite, libpng or DLPack, and an adapter that was not
# built (ZC_WITH_<X>=OFF, or not written yet) is simply not installed.
include(CMakePackageConfigHelpers)

set(ZC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/zcbridge"
    CACHE STRING "Where zcbridgeConfig.cmake is installed, relative to the prefix")

# zc_install_component(<component> <target> <include dir>): headers, the
# target and its export set zcbridge-<component>-targets.cmake (namespace zc::).
function(zc_install_component component target include_dir)
  # The exported name is what consumers write after zc::, whatever the
  # target's EXPORT_NAME was left at.
  get_target_property(export_name ${target} EXPORT_NAME)
  if(NOT export_name)
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${component})
  endif()
  if(EXISTS ${include_dir})
    install(DIRECTORY ${include_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
            COMPONENT zcbridge_development)
  endif()
  install(TARGETS ${target} EXPORT zcbridge-${component}-targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT zcbridge_development
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT zcbridge_runtime
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT zcbridge_runtime
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT zcbridge-${component}-targets
          FILE zcbridge-${component}-targets.cmake
          NAMESPACE zc::
          DESTINATION ${ZC_INSTALL_CMAKEDIR}
          COMPONENT zcbridge_development)
endfunction()

zc_install_component(core zc_core ${PROJECT_SOURCE_DIR}/core/include)

# Adapters in a fixed order; only those whose target exists in this build.
set(ZC_INSTALLED_ADAPTERS "")
foreach(component eigen sqlite png dlpack npy)
  if(TARGET zc_${component})
    zc_install_component(${component} zc_${component}
                         ${PROJECT_SOURCE_DIR}/adapters/${component}/include)
    list(APPEND ZC_INSTALLED_ADAPTERS ${component})
  endif()
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
        COMPONENT zcbridge_development)
