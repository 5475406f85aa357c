// Force-included before every Eigen test source (see CMakeLists.txt), so all
// translation units agree on Eigen's configuration:
//  - EIGEN_RUNTIME_NO_MALLOC lets a test forbid Eigen's heap allocations
//    (Eigen allocates with std::malloc, which zc::test::allocation_counter
//    does not see): Eigen::internal::set_is_malloc_allowed(false).
//  - eigen_assert throws instead of aborting, in every build type, so a
//    forbidden allocation or a violated Eigen precondition (e.g. a Map built
//    with wrong extents) is a test failure the test can observe.
#pragma once

#include <stdexcept>

namespace zc::test {
/// Thrown by eigen_assert in the Eigen tests; what() is the failed condition.
struct eigen_assertion : std::logic_error {
  using std::logic_error::logic_error;
};
}  // namespace zc::test

#define EIGEN_RUNTIME_NO_MALLOC
// An expression, like assert(): Eigen uses it in comma expressions too.
#define eigen_assert(x) \
  (static_cast<bool>(x) ? static_cast<void>(0) : throw ::zc::test::eigen_assertion(#x))
