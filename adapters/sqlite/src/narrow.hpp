// Checked narrowing for SQLite's int-sized lengths and offsets.
//
// SQLite's incremental blob API takes and returns `int` (bytes); our views
// measure in std::size_t.  Every crossing goes through these helpers so an
// over-long length is refused with both numbers, never truncated.
#pragma once

#include <climits>
#include <cstddef>
#include <string>

#include "zc/error.hpp"

namespace zc::sqlite::detail {

/// `n` as an int, or zc::error(overflow) naming `what`, `n` and INT_MAX.
inline int to_int(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw zc::error(zc::errc::overflow, std::string(what) + ": " + std::to_string(n) +
                                            " bytes do not fit SQLite's int (at most " +
                                            std::to_string(INT_MAX) + ")");
  }
  return static_cast<int>(n);
}

}  // namespace zc::sqlite::detail
