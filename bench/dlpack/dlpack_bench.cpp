// zc::dlpack benchmarks.
//
// A square float64 matrix of n x n elements (n = 64 .. 4096) handed to a
// consumer and back:
//  - round_trip: to_dlpack(v), then from_dlpack(t) and the view dropped (the
//    deleter runs): constant time whatever n, one small allocation each way;
//  - export_only / import_only: the two halves (import_only hands over a
//    producer-made tensor whose deleter does nothing);
//  - copy: what a bridge without DLPack does, copying the elements into a
//    new buffer of the consumer's (zc::copy into a fresh std::vector):
//    linear in n^2.
// Counters per iteration: copied_bytes from zc::bytes_copied(), allocs =
// operator new calls (bench/support/heap_meter.hpp).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>
#include <zc/buffer_view.hpp>
#include <zc/copy_stats.hpp>
#include <zc/dlpack.hpp>

#include "heap_meter.hpp"

namespace {

std::int64_t matrix_bytes(std::int64_t n) {
  return n * n * static_cast<std::int64_t>(sizeof(double));
}

// Where the timed loop started: bytes copied and the heap.
struct loop_start {
  std::uint64_t copied = zc::bytes_copied();
  zc::bench::heap_meter heap;
};

void report(benchmark::State& state, const loop_start& start) {
  const auto n = static_cast<double>(state.iterations());
  state.counters["copied_bytes"] = static_cast<double>(zc::bytes_copied() - start.copied) / n;
  state.counters["allocs"] = static_cast<double>(start.heap.reading().new_calls) / n;
  state.SetBytesProcessed(state.iterations() * matrix_bytes(state.range(0)));
}

void BM_round_trip(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::vector<double> values(static_cast<std::size_t>(n * n), 1.0);
  const zc::buffer_view v = zc::view(values.data(), {n, n});
  const loop_start start;
  for (auto _ : state) {
    const zc::buffer_view back = zc::dlpack::from_dlpack(zc::dlpack::to_dlpack(v));
    benchmark::DoNotOptimize(back.data());
  }
  report(state, start);
}

void BM_export_only(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::vector<double> values(static_cast<std::size_t>(n * n), 1.0);
  const zc::buffer_view v = zc::view(values.data(), {n, n});
  const loop_start start;
  for (auto _ : state) {
    DLManagedTensor* t = zc::dlpack::to_dlpack(v);
    benchmark::DoNotOptimize(t->dl_tensor.data);
    t->deleter(t);
  }
  report(state, start);
}

void BM_import_only(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::vector<double> values(static_cast<std::size_t>(n * n), 1.0);
  std::int64_t shape[2] = {n, n};
  DLManagedTensor producer{};
  producer.dl_tensor.data = values.data();
  producer.dl_tensor.device = DLDevice{kDLCPU, 0};
  producer.dl_tensor.ndim = 2;
  producer.dl_tensor.dtype = DLDataType{kDLFloat, 64, 1};
  producer.dl_tensor.shape = shape;
  producer.deleter = [](DLManagedTensor*) {};
  const loop_start start;
  for (auto _ : state) {
    const zc::buffer_view v = zc::dlpack::from_dlpack(&producer);
    benchmark::DoNotOptimize(v.data());
  }
  report(state, start);
}

void BM_copy(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::vector<double> values(static_cast<std::size_t>(n * n), 1.0);
  const zc::buffer_view v = zc::view(values.data(), {n, n});
  const loop_start start;
  for (auto _ : state) {
    std::vector<double> consumer(values.size());
    zc::copy(v, zc::view(consumer.data(), {n, n}));
    benchmark::DoNotOptimize(consumer.data());
  }
  report(state, start);
}

}  // namespace

BENCHMARK(BM_round_trip)->RangeMultiplier(4)->Range(64, 4096);
BENCHMARK(BM_export_only)->RangeMultiplier(4)->Range(64, 4096);
BENCHMARK(BM_import_only)->RangeMultiplier(4)->Range(64, 4096);
BENCHMARK(BM_copy)->RangeMultiplier(4)->Range(64, 4096);
BENCHMARK_MAIN();
