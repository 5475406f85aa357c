// zc::detail::odometer: the one strided walk of zcbridge (for_each_run,
// zc::copy, descriptor I/O, format-aware ==).  Internal.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "zc/dims.hpp"

namespace zc::detail {

/// Counts through the positions of up to max_rank axes in C order (the last
/// axis fastest), like a car's odometer.  It holds only the counter: the
/// caller keeps its pointers, and next() tells it how far to move them.
///
/// It steps only to a position that exists and rewinds from the last one, so
/// no pointer past the walked elements is ever formed (forming one is
/// undefined behaviour even if it is never read, and with huge strides it
/// wraps the address space).  The moves are products the view's validation
/// already proved free of overflow: stride x (extent - 1).
class odometer {
 public:
  /// Axes of the given extents (at most max_rank, each >= 1: an empty range
  /// has no position and must not be walked).
  explicit odometer(std::span<const std::int64_t> extents) noexcept : rank_(extents.size()) {
    for (std::size_t k = 0; k < rank_; ++k) extents_[k] = extents[k];
  }

  /// Advances to the next position.  For each axis that changes, calls
  /// `move(axis, steps)`: the caller moves its pointers by steps x its stride
  /// on that axis (steps is 1, or -(extent - 1) to rewind an axis that wrapped).
  /// Returns false after the last position (the pointers are back at the first).
  template <class Move>
  bool next(Move&& move) noexcept {
    std::size_t axis = rank_;
    while (axis > 0) {
      --axis;
      if (++counter_[axis] < extents_[axis]) {
        move(axis, std::int64_t{1});
        return true;
      }
      move(axis, -(extents_[axis] - 1));
      counter_[axis] = 0;
    }
    return false;
  }

 private:
  std::size_t rank_;
  std::array<std::int64_t, max_rank> extents_{};
  std::array<std::int64_t, max_rank> counter_{};
};

}  // namespace zc::detail
