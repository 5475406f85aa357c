#include "allocation_counter.hpp"

#include <cstdlib>
#include <new>

namespace {

// Per-thread totals since the thread started.  `largest` is the largest
// request since the innermost live counter reset it.
thread_local zc::test::allocation_stats totals;

void* counted_allocate(std::size_t size, std::size_t alignment) {
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
