// Walking a view in C order in pieces of bounded size, so an array of any
// layout streams to or from a file through a small buffer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "zc/buffer_view.hpp"

namespace zc::npy::detail {

/// Bytes of the one staging buffer reading or writing a non-contiguous
/// layout uses (a small buffer of fixed size: O(1) memory whatever the array).
inline constexpr std::size_t staging_bytes = std::size_t{64} << 10;

/// Calls fn(piece) for sub-views of `v` that together are all of v, in C
/// order.  A piece has at most `max_bytes` bytes, except that with
/// `contiguous_may_exceed` a C-contiguous piece is passed whole, however
/// large.  Pieces are whole slabs of the leading axes (slices of rows, or
/// of elements for 1-d), found from the outer axis inwards.  An empty view
/// is one piece of 0 bytes.
template <class F>
void for_each_piece(const buffer_view& v, std::size_t max_bytes, bool contiguous_may_exceed,
                    F&& fn) {
  if (v.nbytes() <= max_bytes || (contiguous_may_exceed && v.is_c_contiguous())) {
    fn(v);
    return;
  }
  // Here nbytes > max_bytes >= the 16-byte largest element, so rank >= 1 and
  // no extent is 0.
  const std::int64_t rows = v.shape()[0];
  const std::size_t row_bytes = v.nbytes() / static_cast<std::size_t>(rows);
  if (row_bytes <= max_bytes) {
    const auto per_piece = static_cast<std::int64_t>(max_bytes / row_bytes);
    for (std::int64_t first = 0; first < rows; first += per_piece) {
      fn(v.slice(0, first, std::min(first + per_piece, rows)));
    }
    return;
  }
  for (std::int64_t row = 0; row < rows; ++row) {
    for_each_piece(v.select(0, row), max_bytes, contiguous_may_exceed, fn);
  }
}

}  // namespace zc::npy::detail
