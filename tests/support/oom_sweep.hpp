// The out-of-memory sweep: run one call once per allocation it makes, with
// that allocation failing, and check each run ends well.
//
// "Ends well" (issue 11): the call returns normally or throws zc::error;
// nothing else escapes (std::bad_alloc only where the sweep allows it, see
// allow_bad_alloc); and the caller's `check` finds the destination
// unchanged or complete.  Leaks are the sanitizer build's to find (LSan at
// exit): every sweep also runs under ZC_SANITIZE=ON.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <zc/error.hpp>

#include "allocation_fault.hpp"

namespace zc::test {

enum class oom_outcome { success, zc_error, bad_alloc };

/// How the runs of one sweep ended.
struct oom_sweep_report {
  std::size_t points = 0;  ///< allocations made to fail (runs whose failure fired)
  std::size_t zc_errors = 0;
  std::size_t bad_allocs = 0;  ///< runs that ended in std::bad_alloc
  std::size_t survived = 0;    ///< runs that succeeded although an allocation failed
};

/// Fails the Nth global operator new of this thread (allocation_fault.hpp).
struct operator_new_fault {
  static constexpr const char* name = "operator new";
  void arm(std::size_t n) const noexcept { fail_nth_allocation(n); }
  /// Disarms; returns whether the armed failure fired.
  bool disarm() const noexcept {
    const bool fired = allocation_failure_fired();
    fail_nth_allocation(0);
    return fired;
  }
};

/// For n = 1, 2, ...: `prepare()` sets the scene (outside the injection),
/// `fault.arm(n)` makes the call's nth allocation fail, `call()` runs the
/// path under test, `fault.disarm()` says whether the failure fired, and
/// `check(outcome)` verifies the result (unchanged or complete).  The sweep
/// ends at the first n the call never reaches: that run injected nothing
/// and must succeed.  std::bad_alloc is an accepted ending only when
/// `allow_bad_alloc` (operator new failing: the C++ out-of-memory error,
/// which building any zc::error message can raise as well).
template <class Fault, class Prepare, class Call, class Check>
oom_sweep_report sweep_allocation_failures(const Fault& fault, Prepare&& prepare, Call&& call,
                                           Check&& check, bool allow_bad_alloc,
                                           std::size_t max_points = 100000) {
  oom_sweep_report report;
  const bool failed_before = ::testing::Test::HasFailure();
  for (std::size_t n = 1; n <= max_points; ++n) {
    prepare();
    oom_outcome outcome = oom_outcome::success;
    std::string escaped;  // another exception's what(), if one escaped
    fault.arm(n);
    try {
      call();
    } catch (const zc::error&) {
      outcome = oom_outcome::zc_error;
    } catch (const std::bad_alloc&) {
      outcome = oom_outcome::bad_alloc;
    } catch (const std::exception& e) {
      escaped = e.what();
    } catch (...) {
      escaped = "(not a std::exception)";
    }
    const bool fired = fault.disarm();
    if (!escaped.empty()) {
      ADD_FAILURE() << Fault::name << " failure " << n << ": escaped: " << escaped;
      return report;
    }
    if (!fired) {
      EXPECT_EQ(outcome, oom_outcome::success)
          << "with no failure injected (" << n - 1 << " allocations) the call must succeed";
      check(outcome);
      return report;
    }
    ++report.points;
    if (outcome == oom_outcome::zc_error) ++report.zc_errors;
    if (outcome == oom_outcome::success) ++report.survived;
    if (outcome == oom_outcome::bad_alloc) {
      ++report.bad_allocs;
      if (!allow_bad_alloc) {
        ADD_FAILURE() << Fault::name << " failure " << n << ": std::bad_alloc escaped";
        return report;
      }
    }
    check(outcome);
    if (!failed_before && ::testing::Test::HasFailure()) {
      ADD_FAILURE() << "(at " << Fault::name << " failure " << n << ")";
      return report;
    }
  }
  ADD_FAILURE() << "the call still allocates after " << max_points << " failures";
  return report;
}

/// One line for the test log: how many points a path has and how they ended.
inline void print_sweep(const char* path, const char* fault, const oom_sweep_report& r) {
  std::printf(
      "[ oom sweep ] %s, failing %s: %zu points (%zu zc::error, %zu std::bad_alloc, %zu "
      "survived)\n",
      path, fault, r.points, r.zc_errors, r.bad_allocs, r.survived);
}

}  // namespace zc::test
