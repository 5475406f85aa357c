#!/usr/bin/env bash
# Installs the Debian 12 packages zcbridge needs to build, test, fuzz and
# benchmark -- only those that are missing, so a second run does nothing and
# needs no network.  Runs apt as root directly, through sudo otherwise.
#
#   install-deps.sh            what building, testing and the demo need
#   install-deps.sh --report   also python3-matplotlib, for scripts/bench.sh's chart
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  clang clang-format
  libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes for clang
  libeigen3-dev libsqlite3-dev libpng-dev libspng-dev libdlpack-dev
  libisal-dev  # the PNG fast path (ISA-L inflate/CRC); optional: ZC_WITH_ISAL
  libgtest-dev libbenchmark-dev
  sqlite3 python3
  python3-numpy  # oracle of the npy tests and of core's dtype format test (tests/core/dtype_formats)
  # the Python module (zcbridge) and its pytest suite; CI adds python3-torch
  pybind11-dev python3-dev python3-pytest python3-pil python3-memory-profiler
)
if [[ ${1:-} == --report ]]; then
  packages+=(python3-matplotlib)
elif [[ $# -gt 0 ]]; then
  echo "install-deps: unknown argument '$1' (expected nothing or --report)" >&2
  exit 2
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
