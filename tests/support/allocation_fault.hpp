// Out-of-memory injection for operator new: the Nth call of the global
// operator new family on this thread (counted from arming) fails as if the
// heap were exhausted (std::bad_alloc, or nullptr for the nothrow forms).
// The replaced operator new lives in allocation_counter.cpp; this is its
// failure switch.  Thread-local, so gtest's own allocations on other
// threads are untouched; arm it right around the call under test.
#pragma once

#include <cstddef>

namespace zc::test {

/// Arms the injector: the `n`th operator new from now fails (n >= 1);
/// n == 0 disarms it.  Re-arming resets the count and the fired flag.
void fail_nth_allocation(std::size_t n) noexcept;

/// Whether the armed failure has happened (since the last arming).
[[nodiscard]] bool allocation_failure_fired() noexcept;

}  // namespace zc::test
