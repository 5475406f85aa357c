#include "heap_tally.hpp"

#include <cstdlib>
#include <new>

namespace {
// Single-threaded benchmark: plain globals.
std::size_t tally_bytes = 0;
std::size_t tally_largest = 0;
}  // namespace

namespace zc::bench {
heap_tally current_heap_tally() noexcept { return {tally_bytes, tally_largest}; }
void reset_heap_tally() noexcept {
  tally_bytes = 0;
  tally_largest = 0;
}
}  // namespace zc::bench

void* operator new(std::size_t n) {
  tally_bytes += n;
  if (n > tally_largest) tally_largest = n;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
