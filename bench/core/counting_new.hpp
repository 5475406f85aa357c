// Counts calls of the global operator new in this benchmark program: the
// program replaces operator new/delete (counting_new.cpp), so every C++ heap
// allocation (std::vector, std::string beyond its small buffer, make_shared)
// is seen, on every thread.  Core itself never calls malloc directly.
#pragma once

#include <cstdint>

namespace zc::bench {

/// operator new calls since the program started (all threads).
std::uint64_t operator_new_calls() noexcept;

}  // namespace zc::bench
