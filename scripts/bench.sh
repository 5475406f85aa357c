#!/usr/bin/env bash
# Runs every benchmark program (Release) and turns the JSON into the README's
# results: bench/results/<program>.json, bench/results/results.md (tables) and
# bench/results/results.png (chart).
#
#   scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_min_time=0.2]
#
#   ZC_BUILD_ROOT  where build trees go (default: <repo>/build)
#   ZC_RESULTS     where results go (default: <repo>/bench/results)
# Benchmarks need a quiet machine: nothing else should run meanwhile.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Its own tree: build/release belongs to scripts/demo.sh (examples on).
build=${ZC_BUILD_ROOT:-$repo/build}/bench
results=${ZC_RESULTS:-$repo/bench/results}

"$repo/scripts/install-deps.sh" bench

cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DZC_BUILD_BENCH=ON \
  -DZC_BUILD_TESTS=OFF -DZC_BUILD_EXAMPLES=OFF
cmake --build "$build" -j"$(nproc)"

mkdir -p "$results"
mapfile -t programs < <(find "$build/bench" -type f -perm -u+x -not -path '*/CMakeFiles/*' | sort)
if ((${#programs[@]} == 0)); then
  echo "bench: no benchmark programs under $build/bench" >&2
  exit 1
fi
# The machine, for the README's "measured on" line.
{
  echo "date: $(date -u +%Y-%m-%d)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "compiler: $(c++ --version | head -n 1)"
} >"$results/machine.txt"

for exe in "${programs[@]}"; do
  name=$(basename "$exe")
  echo "==== $name"
  "$exe" --benchmark_out="$results/$name.json" --benchmark_out_format=json \
    --benchmark_counters_tabular=true "$@"
done

# Debian's interpreter, which sees Debian's python3-matplotlib (a python3 from
# pyenv or a venv earlier on PATH would not).
python=/usr/bin/python3
[[ -x $python ]] || python=python3
"$python" "$repo/scripts/bench_report.py" "$results" \
  --markdown "$results/results.md" --chart "$results/results.png"
echo "bench: results in $results"
