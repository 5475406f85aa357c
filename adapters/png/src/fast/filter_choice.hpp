// Per-row PNG filter choice for the fast encoder: every filter type of one
// row computed in a single SSE2 or AVX2 pass (encoding filters only read the raw
// rows, so all 16 lanes are independent, Paeth included), each with the
// sum of its bytes taken as signed magnitudes, libpng's heuristic for
// "compresses best"; the smallest sum among the allowed types wins.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zc::png::detail {

/// PNG filter types, the byte that starts each filtered row.
enum class filter_type : std::uint8_t { none = 0, sub = 1, up = 2, average = 3, paeth = 4 };
inline constexpr int filter_type_count = 5;

/// Filters the raw row `raw` (n bytes, `bpp` bytes per pixel, 1..8) against
/// `prior` (the previous raw row; zeros for the first row).  For each type
/// k in 1..4, out[k] receives the n filtered bytes and out[k][-1] the type
/// byte; `allowed` has bit k set for each type k that may be chosen (not
/// 0).  Returns the chosen type; for `none`, out[0] (same layout) is filled
/// only when chosen.  The buffers must not overlap `raw` or `prior`.
filter_type filter_row(const std::byte* raw, const std::byte* prior, std::size_t n, std::size_t bpp,
                       unsigned allowed, std::byte* const out[5]) noexcept;

/// The vector part of filter_row: bytes [i, n rounded down to the vector
/// width) with i >= bpp; adds each type's magnitudes to sums[type] and
/// returns where it stopped.  AVX2: only where avx2_supported().
std::size_t filter_body_sse2(const std::byte* raw, const std::byte* prior, std::size_t i,
                             std::size_t n, std::size_t bpp, std::byte* const out[5],
                             std::uint64_t sums[5]) noexcept;
std::size_t filter_body_avx2(const std::byte* raw, const std::byte* prior, std::size_t i,
                             std::size_t n, std::size_t bpp, std::byte* const out[5],
                             std::uint64_t sums[5]) noexcept;

/// The same filters one byte at a time (the reference the tests compare
/// filter_row's output with).
void filter_row_scalar(filter_type type, const std::byte* raw, const std::byte* prior,
                       std::size_t n, std::size_t bpp, std::byte* out) noexcept;

}  // namespace zc::png::detail
