// The replaced operator new/delete, the malloc interposition and the metered
// C allocator behind heap_meter.hpp.
#include "heap_meter.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>  // defines __GLIBC__
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define ZC_BENCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZC_BENCH_SANITIZED 1
#endif
#endif

namespace {

// Relaxed atomics: the counts are read between timed loops, not used to
// order anything.
std::atomic<std::uint64_t> new_calls{0};
std::atomic<std::uint64_t> new_bytes{0};
std::atomic<std::size_t> largest_new{0};  // since the last heap_meter
std::atomic<std::uint64_t> malloc_calls{0};
std::atomic<std::uint64_t> malloc_bytes{0};
std::atomic<std::size_t> in_use{0};  // usable bytes
std::atomic<std::size_t> peak{0};    // since the last heap_meter

void raise_to(std::atomic<std::size_t>& mark, std::size_t value) noexcept {
  std::size_t seen = mark.load(std::memory_order_relaxed);
  while (value > seen && !mark.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

void note_alloc(void* p) noexcept {
  if (p == nullptr) return;
  const std::size_t now =
      in_use.fetch_add(malloc_usable_size(p), std::memory_order_relaxed) + malloc_usable_size(p);
  raise_to(peak, now);
}

void note_free(void* p) noexcept {
  if (p != nullptr) in_use.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
}

}  // namespace

#if !defined(ZC_BENCH_SANITIZED) && defined(__GLIBC__)
// Forwarding to glibc's own entry point keeps the blocks glibc's, so its
// free, realloc and malloc_usable_size work on them unchanged.
extern "C" void* __libc_malloc(std::size_t n);

extern "C" void* malloc(std::size_t n) {
  malloc_calls.fetch_add(1, std::memory_order_relaxed);
  malloc_bytes.fetch_add(n, std::memory_order_relaxed);
  return __libc_malloc(n);
}
#define ZC_BENCH_MALLOC_COUNTED 1
#endif

namespace zc::bench {

bool malloc_counted() noexcept {
#if defined(ZC_BENCH_MALLOC_COUNTED)
  return true;
#else
  return false;
#endif
}

std::size_t heap_in_use() noexcept { return in_use.load(std::memory_order_relaxed); }

heap_meter::heap_meter() noexcept
    : new_calls_(new_calls.load(std::memory_order_relaxed)),
      new_bytes_(new_bytes.load(std::memory_order_relaxed)),
      malloc_calls_(malloc_calls.load(std::memory_order_relaxed)),
      malloc_bytes_(malloc_bytes.load(std::memory_order_relaxed)),
      in_use_(in_use.load(std::memory_order_relaxed)) {
  largest_new.store(0, std::memory_order_relaxed);
  peak.store(in_use_, std::memory_order_relaxed);
}

heap_reading heap_meter::reading() const noexcept {
  return {new_calls.load(std::memory_order_relaxed) - new_calls_,
          new_bytes.load(std::memory_order_relaxed) - new_bytes_,
          largest_new.load(std::memory_order_relaxed),
          malloc_calls.load(std::memory_order_relaxed) - malloc_calls_,
          malloc_bytes.load(std::memory_order_relaxed) - malloc_bytes_,
          peak.load(std::memory_order_relaxed) - in_use_};
}

void* meter_malloc(std::size_t size) noexcept {
  void* p = std::malloc(size);
  note_alloc(p);
  return p;
}

void* meter_realloc(void* p, std::size_t size) noexcept {
  note_free(p);
  void* q = std::realloc(p, size);
  if (q == nullptr && p != nullptr) {
    note_alloc(p);  // realloc failed: p is still ours
    return nullptr;
  }
  note_alloc(q);
  return q;
}

void* meter_calloc(std::size_t count, std::size_t size) noexcept {
  void* p = std::calloc(count, size);
  note_alloc(p);
  return p;
}

void meter_free(void* p) noexcept {
  note_free(p);
  std::free(p);
}

}  // namespace zc::bench

// ---- the replaced global operator new/delete --------------------------------
// libstdc++'s nothrow forms call these; the aligned forms keep their default
// (aligned_alloc/free), which no benchmark uses.

void* operator new(std::size_t size) {
  new_calls.fetch_add(1, std::memory_order_relaxed);
  new_bytes.fetch_add(size, std::memory_order_relaxed);
  raise_to(largest_new, size);
  if (void* p = zc::bench::meter_malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { zc::bench::meter_free(p); }
void operator delete[](void* p) noexcept { zc::bench::meter_free(p); }
void operator delete(void* p, std::size_t) noexcept { zc::bench::meter_free(p); }
void operator delete[](void* p, std::size_t) noexcept { zc::bench::meter_free(p); }
