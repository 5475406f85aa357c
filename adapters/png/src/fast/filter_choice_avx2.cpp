// filter_row's vector body in AVX2 (32 bytes a step), compiled with the avx2
// target attribute (the rest of the library stays at the baseline) and only
// called where the CPU reports AVX2.
#include <immintrin.h>

#include <cstdint>

#include "filter_choice.hpp"

namespace zc::png::detail {

#define ZC_FILTER_NS avx2
#define ZC_FILTER_TARGET __attribute__((target("avx2")))
#define ZC_V __m256i
#define ZC_W 32
#define ZC_(op) _mm256_##op
#define ZC_LOAD _mm256_loadu_si256
#define ZC_STORE _mm256_storeu_si256
#define ZC_ZERO _mm256_setzero_si256
#define ZC_OR _mm256_or_si256
#define ZC_AND _mm256_and_si256
#define ZC_ANDNOT _mm256_andnot_si256
#define ZC_XOR _mm256_xor_si256
#include "filter_choice_simd.inl"

__attribute__((target("avx2"))) std::size_t filter_body_avx2(const std::byte* raw,
                                                             const std::byte* prior, std::size_t i,
                                                             std::size_t n, std::size_t bpp,
                                                             std::byte* const out[5],
                                                             std::uint64_t sums[5]) noexcept {
  return avx2::filter_body(raw, prior, i, n, bpp, out, sums);
}

}  // namespace zc::png::detail
