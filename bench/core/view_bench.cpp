// Core benchmark: making a view, slicing it and casting it is flat in the
// buffer size (a few nanoseconds, no allocation, no byte copied), while the
// copying paths people write today grow with the bytes.
//
// Sizes: 1 KiB, 1 MiB, 1 GiB.  Each program run allocates one source buffer
// and one memcpy destination of the largest size, once (2 GiB at most), and
// the vector-copy path allocates its own copy per iteration, as users' code does.
//
// Counters (per iteration):
//   allocs        operator new calls (the bench programs replace operator new
//                 with a counting one; see bench/support/heap_meter.hpp)
//   copied_bytes  element bytes zcbridge itself copied (zc::bytes_copied())
//   bytes_per_second  the buffer size over the time: for views, the size
//                 they describe, to compare with the copies at equal size.
//
// JSON for the README:  view_bench --benchmark_out=core.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "heap_meter.hpp"
#include "zc/buffer_view.hpp"
#include "zc/copy_stats.hpp"

namespace {

constexpr std::int64_t kib = std::int64_t{1} << 10;
constexpr std::int64_t mib = std::int64_t{1} << 20;
constexpr std::int64_t gib = std::int64_t{1} << 30;

// One process-wide buffer of at least `n` bytes, touched once so page faults
// are not timed.  Grows (reallocates) only when a larger size is asked for.
class buffer_pool {
 public:
  std::uint8_t* get(std::size_t n) {
    if (n > size_) {
      data_.reset();  // free the old one first: never hold two large buffers
      data_ = std::make_unique_for_overwrite<std::uint8_t[]>(n);
      for (std::size_t i = 0; i < n; ++i) data_[i] = static_cast<std::uint8_t>(i * 131u);
      size_ = n;
    }
    return data_.get();
  }

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
};

buffer_pool& sources() {
  static buffer_pool pool;
  return pool;
}
buffer_pool& destinations() {
  static buffer_pool pool;
  return pool;
}

// Allocation and copy tallies over the timed loop, reported per iteration.
class tallies {
 public:
  tallies() noexcept : copied_(zc::bytes_copied()) {}
  void report(benchmark::State& state, std::int64_t bytes_per_iteration) const {
    const auto n = static_cast<double>(state.iterations());
    state.counters["allocs"] = static_cast<double>(heap_.reading().new_calls) / n;
    state.counters["copied_bytes"] = static_cast<double>(zc::bytes_copied() - copied_) / n;
    state.SetBytesProcessed(state.iterations() * bytes_per_iteration);
  }

 private:
  zc::bench::heap_meter heap_;
  std::uint64_t copied_;
};

// The zero-copy path: describe n raw bytes, drop an 8-byte header and
// trailer (slice), and reinterpret the rest as doubles (cast).
void BM_view_slice_cast_zero_copy(benchmark::State& state) {
  const auto n = state.range(0);
  std::uint8_t* bytes = sources().get(static_cast<std::size_t>(n));
  const tallies t;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bytes);
    const zc::buffer_view v = zc::view(bytes, zc::dims{n});
    const zc::buffer_view body = v.slice(0, 8, n - 8);
    const zc::buffer_view doubles = body.cast(zc::dtype_of<double>());
    benchmark::DoNotOptimize(doubles.data());
    benchmark::DoNotOptimize(doubles.size());
  }
  t.report(state, n);
}
BENCHMARK(BM_view_slice_cast_zero_copy)->ArgName("bytes")->Arg(kib)->Arg(mib)->Arg(gib);

// The same three steps one at a time (1 MiB; the cost does not depend on size).
void BM_view_create_zero_copy(benchmark::State& state) {
  const auto n = state.range(0);
  std::uint8_t* bytes = sources().get(static_cast<std::size_t>(n));
  const tallies t;
  for (auto _ : state) {
    benchmark::DoNotOptimize(bytes);
    const zc::buffer_view v = zc::view(bytes, zc::dims{n});
    benchmark::DoNotOptimize(v.data());
  }
  t.report(state, n);
}
BENCHMARK(BM_view_create_zero_copy)->ArgName("bytes")->Arg(mib);

