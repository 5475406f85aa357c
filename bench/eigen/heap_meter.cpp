// Counts malloc calls by interposing malloc in this executable and
// forwarding to glibc's __libc_malloc (same allocator, so glibc's free,
// realloc and malloc_usable_size keep working on the blocks).
#include "heap_meter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdlib>  // defines __GLIBC__

#if defined(__SANITIZE_ADDRESS__)
#define ZC_BENCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZC_BENCH_SANITIZED 1
#endif
#endif

namespace {
std::atomic<std::uint64_t> g_calls{0};
std::atomic<std::uint64_t> g_bytes{0};
}  // namespace

#if !defined(ZC_BENCH_SANITIZED) && defined(__GLIBC__)
extern "C" void* __libc_malloc(std::size_t n);

extern "C" void* malloc(std::size_t n) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  return __libc_malloc(n);
}
#define ZC_BENCH_COUNTING 1
#endif

namespace zc::bench {

bool heap_counting_available() noexcept {
#if defined(ZC_BENCH_COUNTING)
  return true;
#else
  return false;
#endif
}

heap_tally heap_so_far() noexcept {
  return {g_calls.load(std::memory_order_relaxed), g_bytes.load(std::memory_order_relaxed)};
}

}  // namespace zc::bench
