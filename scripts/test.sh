#!/usr/bin/env bash
# The README's second command: install what is missing (install-deps.sh test), configure Debug with
# the tests into build/debug, build everything and run the whole CTest suite.
# Extra arguments go to ctest (e.g. `scripts/test.sh -R dtype`).
#
#   ZC_BUILD_ROOT  where build trees go (default: <repo>/build)
#   ZC_CMAKE_ARGS  extra configure arguments
#   CI=true        also turns warnings into errors (-DZC_WERROR=ON)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${ZC_BUILD_ROOT:-$repo/build}
build=$build_root/debug

"$repo/scripts/install-deps.sh" test

config=(-DCMAKE_BUILD_TYPE=Debug -DZC_BUILD_TESTS=ON)
if [[ "${CI:-}" == "true" ]]; then
  config+=(-DZC_WERROR=ON)
fi
# shellcheck disable=SC2086  # ZC_CMAKE_ARGS is a word list on purpose
cmake -S "$repo" -B "$build" -G Ninja "${config[@]}" ${ZC_CMAKE_ARGS:-}
cmake --build "$build" -j"$(nproc)"

# The Python suite's PyTorch tests need python3-torch (CI installs it); say
# so once here rather than only in pytest's skip summary.
if [[ -e "$build/python/zcbridge/__init__.py" ]] &&
  ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  echo "test.sh: PyTorch (python3-torch) is not installed: the Python suite's PyTorch tests are left out"
fi

# Last, and exec'd: the output ends with ctest's own summary.
cd "$build"
exec ctest --output-on-failure -j2 "$@"
