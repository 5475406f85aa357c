// The SSE2 kernels (the x86-64 baseline).
#include <emmintrin.h>

#include <cstring>

#include "unfilter.hpp"

namespace zc::png::detail {
namespace {

#define ZC_SIMD_TARGET
#define ZC_SIMD_NS sse2
#include "unfilter_simd.inl"
#undef ZC_SIMD_NS
#undef ZC_SIMD_TARGET

void up(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out, std::size_t n,
        unsigned) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(prior + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_add_epi8(x, b));
  }
  for (; i < n; ++i) out[i] = static_cast<std::uint8_t>(raw[i] + prior[i]);
}

}  // namespace

const unfilter_kernels& sse2_unfilter_kernels() noexcept {
  static const unfilter_kernels k{sse2::sub, up, sse2::average, sse2::paeth, "sse2"};
  return k;
}

}  // namespace zc::png::detail
