// Decoding PNG rows straight into a caller's buffer_view.
//
// The destination has shape (H, W, C) or (H, W) for one channel, dtype u1
// (8-bit samples) or u2 (16-bit samples: native order, or big-endian '>u2'
// for the file's raw samples), any row stride: padded, or negative for a
// bottom-up frame.  When each destination row's pixels are contiguous,
// libpng writes straight into the rows (row_path::direct_rows: no pixel
// buffer at all, not even an array of row pointers).  Otherwise (a
// column-major matrix, a channel-planar view) every row goes through one row
// buffer of row-bytes size (row_path::row_buffer), also for Adam7
// interlaced images; the whole image is never staged.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/png/info.hpp"
#include "zc/png/limits.hpp"
#include "zc/png/source.hpp"

namespace zc::png {

/// How rows reached (or left) the caller's memory.
enum class row_path : std::uint8_t {
  direct_rows,  ///< libpng read/wrote the caller's rows in place
  row_buffer,   ///< one row buffer of row-bytes size, copied per row
};

/// Which decoder read the file (decode_result::decoder), or may read it
/// (decode_options::decoder).
enum class decoder_kind : std::uint8_t {
  automatic,  ///< options only: the fast path when the file and the request suit it, else libpng
  libpng,     ///< libpng, for every file and conversion
  fast,       ///< zcbridge's chunk reader, ISA-L inflate and SIMD unfiltering
};

/// 16-bit to 8-bit reduction.
enum class depth_reduction : std::uint8_t {
  keep,   ///< keep 16-bit samples (default)
  strip,  ///< keep the high byte (v >> 8), as most decoders do
  scale,  ///< round to nearest (v * 255 + 32895) >> 16, libpng's accurate scaling
};

/// What to do about an alpha channel.
enum class alpha_mode : std::uint8_t {
  keep,   ///< as in the file (default)
  add,    ///< add an opaque alpha channel to images without one
  strip,  ///< drop the alpha channel
};

/// Conversions are explicit; the default keeps the file's own channels, with
/// samples unpacked to one per byte (1/2/4-bit gray and palette indices keep
/// their values, e.g. 0..3 for 2-bit gray) or kept at 16 bits.
/// Gamma is never applied.
///
/// The common targets have named presets, e.g.
///   zc::png::decode_into(src, rgb_rows, zc::png::decode_options::rgb8());
/// whose fields can still be changed afterwards (limits, memory, ...):
///   rgb8()   any PNG as 8-bit RGB        (H, W, 3) u1
///   rgba8()  any PNG as 8-bit RGBA       (H, W, 4) u1
///   rgba16() any PNG as 16-bit RGBA      (H, W, 4) u2
///   gray8()  any PNG as 8-bit gray       (H, W) u1
///   gray16() any PNG as 16-bit gray      (H, W) u2
///   as_stored() the file's own channels and depth, but every sample a
///            value of its own: palette expanded to RGB, tRNS as alpha,
///            1/2/4-bit gray widened to 8 bits (16-bit files stay 16-bit).
/// Alpha is dropped where the target has none (not composited over a
/// background); colour becomes gray with libpng's default weights.
struct ZC_API decode_options {
  /// Palette indices -> RGB samples; RGBA when the file has tRNS (libpng
  /// expands a palette's transparency together with its colours).
  bool palette_to_rgb = false;
  /// tRNS -> a full alpha channel.  Like libpng's png_set_expand this also
  /// expands palette images to RGB and 1/2/4-bit gray to 8 bits.
  bool trns_to_alpha = false;
  /// 1/2/4-bit gray scaled to 8 bits (0..255) instead of kept as 0..2^b-1.
  bool gray_to_8bit = false;
  /// 16 -> 8 bit.
  depth_reduction to_8bit = depth_reduction::keep;
  /// Everything with fewer bits -> 16-bit samples (v * 257 for 8-bit); like
  /// png_set_expand_16 this also expands palette, low-bit gray and tRNS.
  bool to_16bit = false;
  /// Gray (and gray+alpha) -> RGB (RGBA).
  bool gray_to_rgb = false;
  /// RGB (and RGBA) -> gray (gray+alpha), with libpng's default weights
  /// (the cHRM chunk's, else ITU-R BT.709: 0.2126 R + 0.7152 G + 0.0722 B).
  bool rgb_to_gray = false;
  /// Add or strip alpha (after the conversions above).
  alpha_mode alpha = alpha_mode::keep;
  /// Byte order of 16-bit samples for decode() (decode_into takes it from
  /// the destination's dtype).
  byte_order sample_order = byte_order::native;
  zc::png::limits limits{};
  /// When set, libpng's own heap use is added here (the fast path's
  /// working memory, ~120 KiB from operator new, is not libpng's).
  memory_stats* memory = nullptr;
  /// automatic (and fast, which means the same) use the fast path for
  /// non-interlaced 8/16-bit gray, gray+alpha, RGB and RGBA files (16-bit
  /// samples in either byte order) with every option but scale on 16-bit
  /// files and rgb_to_gray on colour ones, so all presets but gray8/gray16
  /// on colour files; libpng for everything else; libpng forces libpng.
  /// Both give the same samples.
  /// Builds without ISA-L (ZC_WITH_ISAL=OFF) always use libpng.
  decoder_kind decoder = decoder_kind::automatic;

