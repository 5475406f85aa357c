#include "allocation_counter.hpp"

#include <cstdlib>
#include <new>

#include "allocation_fault.hpp"

namespace {

// Per-thread totals since the thread started.  `largest` is the largest
// request since the innermost live counter reset it.
thread_local zc::test::allocation_stats totals;

// The fault injector (allocation_fault.hpp): calls left before the armed
// failure (0: disarmed), and whether it fired.
thread_local std::size_t calls_before_failure = 0;
thread_local bool failure_fired = false;

void* counted_allocate(std::size_t size, std::size_t alignment) {
  if (calls_before_failure != 0 && --calls_before_failure == 0) {
    failure_fired = true;
    return nullptr;  // the throwing forms turn this into std::bad_alloc
  }
  ++totals.count;
  totals.bytes += size;
  if (size > totals.largest) totals.largest = size;
  if (size == 0) size = 1;
  void* p = nullptr;
  if (alignment > alignof(std::max_align_t)) {
    const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
    p = std::aligned_alloc(alignment, rounded);
  } else {
    p = std::malloc(size);
  }
  return p;
}

}  // namespace

namespace zc::test {

allocation_counter::allocation_counter() noexcept : start_(totals), saved_largest_(totals.largest) {
  totals.largest = 0;
}

allocation_counter::~allocation_counter() {
  if (saved_largest_ > totals.largest) totals.largest = saved_largest_;
}

allocation_stats allocation_counter::stats() const noexcept {
  return {totals.count - start_.count, totals.bytes - start_.bytes, totals.largest};
}

void allocation_counter::reset() noexcept {
  start_ = totals;
  totals.largest = 0;
}

void fail_nth_allocation(std::size_t n) noexcept {
  calls_before_failure = n;
  failure_fired = false;
}

bool allocation_failure_fired() noexcept { return failure_fired; }

}  // namespace zc::test

// ---- the replaced global allocation functions -------------------------------

void* operator new(std::size_t size) {
  if (void* p = counted_allocate(size, 0)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_allocate(size, 0)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocate(size, 0);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocate(size, 0);
}
void* operator new(std::size_t size, std::align_val_t al) {
  if (void* p = counted_allocate(size, static_cast<std::size_t>(al))) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t al) {
  if (void* p = counted_allocate(size, static_cast<std::size_t>(al))) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_allocate(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return counted_allocate(size, static_cast<std::size_t>(al));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
