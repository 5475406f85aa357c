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

struct ZC_API encode_options {
  /// zlib level 0 (store) .. 9 (smallest); 6 is zlib's default.
  int compression_level = 6;
  /// The filters libpng may choose from per row (a nonzero set of filters::*).
  /// With more than one, libpng tries each per row and keeps the best guess.
  std::uint8_t filter_set = filters::all;
  /// libpng's default is the standard strategy.
  compression_strategy strategy = compression_strategy::standard;
  /// When set, libpng's own heap use is added here.
  memory_stats* memory = nullptr;

  /// For throughput: level 1, the UP filter only (no per-row filter search)
  /// and zlib's run-length strategy.  On photographic content (gradients and
  /// noise, bench/png) it is several times faster than the default for
  /// files a few percent larger; level 1 with NONE/SUB and the standard
  /// strategy was both slower and 15-20% larger there.
  static encode_options fast();
};

struct encode_result {
  std::uint64_t bytes_written = 0;  ///< PNG bytes produced
  row_path path = row_path::direct_rows;
  int warnings = 0;
};

/// Encodes `src` into `dst`.  Throws zc::error for an unsupported layout
/// or dtype, or a source inside a memory sink's own vector (before anything
/// is written), on a sink failure, or for libpng errors.  A path sink's
/// file changes only when encode() succeeds (see sink::file).
ZC_API encode_result encode(const buffer_view& src, const sink& dst,
                            const encode_options& options = {});

}  // namespace zc::png
