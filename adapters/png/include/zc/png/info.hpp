// What a PNG header says about the image (IHDR plus the colour chunks that
// precede the pixel data).
#pragma once

#include <cstdint>

namespace zc::png {

/// PNG colour types, numerically as in the IHDR chunk.
enum class color_type : std::uint8_t {
  gray = 0,
  rgb = 2,
  palette = 3,
  gray_alpha = 4,
  rgb_alpha = 6,
};

/// The header of a PNG file, as stored (before any conversion).
struct info {
  std::uint32_t width = 0;   ///< pixels
  std::uint32_t height = 0;  ///< pixels
  int channels = 0;          ///< samples per pixel in the file (palette: 1, the index)
  int bit_depth = 0;         ///< bits per sample in the file: 1, 2, 4, 8 or 16
  zc::png::color_type color = color_type::gray;
  bool interlaced = false;  ///< Adam7
  bool has_gamma = false;   ///< gAMA chunk present
  double gamma = 0.0;       ///< file gamma from gAMA (e.g. 0.45455), 0 when absent
  bool has_iccp = false;    ///< iCCP chunk present
  bool has_srgb = false;    ///< sRGB chunk present
  bool has_trns = false;    ///< tRNS chunk present (transparency without an alpha channel)
  int palette_size = 0;     ///< entries in PLTE, 0 when absent
};

}  // namespace zc::png
