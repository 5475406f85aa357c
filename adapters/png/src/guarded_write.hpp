// The only place the write side calls setjmp (see guarded_read.hpp for why):
// frames here hold only trivially destructible objects, and each function
// returns false when libpng failed.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>

#include "row_copy.hpp"

namespace zc::png::detail {

/// What goes into IHDR and how to compress (trivially destructible).
struct write_plan {
  std::uint32_t width = 0;   // pixels
  std::uint32_t height = 0;  // pixels
  int bit_depth = 8;         // 8 or 16
  int color_type = 0;        // PNG_COLOR_TYPE_*
  int compression_level = 6;
  int filter_set = 0;    // PNG_FILTER_* bits
  int strategy = 0;      // compression_strategy as a number (0 = standard)
  bool swap_16 = false;  // the caller's 16-bit samples are little-endian
};

/// IHDR, compression settings, png_write_info and the byte swap.
[[nodiscard]] bool guarded_write_header(png_structp png, png_infop info, const write_plan* plan);
/// Hands every source row to libpng as it is (libpng copies it into its own
/// row buffer before filtering or swapping: the source is never written).
[[nodiscard]] bool guarded_write_direct(png_structp png, const row_layout* layout);
/// Gathers every row into `row_buffer` first; adds the bytes to *copied.
[[nodiscard]] bool guarded_write_buffered(png_structp png, const row_layout* layout,
                                          std::byte* row_buffer, std::uint64_t* copied);
/// png_write_end: the last IDAT and IEND.
[[nodiscard]] bool guarded_write_end(png_structp png, png_infop info);

}  // namespace zc::png::detail
