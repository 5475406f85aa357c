// The fast encoder: PNG straight from the caller's rows with per-row
// filter choice (filter_choice.hpp) and ISA-L's deflate, streamed to the
// sink in IDAT chunks of at most idat_bytes.  Flat content (screenshots,
// UI, text: flat_content.hpp, decided by sampling rows before anything is
// written) goes through zlib's deflate instead, whose hash chains find the
// repeats ISA-L's one-candidate matcher misses.  Extra memory is O(row): five filtered-row buffers,
// two row copies where the source rows need gathering or byte swapping, one row of zeros, the IDAT
// buffer and ISA-L's state and level buffer (~0.4-0.5 MiB in all for a 4096-pixel RGB8 row) or
// zlib's (~260 KiB at the default window and memLevel).
#pragma once

#include <cstddef>
#include <cstdint>

#include "../row_copy.hpp"
#include "../sink_output.hpp"
#include "zc/png/decode.hpp"

namespace zc::png::detail {

struct fast_encode_plan {
  row_layout layout;                // the caller's rows (read only)
  bool swap_16 = false;             // 16-bit samples are little-endian in memory
  std::uint8_t color_type = 0;      // PNG colour type: 0 gray, 4 gray+alpha, 2 RGB, 6 RGBA
  int level = 1;                    // ISA-L level 0..3
  int flat_zlib_level = 0;          // zlib level 1..9 for flat content; 0: ISA-L for all
  unsigned allowed_filters = 0x1f;  // bit k: filter type k may be chosen (nonzero)
};

/// Bytes of compressed data per IDAT chunk (the deflate output buffer).
inline constexpr std::size_t idat_bytes = std::size_t{64} << 10;

/// Writes the whole PNG (signature, IHDR, IDAT..., IEND) to `out` and
/// returns how the rows were read (direct_rows: in place; row_buffer:
/// gathered or byte-swapped into a row copy, counted in zc::bytes_copied()).
/// Sink failures throw through out.fail(); does not call out.finish().
row_path fast_encode(const fast_encode_plan& plan, sink_output& out);

}  // namespace zc::png::detail
