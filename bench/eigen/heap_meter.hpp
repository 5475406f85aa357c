// Heap allocations made by the code between two points, for benchmark
// counters.
//
// Eigen allocates a MatrixXd with std::malloc, not operator new, so counting
// operator new would miss exactly the copies this benchmark is about.  This
// program therefore interposes malloc itself (heap_meter.cpp), which sees
// Eigen's buffers and, through libstdc++'s operator new, every C++
// allocation as well.  Under AddressSanitizer the interposition would fight
// ASan's own malloc, so it is compiled out and available() is false.
#pragma once

#include <cstdint>

namespace zc::bench {

struct heap_tally {
  std::uint64_t calls = 0;  // malloc calls
  std::uint64_t bytes = 0;  // bytes requested by them
};

/// True when malloc is counted in this build.
bool heap_counting_available() noexcept;

/// malloc calls and bytes since the program started (all threads).
heap_tally heap_so_far() noexcept;

/// Snapshot at construction; since() is what happened after it.
class heap_meter {
 public:
  heap_meter() noexcept : start_(heap_so_far()) {}
  [[nodiscard]] heap_tally since() const noexcept {
    const heap_tally now = heap_so_far();
    return {now.calls - start_.calls, now.bytes - start_.bytes};
  }

 private:
  heap_tally start_;
};

}  // namespace zc::bench
