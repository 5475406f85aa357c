# cmake -DPYTHON=... -DSCRIPT=generate.py -DOUTPUT=<file> -P generate.cmake
# Runs the generator into OUTPUT; a failing generator fails the test (and
# leaves no file behind for the check to read).
file(REMOVE ${OUTPUT})
execute_process(COMMAND ${PYTHON} ${SCRIPT} OUTPUT_FILE ${OUTPUT}.part RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUTPUT}.part)
  message(FATAL_ERROR "${SCRIPT} failed (${status})")
endif()
file(RENAME ${OUTPUT}.part ${OUTPUT})
