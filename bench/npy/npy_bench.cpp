// Loading and summing a large '<f8' .npy file, side by side:
//   npy_load_sum          zc::npy::load (the file mapped, no copy), sum the view
//   npy_load_into_sum     zc::npy::load_into a preallocated std::vector, sum it
//   vector_read_sum       what code does today: parse the header by hand,
//                         std::vector<double> of the payload size, ifstream::read
//                         into it, sum
// The file is written once before any benchmark runs (not timed) and is in
// the page cache for all three, so they compare the same thing: getting the
// bytes from the page cache to the summing loop.
//
// Counters per iteration, measured at the peak (after the sum, before the
// memory is released), from /proc/self/status:
//   extra_anon_MiB   growth of private, anonymous memory (RssAnon): the
//                    copy a path makes
//   extra_file_MiB   growth of mapped file pages (RssFile): page-cache pages
//                    shared with the kernel, reclaimable, no copy
//   bytes_per_second payload bytes summed per second
//
//   npy_bench [--npy_mib=N] [benchmark flags]   (N MiB of payload, default 256)
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>
#include <zc/npy.hpp>

namespace {

std::filesystem::path g_path;
std::int64_t g_count = 0;  // doubles in the file

struct rss {
  std::int64_t anon = 0;  // bytes
  std::int64_t file = 0;  // bytes
};

rss rss_now() {
  std::ifstream status("/proc/self/status");
  rss r;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("RssAnon:", 0) == 0) r.anon = std::atoll(line.c_str() + 8) * 1024;
    if (line.rfind("RssFile:", 0) == 0) r.file = std::atoll(line.c_str() + 8) * 1024;
  }
  return r;
}

double mib(std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Sums in four lanes so the loop is bound by memory, not by the add latency.
double sum(const double* p, std::int64_t n) {
  double s[4] = {0, 0, 0, 0};
  std::int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s[0] += p[i];
    s[1] += p[i + 1];
    s[2] += p[i + 2];
    s[3] += p[i + 3];
  }
  for (; i < n; ++i) s[0] += p[i];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

void report(benchmark::State& state, const rss& before, const rss& peak) {
  state.counters["extra_anon_MiB"] = mib(peak.anon - before.anon);
  state.counters["extra_file_MiB"] = mib(peak.file - before.file);
  state.SetBytesProcessed(state.iterations() * g_count * 8);
}

void npy_load_sum(benchmark::State& state) {
  rss before;
  rss peak;
  for (auto _ : state) {
    before = rss_now();
    const zc::buffer_view v = zc::npy::load(g_path);
    benchmark::DoNotOptimize(sum(static_cast<const double*>(v.data()), g_count));
    state.PauseTiming();
    peak = rss_now();
    state.ResumeTiming();
  }
  report(state, before, peak);
}

void npy_load_into_sum(benchmark::State& state) {
  rss before;
  rss peak;
  for (auto _ : state) {
    before = rss_now();
    std::vector<double> values(static_cast<std::size_t>(g_count));
    zc::npy::load_into(g_path, zc::view(values));
    benchmark::DoNotOptimize(sum(values.data(), g_count));
    state.PauseTiming();
    peak = rss_now();
    state.ResumeTiming();
  }
  report(state, before, peak);
}

// The hand-written reader many projects carry: magic, version, header length,
// skip the dict (trusting it), read the payload.
void vector_read_sum(benchmark::State& state) {
  rss before;
  rss peak;
  for (auto _ : state) {
    before = rss_now();
    std::ifstream in(g_path, std::ios::binary);
    char prefix[10];
    in.read(prefix, 10);
    const auto header_length = static_cast<std::size_t>(static_cast<unsigned char>(prefix[8]) |
                                                        static_cast<unsigned char>(prefix[9]) << 8);
    in.seekg(static_cast<std::streamoff>(10 + header_length));
    std::vector<double> values(static_cast<std::size_t>(g_count));
    in.read(reinterpret_cast<char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(double)));
    if (!in) state.SkipWithError("short read");
    benchmark::DoNotOptimize(sum(values.data(), g_count));
    state.PauseTiming();
    peak = rss_now();
    state.ResumeTiming();
  }
  report(state, before, peak);
}

// The file, written once through a mapping (zc::npy::create), then unmapped;
// its pages stay in the page cache.
void make_file(std::int64_t mib_payload) {
  g_count = mib_payload * 1024 * 1024 / 8;
  g_path = std::filesystem::temp_directory_path() /
           ("zc_npy_bench_" + std::to_string(::getpid()) + ".npy");
  const zc::buffer_view v = zc::npy::create(g_path, zc::dtype_of<double>(), {g_count});
  auto* p = static_cast<double*>(v.mutable_data());
  for (std::int64_t i = 0; i < g_count; ++i) p[i] = static_cast<double>(i % 1000);
}

}  // namespace

BENCHMARK(npy_load_sum)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(npy_load_into_sum)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(vector_read_sum)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  std::int64_t mib_payload = 256;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--npy_mib=", 10) == 0) {
      mib_payload = std::atoll(argv[i] + 10);
      if (mib_payload < 1) {
        std::fprintf(stderr, "npy_bench: --npy_mib needs a positive number of MiB\n");
        return 2;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) return 1;
  make_file(mib_payload);
  benchmark::AddCustomContext("npy_payload_MiB", std::to_string(mib_payload));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(g_path);
  return 0;
}
