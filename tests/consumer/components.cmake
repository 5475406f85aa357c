# Shared by both consumer projects: the executable `zc_consumer` from
# main.cpp, linked to zc::core and to every adapter in ZC_CONSUMER_COMPONENTS,
# each announced to the code as ZC_CONSUMER_WITH_<COMPONENT>.
set(ZC_CONSUMER_DIR ${CMAKE_CURRENT_LIST_DIR})  # a function would see its caller's dir
set(ZC_CONSUMER_COMPONENTS "eigen;sqlite;png;dlpack;npy" CACHE STRING
    "Adapters the consumer must find and use (subset of eigen;sqlite;png;dlpack;npy)")

function(zc_consumer_executable)
  add_executable(zc_consumer ${ZC_CONSUMER_DIR}/main.cpp)
  target_compile_features(zc_consumer PRIVATE cxx_std_20)
  target_compile_options(zc_consumer PRIVATE -Wall -Wextra -Wpedantic -Wconversion -Wshadow
                                             -Werror)
  target_link_libraries(zc_consumer PRIVATE zc::core)
  foreach(component IN LISTS ZC_CONSUMER_COMPONENTS)
    if(NOT TARGET zc::${component})
      message(FATAL_ERROR "zc_consumer: expected target zc::${component}, found none")
    endif()
    string(TOUPPER ${component} upper)
    target_link_libraries(zc_consumer PRIVATE zc::${component})
    target_compile_definitions(zc_consumer PRIVATE ZC_CONSUMER_WITH_${upper}=1)
  endforeach()
endfunction()
