// Counts heap allocations made through the global operator new family on
// the current thread.  The test binary's operator new/delete are replaced
// (allocation_counter.cpp), so every `new`, std::vector growth,
// std::string beyond its small buffer and make_shared is seen.  C-level
// malloc (libpng, SQLite) is not: those tests hook the library's own
// allocator (png_create_read_struct_2, SQLITE_CONFIG_MALLOC) instead.
#pragma once

#include <cstddef>

namespace zc::test {

struct allocation_stats {
  std::size_t count = 0;    // operator new calls
  std::size_t bytes = 0;    // bytes requested in all
  std::size_t largest = 0;  // largest single request, bytes
};

/// Counts this thread's allocations from construction on.
class allocation_counter {
 public:
  allocation_counter() noexcept;
  allocation_counter(const allocation_counter&) = delete;
  allocation_counter& operator=(const allocation_counter&) = delete;
  ~allocation_counter();

  /// Allocations since construction (or the last reset()).
  [[nodiscard]] allocation_stats stats() const noexcept;
  [[nodiscard]] std::size_t count() const noexcept { return stats().count; }
  [[nodiscard]] std::size_t bytes() const noexcept { return stats().bytes; }
  [[nodiscard]] std::size_t largest() const noexcept { return stats().largest; }
  void reset() noexcept;

 private:
  allocation_stats start_;
  std::size_t saved_largest_;
};

}  // namespace zc::test
