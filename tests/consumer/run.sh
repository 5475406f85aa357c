#!/usr/bin/env bash
# Builds and runs the consumer program (main.cpp) every way a user takes
# zcbridge:
#   1. installed:   cmake --install <build> --prefix <work>/prefix, then
#                   a. find_package(zcbridge CONFIG COMPONENTS ...) against it,
#                   b. pkg-config only: c++ main.cpp $(pkg-config --cflags --libs ...),
#                   and what the installed package refuses (tests/consumer/refusals);
#   2. vendored:    add_subdirectory(<repo>) from the consumer's own project.
# Usage: tests/consumer/run.sh <built zcbridge build dir> [work dir]
#        tests/consumer/run.sh --installed <prefix> [work dir]
# The second form skips the install and the vendored build and takes an
# existing prefix, e.g. the usr/ of unpacked Debian packages (.ci/run).
# The work dir (default: a fresh temp dir, removed afterwards) receives the
# prefix and the consumer build trees.
set -euo pipefail

usage="usage: $0 <built zcbridge build dir> [work dir] | $0 --installed <prefix> [work dir]"
if (($# < 1)); then
  echo "$usage" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
installed=""
build=""
if [[ $1 == --installed ]]; then
  if (($# < 2)); then
    echo "$usage" >&2
    exit 2
  fi
  installed=$(cd "$2" && pwd)
  shift 2
else
  build=$(cd "$1" && pwd)
  shift
fi
if [[ $# -ge 1 ]]; then
  work=$1
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

rm -rf "$work/prefix" "$work/find_package" "$work/refusals" "$work/add_subdirectory" \
  "$work/pkg_config"

if [[ -n "$installed" ]]; then
  prefix=$installed
  echo "consumer: installed prefix $prefix"
else
  prefix=$work/prefix
  echo "consumer: install $build -> $prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
fi

echo "consumer: each component's targets file lists an include directory once"
mapfile -t targets_files < <(find "$prefix" -name 'zcbridge-*-targets.cmake' -path '*/cmake/zcbridge/*')
if ((${#targets_files[@]} == 0)); then
  echo "consumer: no zcbridge-*-targets.cmake under $prefix" >&2
  exit 1
fi
for f in "${targets_files[@]}"; do
  dirs=$(sed -n 's/^ *INTERFACE_INCLUDE_DIRECTORIES "\(.*\)"$/\1/p' "$f")
  repeated=$(tr ';' '\n' <<<"$dirs" | sort | uniq -d)
  if [[ -z "$dirs" || -n "$repeated" ]]; then
    echo "consumer: ${f##*/}: INTERFACE_INCLUDE_DIRECTORIES '$dirs' (repeated: '$repeated')" >&2
    exit 1
  fi
done

echo "consumer: find_package"
cmake -S "$here/find_package" -B "$work/find_package" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" "-DZC_CONSUMER_COMPONENTS=$component_list" >/dev/null
cmake --build "$work/find_package" -j"$jobs"
"$work/find_package/zc_consumer"

echo "consumer: refusals (missing component, optional component, too-new version)"
cmake -S "$here/refusals" -B "$work/refusals" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null

echo "consumer: pkg-config"
# Only the installed .pc files say where headers and libraries are: the
# compiler line has nothing else of zcbridge's.  zcbridge.pc is core;
# zcbridge-<adapter>.pc adds the adapter and its library's own module.
pc_file=$(find "$prefix" -name zcbridge.pc -path '*/pkgconfig/*' | head -n 1)
if [[ -z "$pc_file" ]]; then
  echo "consumer: no zcbridge.pc under $prefix" >&2
  exit 1
fi
modules=(zcbridge)
defines=()
for c in ${component_list//;/ }; do
  modules+=("zcbridge-$c")
  defines+=("-DZC_CONSUMER_WITH_${c^^}=1")
done
mkdir -p "$work/pkg_config"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc_file")
lib_dir=$(pkg-config --variable=libdir zcbridge)
echo "consumer: c++ -std=c++20 main.cpp \$(pkg-config --cflags --libs ${modules[*]})"
# shellcheck disable=SC2046  # pkg-config's output is a word list on purpose
c++ -std=c++20 -O1 -Wall -Wextra -Werror "${defines[@]}" "$here/main.cpp" \
  -o "$work/pkg_config/zc_consumer" $(pkg-config --cflags --libs "${modules[@]}")
LD_LIBRARY_PATH=$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$work/pkg_config/zc_consumer"

if [[ -n "$installed" ]]; then
  echo "consumer: find_package, refusals and pkg-config passed against $prefix"
  exit 0
fi

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
echo "consumer: all ways passed"
