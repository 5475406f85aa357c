// The conversions the fast decode path does in its row pass, bit-exactly as
// libpng 1.6 does them (pngrtran.c), for 8/16-bit gray, gray+alpha, RGB and
// RGBA files.  libpng's order, and what each step does here:
//   1. PNG_EXPAND_tRNS (png_set_tRNS_to_alpha, and also png_set_palette_to_rgb
//      and png_set_expand_16): a gray or RGB file with a valid tRNS gets an
//      alpha channel, 0 where the pixel equals the tRNS colour, else the
//      maximum.  8-bit samples are compared with the tRNS value's low byte
//      (png_do_expand), 16-bit ones with the whole value.  png_set_strip_alpha
//      cancels this (png_init_read_transformations drops the tRNS).
//   2. PNG_STRIP_ALPHA: the alpha channel (the last sample) is dropped.
//   3. PNG_RGB_TO_GRAY: nothing on gray rows; colour files go to libpng.
//   4. PNG_GRAY_TO_RGB: gray replicated into R, G and B, alpha kept last.
//   5. PNG_16_TO_8 (strip): the high byte; PNG_EXPAND_16: v * 257 (the byte
//      twice).  PNG_SCALE_16_TO_8 goes to libpng.
//   6. PNG_FILLER with PNG_ADD_ALPHA after the samples: an opaque alpha
//      (0xff, or 0xffff) where the row has none by now, so a tRNS alpha wins.
//   7. PNG_SWAP_BYTES: 16-bit samples little-endian.
// Gamma is never applied (no screen gamma is set), so nothing else changes a
// sample.  Rows are converted one at a time: no memory beyond the rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "zc/png/decode.hpp"
#include "zc/png/info.hpp"

namespace zc::png::detail {

/// What one row's conversion does; made by plan_row_conversion.
struct row_conversion {
  unsigned in_channels = 1;    // samples per pixel in the file (1..4)
  unsigned in_bytes = 1;       // bytes per sample in the file: 1 or 2
  bool in_alpha = false;       // the file's last sample is alpha
  unsigned out_colors = 1;     // colour samples written: 1 (gray) or 3 (RGB)
  bool keep_alpha = false;     // write the file's alpha
  bool trns_alpha = false;     // write alpha from the tRNS comparison
  bool opaque_alpha = false;   // write the maximum as alpha (libpng's filler)
  unsigned out_bytes = 1;      // bytes per sample written: 1 or 2
  bool little_endian = false;  // 16-bit samples written least significant byte first
  // The tRNS colour as compared with the file's samples (gray: [0] only):
  // the low byte for 8-bit files, the whole value for 16-bit ones.
  std::array<std::uint16_t, 3> trns_key{};

  [[nodiscard]] unsigned out_channels() const noexcept {
    return out_colors + (keep_alpha || trns_alpha || opaque_alpha ? 1u : 0u);
  }
  [[nodiscard]] zc::png::color_type out_color() const noexcept;
  /// The rows leave as stored (at most byte-swapped): no conversion needed.
  [[nodiscard]] bool keeps_samples() const noexcept;
};

/// Whether the row pass can give libpng's output for `o` on an 8/16-bit
/// non-interlaced file of `color` (gray, gray_alpha, rgb, rgb_alpha) and
/// `depth`, whatever its tRNS: not for rgb_to_gray on colour files, nor for
/// scale_16 on 16-bit files (those go to libpng).
bool row_pass_can_convert(const decode_options& o, color_type color, unsigned depth) noexcept;

/// The conversion libpng makes for `o` on such a file.  `trns` is the valid
/// tRNS colour (gray in [0]) when the file has one, else null;
/// `little_endian_16` asks for 16-bit output least significant byte first.
row_conversion plan_row_conversion(const decode_options& o, color_type color, unsigned depth,
                                   const std::array<std::uint16_t, 3>* trns,
                                   bool little_endian_16) noexcept;

/// Converts one row of `width` pixels, `in` in the file's format (16-bit
/// samples big-endian, as unfiltered), into `out`
/// (width * out_channels() * out_bytes bytes; must not overlap `in`).
void convert_row(const row_conversion& c, const std::uint8_t* in, std::uint8_t* out,
                 std::uint32_t width) noexcept;

}  // namespace zc::png::detail
