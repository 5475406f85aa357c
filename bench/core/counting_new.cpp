// Replacement global operator new/delete that count calls and forward to
// malloc/free.  libstdc++'s array and nothrow forms call these, so they are
// counted too; the aligned forms keep their default (aligned_alloc/free),
// which core never uses.
#include "counting_new.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::uint64_t> g_calls{0};
}  // namespace

void* operator new(std::size_t n) {
  g_calls.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace zc::bench {

std::uint64_t operator_new_calls() noexcept { return g_calls.load(std::memory_order_relaxed); }

}  // namespace zc::bench