void BM_view_slice_zero_copy(benchmark::State& state) {
  const auto n = state.range(0);
  zc::buffer_view v = zc::view(sources().get(static_cast<std::size_t>(n)), zc::dims{n});
  const tallies t;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    const zc::buffer_view body = v.slice(0, 8, n - 8);
    benchmark::DoNotOptimize(body.data());
  }
  t.report(state, n);
}
BENCHMARK(BM_view_slice_zero_copy)->ArgName("bytes")->Arg(mib);

void BM_view_cast_zero_copy(benchmark::State& state) {
  const auto n = state.range(0);
  zc::buffer_view v = zc::view(sources().get(static_cast<std::size_t>(n)), zc::dims{n});
  const tallies t;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    const zc::buffer_view doubles = v.cast(zc::dtype_of<double>());
    benchmark::DoNotOptimize(doubles.data());
  }
  t.report(state, n);
}
BENCHMARK(BM_view_cast_zero_copy)->ArgName("bytes")->Arg(mib);

// N-d operations are as cheap: a 2-d view of doubles, transposed, every
// other row, flipped, one column selected.
void BM_view_nd_ops_zero_copy(benchmark::State& state) {
  const auto n = state.range(0);
  const std::int64_t cols = 64;
  const std::int64_t rows = n / 8 / cols;
  auto* values = reinterpret_cast<double*>(sources().get(static_cast<std::size_t>(n)));
  const tallies t;
  for (auto _ : state) {
    benchmark::DoNotOptimize(values);
    const zc::buffer_view m = zc::view(values, zc::dims{rows, cols});
    const zc::buffer_view w =
        m.slice(0, std::nullopt, std::nullopt, 2).transpose().flip(1).select(0, 3);
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(w.size());
  }
  t.report(state, n);
}
BENCHMARK(BM_view_nd_ops_zero_copy)->ArgName("bytes")->Arg(kib)->Arg(mib)->Arg(gib);

// The copy baseline: memcpy of the same bytes into a preallocated buffer.
void BM_memcpy_copy(benchmark::State& state) {
  const auto n = state.range(0);
  const std::uint8_t* src = sources().get(static_cast<std::size_t>(n));
  std::uint8_t* dst = destinations().get(static_cast<std::size_t>(n));
  const tallies t;
  for (auto _ : state) {
    std::memcpy(dst, src, static_cast<std::size_t>(n));
    benchmark::ClobberMemory();
  }
  t.report(state, n);
}
BENCHMARK(BM_memcpy_copy)
    ->ArgName("bytes")
    ->Arg(kib)
    ->Arg(mib)
    ->Arg(gib)
    ->Unit(benchmark::kMicrosecond);

// What code without views writes today: copy the body into a fresh
// std::vector<double> (an allocation and a copy per message).
void BM_vector_copy(benchmark::State& state) {
  const auto n = state.range(0);
  const std::uint8_t* src = sources().get(static_cast<std::size_t>(n));
  const auto body = static_cast<std::size_t>(n - 16);
  const tallies t;
  for (auto _ : state) {
    std::vector<double> doubles(body / sizeof(double));
    std::memcpy(doubles.data(), src + 8, body);
    benchmark::DoNotOptimize(doubles.data());
    benchmark::ClobberMemory();
  }
  t.report(state, n);
}
BENCHMARK(BM_vector_copy)
    ->ArgName("bytes")
    ->Arg(kib)
    ->Arg(mib)
    ->Arg(gib)
    ->Unit(benchmark::kMicrosecond);

// zcbridge's own explicit copy of a strided view (every other double) into a
// contiguous destination: the cost when a copy really is wanted.
void BM_zc_copy_strided(benchmark::State& state) {
  const auto n = state.range(0);
  auto* src = reinterpret_cast<double*>(sources().get(static_cast<std::size_t>(n)));
  auto* dst = reinterpret_cast<double*>(destinations().get(static_cast<std::size_t>(n)));
  const std::int64_t count = n / 8 / 2;
  const zc::buffer_view from = zc::view(src, zc::dims{count}, zc::dims{16});
  const zc::buffer_view to = zc::view(dst, zc::dims{count});
  const tallies t;
  for (auto _ : state) {
    zc::copy(from, to);
    benchmark::ClobberMemory();
  }
  t.report(state, count * 8);
}
BENCHMARK(BM_zc_copy_strided)->ArgName("bytes")->Arg(kib)->Arg(mib)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
