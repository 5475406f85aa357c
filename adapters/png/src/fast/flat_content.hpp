// Flat content (screenshots, UI, diagrams, text): rows where most bytes
// repeat the byte one pixel to the left.  The fast encoder treats such
// images differently (fast_encode.cpp): ISA-L's matcher keeps one candidate
// per hash, the most recent, and on flat content every edge has the same
// few leading bytes, so it finds the latest edge instead of the earlier
// copy of the same glyph row that zlib's hash chains find.  Measured on the
// bench's 1920x1080 screenshot-like image with the same per-row filters:
// ISA-L levels 1-3 1.49-1.50x the size of libpng's default output (unfiltered
// rows: 1.36-1.38x), zlib level 1 1.44x, level 3 1.23x, level 4 (lazy
// matching) 1.10x.  Gradients and photos are not flat: ISA-L is ~4x faster
// than zlib there at equal or smaller size.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../row_copy.hpp"

namespace zc::png::detail {

/// True when at least 3/4 of the bytes of the packed row `row` (n bytes,
/// `bpp` bytes per pixel) equal the byte `bpp` earlier.  Byte order does
/// not matter: a 16-bit sample equals its neighbour in either order.
bool row_is_flat(const std::byte* row, std::size_t n, std::size_t bpp) noexcept;

/// How many rows image_is_flat samples: one in 8, at least 1, at most 32.
std::uint32_t flat_sample_count(std::uint32_t height) noexcept;

/// True when at least half of flat_sample_count() evenly spaced rows of
/// `layout` are flat.  `scratch` holds one packed row (row_bytes() bytes);
/// where rows are not packed, sampled rows are gathered into it (and
/// counted in zc::bytes_copied()).  Reads the caller's rows only.
bool image_is_flat(const row_layout& layout, std::byte* scratch) noexcept;

}  // namespace zc::png::detail
