// Counts what this process asks of the global operator new (the benchmark
// replaces it in heap_tally.cpp): bytes requested and the largest request.
// SQLite's own heap is measured separately with sqlite3_memory_highwater.
#pragma once

#include <cstddef>

namespace zc::bench {

struct heap_tally {
  std::size_t bytes = 0;    // requested since reset, in all
  std::size_t largest = 0;  // largest single request since reset
};

/// The tally since the last reset_heap_tally().
heap_tally current_heap_tally() noexcept;
void reset_heap_tally() noexcept;

}  // namespace zc::bench
