// Heap bytes in use by this process's benchmark thread: operator new/delete
// (replaced in heap_meter.cpp) plus the C libraries' allocators, which the
// benchmarks route through meter_malloc/meter_free.  Peak memory of a code
// path = peak() - the level before it started.  Sizes are malloc's usable
// sizes, in bytes.
#pragma once

#include <cstddef>

namespace bench {

void* meter_malloc(std::size_t size) noexcept;
void* meter_realloc(void* p, std::size_t size) noexcept;
void* meter_calloc(std::size_t count, std::size_t size) noexcept;
void meter_free(void* p) noexcept;

/// Bytes currently allocated / the most since the last reset_peak().
std::size_t heap_now() noexcept;
std::size_t heap_peak() noexcept;
void reset_peak() noexcept;

}  // namespace bench
