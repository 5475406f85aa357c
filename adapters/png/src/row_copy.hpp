// An image's rows as libpng sees them (H rows of W pixels of C samples of
// 1 or 2 bytes) laid over any buffer_view layout, and the per-row copies
// the row-buffer path needs.  Trivially destructible, so it may live in a
// frame that libpng longjmps out of.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zc/buffer_view.hpp"

namespace zc::png::detail {

struct row_layout {
  std::byte* origin = nullptr;     // sample [0, 0, 0]
  std::int64_t row_stride = 0;     // bytes between rows (may be negative)
  std::int64_t pixel_stride = 0;   // bytes between pixels in a row
  std::int64_t sample_stride = 0;  // bytes between samples of a pixel
  std::uint32_t height = 0;        // rows
  std::uint32_t width = 0;         // pixels per row
  std::uint32_t channels = 0;      // samples per pixel
  std::size_t item = 0;            // bytes per sample: 1 or 2

  /// Bytes of one packed row: width * channels * item.
  [[nodiscard]] std::size_t row_bytes() const noexcept {
    return static_cast<std::size_t>(width) * channels * item;
  }
  /// True when each row's samples are packed (what libpng reads and
  /// writes), so the row can be handed to libpng as it is.
  [[nodiscard]] bool rows_are_packed() const noexcept;
  [[nodiscard]] std::byte* row(std::uint32_t y) const noexcept {
    return origin + static_cast<std::int64_t>(y) * row_stride;
  }
};

/// The layout of `v` (rank 2 means one channel).  The caller has checked
/// rank, extents (fit in uint32) and item size.
row_layout layout_of(const buffer_view& v, std::byte* origin) noexcept;

/// Copies row `y` of `layout` into the packed row `out` (row_bytes() bytes).
void gather_row(const row_layout& layout, std::uint32_t y, std::byte* out) noexcept;
/// Copies the packed row `in` into row `y` of `layout`.
void scatter_row(const row_layout& layout, std::uint32_t y, const std::byte* in) noexcept;

}  // namespace zc::png::detail