  /// Everything as 8-bit RGB: palette and gray expanded, 16-bit stripped to
  /// its high byte, alpha (and tRNS) dropped.
  static decode_options rgb8();
  /// Everything as 8-bit RGBA: palette, tRNS and gray expanded, 16-bit
  /// stripped to its high byte, opaque alpha added where missing.
  static decode_options rgba8();
  /// Everything as 16-bit RGBA.
  static decode_options rgba16();
  /// Everything as 8-bit gray: colour converted (rgb_to_gray), low bit
  /// depths widened, 16-bit stripped to its high byte, alpha dropped.
  static decode_options gray8();
  /// Everything as 16-bit gray: as gray8(), widened to 16 bits instead.
  static decode_options gray16();
  /// The file's channels and depth with every sample a value of its own:
  /// palette -> RGB, tRNS -> alpha, 1/2/4-bit gray -> 8 bits; 16 stays 16.
  static decode_options as_stored();
};

/// What decode_into() produced.
struct decode_result {
  std::uint32_t width = 0;                       ///< pixels
  std::uint32_t height = 0;                      ///< pixels
  int channels = 0;                              ///< samples per pixel written
  int bit_depth = 0;                             ///< 8 or 16
  zc::png::color_type color = color_type::gray;  ///< of the samples written
  bool interlaced = false;                       ///< the file was Adam7
  row_path path = row_path::direct_rows;
  std::size_t row_buffer_bytes = 0;             ///< size of the row buffer (0 on the direct path)
  int warnings = 0;                             ///< libpng warnings seen (never thrown)
  decoder_kind decoder = decoder_kind::libpng;  ///< libpng or fast: which one ran
};

/// An owning decoded image: `view` keeps the pixels alive.
struct image {
  buffer_view view;
  decode_result result;
};

/// Reads the header (IHDR and the chunks before the first IDAT).  Reads
/// only that far: a borrowed FILE* or byte stream is left just past the
/// first IDAT chunk's header (reopen or rewind it to decode).
ZC_API info read_info(const source& src, const limits& lim = {});

/// Decodes into `dst` (see the file comment for the accepted layouts).  A
/// destination of the wrong shape, dtype, size or a readonly one is refused
/// with zc::error before any pixel is decoded, and so is one that overlaps
/// a memory source's bytes.  A borrowed FILE* or byte stream is left just
/// past IEND (what follows the PNG stays unread).
ZC_API decode_result decode_into(const source& src, const buffer_view& dst,
                                 const decode_options& options = {});

/// Decodes into a newly allocated, right-sized C-order image: shape (H, W)
/// for one channel, (H, W, C) otherwise; dtype u1, or u2 in
/// options.sample_order.
ZC_API image decode(const source& src, const decode_options& options = {});

}  // namespace zc::png
