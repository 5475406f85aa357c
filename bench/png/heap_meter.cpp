#include "heap_meter.hpp"

#include <malloc.h>

#include <cstdlib>
#include <new>

namespace bench {
namespace {
// Benchmarks run on one thread; plain counters suffice.
std::size_t now_bytes = 0;
std::size_t peak_bytes = 0;

void note_alloc(void* p) noexcept {
  if (p == nullptr) return;
  now_bytes += malloc_usable_size(p);
  if (now_bytes > peak_bytes) peak_bytes = now_bytes;
}
void note_free(void* p) noexcept {
  if (p != nullptr) now_bytes -= malloc_usable_size(p);
}
}  // namespace

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

std::size_t heap_now() noexcept { return now_bytes; }
std::size_t heap_peak() noexcept { return peak_bytes; }
void reset_peak() noexcept { peak_bytes = now_bytes; }

}  // namespace bench

void* operator new(std::size_t size) {
  void* p = bench::meter_malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { bench::meter_free(p); }
void operator delete[](void* p) noexcept { bench::meter_free(p); }
void operator delete(void* p, std::size_t) noexcept { bench::meter_free(p); }
void operator delete[](void* p, std::size_t) noexcept { bench::meter_free(p); }
