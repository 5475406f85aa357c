// zc::eigen benchmarks.
//
// 1. Import: a 4096x4096 double view as an Eigen::Map (zc::eigen::map,
//    tight_map) vs copying it into a MatrixXd, which is what users write
//    today.  The import must take constant time (nanoseconds at every size)
//    and allocate nothing; the copy is linear and allocates the matrix.
// 2. Compute: the same Eigen kernels (colwise().sum(), a matrix-vector
//    product) on the owning MatrixXd, on a tight map (inner stride 1 known at
//    compile time) and on a fully dynamic-stride map of the same memory.
//    The tight map should run as fast as the matrix; the dynamic-stride map
//    shows what losing compile-time inner stride 1 costs.
//
// Counters: bytes_per_second (matrix bytes made available or processed per
// iteration), allocs and heap_bytes per iteration (malloc calls and bytes:
// Eigen allocates with std::malloc, not operator new; see
// bench/support/heap_meter.hpp; -1 when not counted, e.g. under ASan), copied_bytes per
// iteration from zc::bytes_copied().
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>

#include "heap_meter.hpp"

namespace {

/// Per-iteration heap and copy counters for the loop that just ran.
class loop_counters {
 public:
  loop_counters() : copied_(zc::bytes_copied()) {}
  void report(benchmark::State& state, std::int64_t bytes_per_iteration) const {
    const auto n = static_cast<double>(state.iterations());
    const zc::bench::heap_reading heap = meter_.reading();
    const bool counted = zc::bench::malloc_counted();
    state.counters["allocs"] = counted ? static_cast<double>(heap.malloc_calls) / n : -1.0;
    state.counters["heap_bytes"] = counted ? static_cast<double>(heap.malloc_bytes) / n : -1.0;
    state.counters["copied_bytes"] = static_cast<double>(zc::bytes_copied() - copied_) / n;
    state.SetBytesProcessed(state.iterations() * bytes_per_iteration);
  }

 private:
  zc::bench::heap_meter meter_;
  std::uint64_t copied_;
};

std::int64_t matrix_bytes(Eigen::Index n) {
  return static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n) *
         static_cast<std::int64_t>(sizeof(double));
}

// ---- 1. import vs copy ------------------------------------------------------

void BM_import_map(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Eigen::MatrixXd source = Eigen::MatrixXd::Constant(n, n, 1.0);
  const zc::buffer_view v = zc::eigen::view(source);
  const loop_counters counters;
  for (auto _ : state) {
    auto map = zc::eigen::map<Eigen::MatrixXd>(v);
    benchmark::DoNotOptimize(map.data());
    benchmark::DoNotOptimize(map.outerStride());
  }
  counters.report(state, matrix_bytes(n));
}
BENCHMARK(BM_import_map)->Arg(64)->Arg(1024)->Arg(4096);

void BM_import_tight_map(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Eigen::MatrixXd source = Eigen::MatrixXd::Constant(n, n, 1.0);
  const zc::buffer_view v = zc::eigen::view(source);
  const loop_counters counters;
  for (auto _ : state) {
    auto map = zc::eigen::tight_map<const Eigen::MatrixXd>(v);
    benchmark::DoNotOptimize(map.data());
    benchmark::DoNotOptimize(map.outerStride());
  }
  counters.report(state, matrix_bytes(n));
}
BENCHMARK(BM_import_tight_map)->Arg(64)->Arg(4096);

// Export and import together: matrix -> view -> map.
void BM_view_then_map(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Eigen::MatrixXd source = Eigen::MatrixXd::Constant(n, n, 1.0);
  const loop_counters counters;
  for (auto _ : state) {
    const zc::buffer_view v = zc::eigen::view(source);
    auto map = zc::eigen::map<Eigen::MatrixXd>(v);
    benchmark::DoNotOptimize(map.data());
  }
  counters.report(state, matrix_bytes(n));
}
BENCHMARK(BM_view_then_map)->Arg(4096);

