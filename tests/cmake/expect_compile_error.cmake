# cmake -DBUILD_DIR=... -DTARGET=... -DEXPECT=<regex> -DMAX_LINES=<n>
#       -P expect_compile_error.cmake
# Builds TARGET, which must fail to compile with a message matching EXPECT in
# at most MAX_LINES lines of compiler output (a wrong call must give a short
# error, not pages of overload candidates).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must be refused")
endif()
if(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "${TARGET} failed without the expected message '${EXPECT}':\n${output}")
endif()
# Count from the failing compile on: dependencies rebuilt before it print
# progress lines that say nothing about the refusal.
string(FIND "${output}" "FAILED:" failed_at)
if(failed_at GREATER -1)
  string(SUBSTRING "${output}" ${failed_at} -1 output)
endif()
string(REGEX MATCHALL "\n" newlines "${output}")
list(LENGTH newlines line_count)
if(line_count GREATER MAX_LINES)
  message(FATAL_ERROR "${TARGET}: ${line_count} lines of errors (at most ${MAX_LINES}):\n${output}")
endif()
message(STATUS "${TARGET} refused in ${line_count} lines, as expected")
