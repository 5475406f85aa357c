// Undoing PNG's row filters (PNG spec, section 9): each byte of a row is
// the stored byte plus a prediction from the byte `bpp` to its left (a),
// the byte above (b) and the byte above-left (c).  `raw` is the filtered
// row as inflated (without its filter byte), `prior` the previous row
// already unfiltered, `out` where this row's bytes go; `n` bytes per row,
// `bpp` bytes per pixel (1, 2, 3, 4, 6 or 8).  `out` may not overlap `raw`
// or `prior`.  Each kernel reads exactly n bytes of raw and prior and writes
// exactly n bytes of out: nothing outside the rows.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zc::png::detail {

using unfilter_fn = void (*)(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                             std::size_t n, unsigned bpp);

/// One kernel per filter type that needs the prior row or the left pixel.
struct unfilter_kernels {
  unfilter_fn sub;
  unfilter_fn up;
  unfilter_fn average;
  unfilter_fn paeth;
  const char* name;  ///< "scalar", "sse2", "avx2"
};

/// Plain C++, byte by byte: the reference the SIMD kernels are tested against.
const unfilter_kernels& scalar_unfilter_kernels() noexcept;
/// SSE2 (every x86-64 CPU).
const unfilter_kernels& sse2_unfilter_kernels() noexcept;
/// AVX2; only call where avx2_supported().
const unfilter_kernels& avx2_unfilter_kernels() noexcept;
[[nodiscard]] bool avx2_supported() noexcept;
/// The fastest set this CPU runs, chosen once.
const unfilter_kernels& best_unfilter_kernels() noexcept;

/// Undoes filter type `filter` (0-4; the caller checked it) on one row.
/// `prior` is null for the first row of the image (PNG treats it as zeros).
void unfilter_row(const unfilter_kernels& k, unsigned filter, const std::uint8_t* raw,
                  const std::uint8_t* prior, std::uint8_t* out, std::size_t n,
                  unsigned bpp) noexcept;

}  // namespace zc::png::detail
