#!/usr/bin/env bash
# The README's first command: install what is missing (install-deps.sh demo), build Release into
# build/release and run the main job.  Extra arguments go to the main job.
#
#   ZC_BUILD_ROOT  where build trees go (default: <repo>/build)
set -euo pipefail

# The program this command runs: a target built by examples/ (zc_add_example);
# image_store is the PNG -> SQLite -> PNG decoder -> Eigen pipeline (--help).
MAIN_JOB=image_store

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${ZC_BUILD_ROOT:-$repo/build}
build=$build_root/release

"$repo/scripts/install-deps.sh" demo

# Only what the demo needs is configured: no test suites (GoogleTest), no
# benchmarks (Google Benchmark) and no adapter the main job does not use
# (DLPack), so a machine with install-deps.sh demo's packages configures.
# shellcheck disable=SC2086  # ZC_CMAKE_ARGS is a word list on purpose
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DZC_BUILD_EXAMPLES=ON \
  -DZC_BUILD_TESTS=OFF -DZC_BUILD_BENCH=OFF -DZC_WITH_DLPACK=OFF ${ZC_CMAKE_ARGS:-}
# Only the main job and what it links: a fresh machine need not compile the
# test suites and benchmarks to see the demo.
cmake --build "$build" -j"$(nproc)" --target "$MAIN_JOB"

# Found by name rather than hard-coded, so moving the example to another
# folder does not break this script.
exe=$(find "$build" -type f -name "$MAIN_JOB" -perm -u+x -not -path '*/CMakeFiles/*' | head -n 1)
if [[ -z "$exe" ]]; then
  echo "demo: built target '$MAIN_JOB' but found no executable named '$MAIN_JOB' under $build" >&2
  exit 1
fi
echo "demo: running $exe $*"
# Run where ctest runs examples (their build folder), so outputs land there.
cd "$(dirname "$exe")"
exec "$exe" "$@"
