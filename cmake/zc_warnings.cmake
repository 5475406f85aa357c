# zc_set_warnings(<target>): the warning set every zcbridge target builds
# clean with under g++ and clang; -Werror when ZC_WERROR is on (CI).
function(zc_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wshadow
    $<$<BOOL:${ZC_WERROR}>:-Werror>)
endfunction()
