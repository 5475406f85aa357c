// Encoding PNG straight from a caller's rows.
//
// The source has shape (H, W, C) with C = 1 (gray), 2 (gray+alpha), 3 (RGB)
// or 4 (RGBA), or (H, W) for gray; dtype u1 or u2 in either byte order; any
// row stride including negative (a vertical flip for free) and sliced
// crops.  Rows whose pixels are contiguous go to libpng as they are (const
// row pointers: the source is never modified, also when 16-bit samples are
// byte-swapped, since libpng swaps in its own row copy); other layouts go
// through one row buffer.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/png/decode.hpp"
#include "zc/png/limits.hpp"
#include "zc/png/sink.hpp"

namespace zc::png {

/// PNG row filters, as libpng's PNG_FILTER_* bits; combine with |.
namespace filters {
inline constexpr std::uint8_t none = 0x08;
inline constexpr std::uint8_t sub = 0x10;
inline constexpr std::uint8_t up = 0x20;
inline constexpr std::uint8_t avg = 0x40;
inline constexpr std::uint8_t paeth = 0x80;
inline constexpr std::uint8_t fast = none | sub | up;
inline constexpr std::uint8_t all = fast | avg | paeth;
}  // namespace filters

/// zlib's match strategy for the image data (deflateInit2's `strategy`).
enum class compression_strategy : std::uint8_t {
  standard,      ///< Z_DEFAULT_STRATEGY: string matching at the chosen level
  filtered,      ///< Z_FILTERED: favours Huffman coding of filtered rows
  rle,           ///< Z_RLE: matches at distance 1 only; very fast on filtered rows
  huffman_only,  ///< Z_HUFFMAN_ONLY: no matching at all
};

/// Which encoder writes the PNG (encode_options::encoder, encode_result::encoder).
enum class encoder_kind : std::uint8_t {
  libpng,  ///< libpng with zlib, every option honoured
  fast,    ///< zcbridge's encoder: per-row SIMD filter choice, ISA-L (or zlib) deflate
};

struct ZC_API encode_options {
  /// zlib level 0 (store) .. 9 (smallest); 6 is zlib's default.
  int compression_level = 6;
  /// The filters libpng may choose from per row (a nonzero set of filters::*).
  /// With more than one, libpng tries each per row and keeps the best guess.
  std::uint8_t filter_set = filters::all;
  /// libpng's default is the standard strategy.
  compression_strategy strategy = compression_strategy::standard;
  /// When set, libpng's own heap use is added here (the fast encoder's
  /// working memory, from operator new, is not libpng's).
  memory_stats* memory = nullptr;
  /// libpng (the default) or the fast encoder.  The fast encoder takes
  /// every source encode() accepts; it honours filter_set (choosing per row
  /// the allowed filter with the smallest sum of absolute filtered bytes,
  /// libpng's heuristic), maps compression_level to ISA-L's levels (0 -> 0,
  /// 1 -> 1, 2 -> 2, 3..9 -> 3; ISA-L level 0 still compresses) and
  /// ignores strategy.  Flat content (screenshots, UI, text: most rows
  /// repeat the pixel to their left, judged from up to 32 sampled rows)
  /// is deflated by zlib instead, at the ISA-L level + 3 (4, 5, 6; level
  /// 0 keeps ISA-L): ISA-L's one-candidate matcher misses the
  /// repeats there (1.5x libpng's default size on a screenshot).  Builds
  /// without ISA-L (ZC_WITH_ISAL=OFF) use libpng for both;
  /// encode_result::encoder says which one ran.
  encoder_kind encoder = encoder_kind::libpng;

  /// For throughput: the fast encoder (ISA-L level 1, zlib level 4 for
  /// flat content, all five filters chosen per row; strategy rle, which
  /// only libpng uses).  Without ISA-L:
  /// libpng at level 1 with the UP filter only and zlib's run-length
  /// strategy (several times faster than the default on photographic
  /// content for files a few percent larger).
  static encode_options fast();
};

struct encode_result {
  std::uint64_t bytes_written = 0;  ///< PNG bytes produced
  row_path path = row_path::direct_rows;
  int warnings = 0;
  encoder_kind encoder = encoder_kind::libpng;  ///< which encoder ran
};

/// Encodes `src` into `dst`.  Throws zc::error for an unsupported layout
/// or dtype, or a source inside a memory sink's own vector (before anything
/// is written), on a sink failure, or for libpng errors.  A path sink's
/// file changes only when encode() succeeds (see sink::file).
ZC_API encode_result encode(const buffer_view& src, const sink& dst,
                            const encode_options& options = {});

}  // namespace zc::png
