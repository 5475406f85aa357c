// The AVX2 kernels: compiled with the avx2 target attribute (the rest of
// the library stays at the baseline) and only called where the CPU reports
// AVX2 (best_unfilter_kernels).  Up runs 32 bytes per step; the per-pixel
// filters are the SSE2 code in VEX encoding.
#include <immintrin.h>

#include <cstring>

#include "unfilter.hpp"

namespace zc::png::detail {
namespace {

#define ZC_SIMD_TARGET __attribute__((target("avx2")))
#define ZC_SIMD_NS avx2
#include "unfilter_simd.inl"
#undef ZC_SIMD_NS

ZC_SIMD_TARGET void up(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                       std::size_t n, unsigned) {
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(raw + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(prior + i));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_add_epi8(x, b));
  }
  for (; i < n; ++i) out[i] = static_cast<std::uint8_t>(raw[i] + prior[i]);
}
#undef ZC_SIMD_TARGET

}  // namespace

const unfilter_kernels& avx2_unfilter_kernels() noexcept {
  static const unfilter_kernels k{avx2::sub, up, avx2::average, avx2::paeth, "avx2"};
  return k;
}

}  // namespace zc::png::detail
