// Which libpng read transforms the decode options ask for, and what the
// decoded samples look like afterwards (as libpng itself reports it).
#pragma once

#include <cstddef>
#include <cstdint>

#include "zc/png/decode.hpp"
#include "zc/png/info.hpp"

namespace zc::png::detail {

/// The libpng transform calls to make (trivially destructible: it is read
/// inside a setjmp frame).
struct transform_plan {
  bool palette_to_rgb = false;
  bool trns_to_alpha = false;
  bool gray_to_8bit = false;
  bool strip_16 = false;
  bool scale_16 = false;
  bool expand_16 = false;
  bool gray_to_rgb = false;
  bool rgb_to_gray = false;
  bool add_alpha = false;
  bool strip_alpha = false;
  bool swap_16 = false;  // 16-bit samples in little-endian order
};

transform_plan plan_transforms(const decode_options& options, bool little_endian_16) noexcept;

/// The decoded samples after the transforms.
struct output_format {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int channels = 0;
  int bit_depth = 0;  // 8 or 16 (packing unpacks lower depths to bytes)
  zc::png::color_type color = color_type::gray;
  bool interlaced = false;
  int passes = 1;             // 7 for Adam7 with libpng's deinterlacing
  std::size_t row_bytes = 0;  // libpng's rowbytes after the transforms
};

}  // namespace zc::png::detail
