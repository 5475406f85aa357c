#include "zc/copy_stats.hpp"

#include <atomic>

namespace zc {
namespace {
std::atomic<std::uint64_t> copied{0};  // bytes, since process start
}  // namespace

std::uint64_t bytes_copied() noexcept { return copied.load(std::memory_order_relaxed); }

void detail::count_copied(std::uint64_t n) noexcept {
  copied.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace zc
