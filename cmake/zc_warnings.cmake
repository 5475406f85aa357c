# zc_set_warnings(<target>): the warning set every zcbridge target builds
# clean with under g++ and clang; -Werror when ZC_WERROR is on (CI).
#
# g++ 12 at -O2 and above reports -Wrestrict inside libstdc++ for ordinary
# `"literal" + std::string` expressions (GCC bugs 105329 and 105651, fixed in
# g++ 13); the warning points into <bits/char_traits.h>, not at our code, so it
# is switched off for g++ 12 only.
function(zc_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wshadow
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
    $<$<BOOL:${ZC_WERROR}>:-Werror>)
endfunction()

# zc_add_program(<name> SOURCES ... LIBRARIES ...): an executable of this
# project (a test binary, a benchmark, an example), linked and warned alike.
# zc_add_test, zc_add_bench and zc_add_example add what their kind needs.
function(zc_add_program name)
  cmake_parse_arguments(arg "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES})
  zc_set_warnings(${name})
endfunction()