// What users write today: copy the memory behind the pointer into a
// MatrixXd they own.
void BM_copy_into_matrix(benchmark::State& state) {
  const Eigen::Index n = state.range(0);
  Eigen::MatrixXd source = Eigen::MatrixXd::Constant(n, n, 1.0);
  const zc::buffer_view v = zc::eigen::view(source);
  const loop_counters counters;
  for (auto _ : state) {
    Eigen::MatrixXd copy = Eigen::Map<const Eigen::MatrixXd>(static_cast<const double*>(v.data()),
                                                             v.shape(0), v.shape(1));
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  counters.report(state, matrix_bytes(n));
}
BENCHMARK(BM_copy_into_matrix)->Arg(64)->Arg(1024)->Arg(4096)->Unit(benchmark::kMicrosecond);

// ---- 2. the same computation on three kinds of storage ---------------------
// (4096 only here; section 3 pairs the three storages at several sizes.)

enum class storage { owning, tight_map, strided_map };

/// One n x n matrix (random), the vectors a kernel reads and writes, and two
/// maps of the matrix's memory: what sections 2 and 3 run kernels on.
struct compute_case {
  explicit compute_case(Eigen::Index n)
      : owner(Eigen::MatrixXd::Random(n, n)),
        x(Eigen::VectorXd::Random(n)),
        y(n),
        sums(n),
        v(zc::eigen::view(owner)),
        tight(zc::eigen::tight_map<const Eigen::MatrixXd>(v)),
        strided(zc::eigen::map<const Eigen::MatrixXd>(v)) {}  // Stride<Dynamic, Dynamic>

  /// The kernel once on `kind`, its results kept from the optimizer.
  template <class Kernel>
  void run(storage kind, const Kernel& kernel) {
    switch (kind) {
      case storage::owning:
        kernel(owner, x, y, sums);
        break;
      case storage::tight_map:
        kernel(tight, x, y, sums);
        break;
      case storage::strided_map:
        kernel(strided, x, y, sums);
        break;
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::DoNotOptimize(sums.data());
    benchmark::ClobberMemory();
  }

  Eigen::MatrixXd owner;
  const Eigen::VectorXd x;
  Eigen::VectorXd y;
  Eigen::RowVectorXd sums;
  const zc::buffer_view v;
  const zc::eigen::tight_map_t<const Eigen::MatrixXd> tight;
  const zc::eigen::strided_map_t<const Eigen::MatrixXd> strided;
};

template <class Kernel>
void run_compute(benchmark::State& state, storage kind, Kernel kernel) {
  compute_case c(state.range(0));
  const loop_counters counters;
  for (auto _ : state) c.run(kind, kernel);
  counters.report(state, matrix_bytes(state.range(0)));
}

struct colwise_sum {
  template <class M>
  void operator()(const M& a, const Eigen::VectorXd&, Eigen::VectorXd&,
                  Eigen::RowVectorXd& sums) const {
    sums.noalias() = a.colwise().sum();
  }
};

struct gemv {
  template <class M>
  void operator()(const M& a, const Eigen::VectorXd& x, Eigen::VectorXd& y,
                  Eigen::RowVectorXd&) const {
    y.noalias() = a * x;
  }
};

void BM_colwise_sum_owning(benchmark::State& s) { run_compute(s, storage::owning, colwise_sum{}); }
void BM_colwise_sum_tight_map(benchmark::State& s) {
  run_compute(s, storage::tight_map, colwise_sum{});
}
void BM_colwise_sum_strided_map(benchmark::State& s) {
  run_compute(s, storage::strided_map, colwise_sum{});
}
void BM_gemv_owning(benchmark::State& s) { run_compute(s, storage::owning, gemv{}); }
void BM_gemv_tight_map(benchmark::State& s) { run_compute(s, storage::tight_map, gemv{}); }
void BM_gemv_strided_map(benchmark::State& s) { run_compute(s, storage::strided_map, gemv{}); }

BENCHMARK(BM_colwise_sum_owning)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_colwise_sum_tight_map)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_colwise_sum_strided_map)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_gemv_owning)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_gemv_tight_map)->Arg(4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_gemv_strided_map)->Arg(4096)->Unit(benchmark::kMicrosecond);

// ---- 3. paired: the three storages in one loop ------------------------------
//
// The separate benchmarks above run minutes apart on a shared machine, so
// load drifts between them.  Here every iteration runs the kernel on all
// three storages, rotating the order, and times each with this thread's CPU
// clock; the counters are the ratios, which is what the 5% claim is about:
//   tight_vs_owning   = CPU time on the tight map / on the owning matrix
//   strided_vs_owning = CPU time on the dynamic-stride map / on the matrix

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class Kernel>
void run_paired(benchmark::State& state, Kernel kernel) {
  compute_case c(state.range(0));
  std::array<double, 3> total{};  // seconds of thread CPU time per storage
  std::size_t round = 0;
  for (auto _ : state) {
    double iteration = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      const std::size_t which = (round + k) % 3;
      const double start = thread_cpu_seconds();
      c.run(static_cast<storage>(which), kernel);  // owning, tight_map, strided_map
      const double elapsed = thread_cpu_seconds() - start;
      total[which] += elapsed;
      iteration += elapsed;
    }
    ++round;
    state.SetIterationTime(iteration);
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["owning_us"] = total[0] / iterations * 1e6;
  state.counters["tight_us"] = total[1] / iterations * 1e6;
  state.counters["strided_us"] = total[2] / iterations * 1e6;
  state.counters["tight_vs_owning"] = total[1] / total[0];
  state.counters["strided_vs_owning"] = total[2] / total[0];
}

void BM_paired_colwise_sum(benchmark::State& s) { run_paired(s, colwise_sum{}); }
void BM_paired_gemv(benchmark::State& s) { run_paired(s, gemv{}); }
BENCHMARK(BM_paired_colwise_sum)
    ->Arg(256)
    ->Arg(1024)
    ->Arg(4096)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_paired_gemv)
    ->Arg(256)
    ->Arg(1024)
    ->Arg(4096)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
