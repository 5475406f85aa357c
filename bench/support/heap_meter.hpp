// The benchmarks' one heap meter.  Every bench program links
// heap_meter.cpp (zc_add_bench does it), which replaces the global operator
// new/delete and, outside sanitizer builds on glibc, interposes malloc, so
// the meter sees:
//   - operator new: calls, bytes requested, the largest single request;
//   - malloc: calls and bytes requested by every malloc in the process
//     (Eigen allocates with std::malloc, not operator new; libstdc++'s
//     operator new also goes through it);
//   - bytes in use and their peak: the usable sizes (malloc_usable_size) of
//     the blocks held through operator new and through meter_malloc /
//     meter_realloc / meter_calloc / meter_free, the allocator a benchmark
//     hands to a C library (libpng's png_create_read_struct_2, libspng's
//     spng_alloc) so that library's heap is counted as well.
// Counts are process-wide (all threads).  The peak and the largest request
// are marks reset by each heap_meter: one meter at a time.  Bytes throughout.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zc::bench {

/// What the heap did since a heap_meter was made.
struct heap_reading {
  std::uint64_t new_calls = 0;     // operator new family calls
  std::uint64_t new_bytes = 0;     // bytes they requested
  std::size_t largest_new = 0;     // largest single operator new request
  std::uint64_t malloc_calls = 0;  // malloc calls (0 unless malloc_counted())
  std::uint64_t malloc_bytes = 0;  // bytes they requested
  std::size_t peak_extra = 0;      // peak bytes in use above the level at the start
};

/// True when malloc is interposed and counted in this build (not under
/// AddressSanitizer, whose own malloc the interposition would fight).
[[nodiscard]] bool malloc_counted() noexcept;

/// Bytes in use now through operator new and the meter_* allocator.
[[nodiscard]] std::size_t heap_in_use() noexcept;

/// Snapshot at construction (which also resets the peak and largest-request
/// marks); reading() is what happened after it.
class heap_meter {
 public:
  heap_meter() noexcept;
  [[nodiscard]] heap_reading reading() const noexcept;

 private:
  std::uint64_t new_calls_;
  std::uint64_t new_bytes_;
  std::uint64_t malloc_calls_;
  std::uint64_t malloc_bytes_;
  std::size_t in_use_;
};

// The metered C allocator, for C libraries' allocator hooks: std::malloc
// and friends, with the blocks counted in heap_in_use() and the peak.
void* meter_malloc(std::size_t size) noexcept;
void* meter_realloc(void* p, std::size_t size) noexcept;
void* meter_calloc(std::size_t count, std::size_t size) noexcept;
void meter_free(void* p) noexcept;

}  // namespace zc::bench
