#!/usr/bin/env bash
# Installs the Debian 12 packages one zcbridge command needs -- only those
# that are missing, so a second run prints nothing and needs no network.
# Runs apt as root directly, through sudo otherwise.
#
#   install-deps.sh demo    scripts/demo.sh: build the libraries and the main job (Release)
#   install-deps.sh test    scripts/test.sh: demo + the test suites, examples and benchmarks
#   install-deps.sh ci      .ci/run: test + clang, sanitizer and fuzzing runtimes, clang-format,
#                           Debian packaging tools
#   install-deps.sh bench   scripts/bench.sh: demo + Google Benchmark, libspng, the chart
#
# Each level is a list below, on top of the level it names; a package a new
# part of the project needs goes into the lowest level whose command needs it.
set -euo pipefail

# Compiler, build tools and the adapters' libraries: all the demo builds.
demo_packages=(
  g++ cmake ninja-build
  libeigen3-dev libsqlite3-dev libpng-dev
)
# On top of demo: what the test suites, the examples' tests and the
# benchmarks (built by scripts/test.sh) need.
test_packages=(
  libgtest-dev libbenchmark-dev
  pkg-config libspng-dev  # libspng: the PNG tests' independent reference decoder
  libdlpack-dev           # <dlpack/dlpack.h> for zc::dlpack (a test-level adapter)
  python3-numpy           # oracle of the npy tests and of core's dtype format test
  libisal-dev             # the PNG fast path (ISA-L inflate/CRC); optional: ZC_WITH_ISAL
  # the Python module (zcbridge) and its pytest suite; CI adds python3-torch
  pybind11-dev python3-dev python3-pytest python3-pil python3-memory-profiler
  sqlite3 python3         # examples' command-line tests
)
# On top of test: the CI's other toolchains and checks.
ci_packages=(
  clang clang-format
  libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes for clang
  dpkg-dev file       # cpack -G DEB: dpkg-shlibdeps, dpkg-deb
  git                 # the self-containment stage clones the repository
  python3-torch       # the Python module's DLPack exchange with PyTorch (tests skip without it)
)
# On top of demo: scripts/bench.sh (Release benchmarks and the report's chart).
bench_packages=(
  libbenchmark-dev pkg-config libspng-dev
  python3 python3-matplotlib
)

level=${1:-}
case "$level" in
  demo)
    packages=("${demo_packages[@]}")
    why="to build the demo"
    ;;
  test)
    packages=("${demo_packages[@]}" "${test_packages[@]}")
    why="to build and run the tests"
    ;;
  ci)
    packages=("${demo_packages[@]}" "${test_packages[@]}" "${ci_packages[@]}")
    why="for the CI (clang, sanitizers, fuzzing, format check, Debian packages)"
    ;;
  bench)
    packages=("${demo_packages[@]}" "${bench_packages[@]}")
    why="to build and chart the benchmarks"
    ;;
  *)
    echo "usage: install-deps.sh demo|test|ci|bench (got '$level')" >&2
    exit 2
    ;;
esac

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing ${missing[*]} ($why); run as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]} ($why)"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
