#!/usr/bin/env bash
# Builds and runs the consumer project both ways a user would take zcbridge:
#   1. installed:   cmake --install <build> --prefix <work>/prefix, then
#                   find_package(zcbridge CONFIG COMPONENTS ...) against it;
#   2. vendored:    add_subdirectory(<repo>) from the consumer's own project;
# and checks what the installed package refuses (tests/consumer/refusals).
# Usage: tests/consumer/run.sh <built zcbridge build dir> [work dir]
# The work dir (default: a fresh temp dir, removed afterwards) receives the
# prefix and both consumer build trees.
set -euo pipefail

if (($# < 1)); then
  echo "usage: $0 <built zcbridge build dir> [work dir]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
if [[ $# -ge 2 ]]; then
  work=$2
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/zc-consumer.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
jobs=${ZC_JOBS:-2}

# The consumer must find every adapter the source tree has: one that is
# written but not installed is a packaging bug, not something to skip.
# ZC_CONSUMER_COMPONENTS (e.g. "eigen;png") overrides, for builds configured
# with some ZC_WITH_<X>=OFF.
if [[ -v ZC_CONSUMER_COMPONENTS ]]; then
  component_list=$ZC_CONSUMER_COMPONENTS
else
  components=()
  for c in eigen sqlite png dlpack npy; do
    if [[ -f "$repo/adapters/$c/CMakeLists.txt" ]]; then components+=("$c"); fi
  done
  component_list=$(IFS=';' && echo "${components[*]:-}")
fi
echo "consumer: components: core${component_list:+;$component_list}"

rm -rf "$work/prefix" "$work/find_package" "$work/refusals" "$work/add_subdirectory"

echo "consumer: install $build -> $work/prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null

echo "consumer: find_package"
cmake -S "$here/find_package" -B "$work/find_package" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" "-DZC_CONSUMER_COMPONENTS=$component_list" >/dev/null
cmake --build "$work/find_package" -j"$jobs"
"$work/find_package/zc_consumer"

echo "consumer: refusals (missing component, optional component, too-new version)"
cmake -S "$here/refusals" -B "$work/refusals" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null

echo "consumer: add_subdirectory"
# The adapters the consumer does not ask for are switched off, so a vendored
# build compiles (and needs the libraries of) only what it uses.
with=()
for c in eigen sqlite png dlpack npy; do
  if [[ ";$component_list;" == *";$c;"* ]]; then with+=("-DZC_WITH_${c^^}=ON"); else with+=("-DZC_WITH_${c^^}=OFF"); fi
done
cmake -S "$here/add_subdirectory" -B "$work/add_subdirectory" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DZC_SOURCE_DIR="$repo" "${with[@]}" \
  "-DZC_CONSUMER_COMPONENTS=$component_list" >/dev/null
cmake --build "$work/add_subdirectory" -j"$jobs"
"$work/add_subdirectory/zc_consumer"
echo "consumer: both ways passed"
