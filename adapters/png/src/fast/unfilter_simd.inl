// SIMD unfilter kernels, compiled twice: unfilter_sse2.cpp and
// unfilter_avx2.cpp include this file with ZC_SIMD_TARGET set to their
// target attribute and ZC_SIMD_NS to their namespace.
//
// Sub, Average and Paeth depend on the pixel to the left, so they go one
// pixel (bpp bytes, at most 8) per step in a 128-bit register; Up has no
// such chain and goes 16 (or 32, AVX2) bytes per step.  Pixels are loaded
// and stored with memcpy of exactly bpp bytes: nothing outside the rows is
// touched.  1-byte pixels use the scalar kernels (a vector step per byte
// gains nothing); 2-byte ones (16-bit gray) gain from the branch-free
// Paeth.
//
// Paeth in 16-bit lanes (a, b, c, pa, pb, pc as in the PNG spec):
// pa = |b - c|, pb = |a - c|, pc = |a + b - 2c|; predict a when pa <= pb and
// pa <= pc, else b when pb <= pc, else c.
namespace ZC_SIMD_NS {

// Pixels of 3 and 6 bytes are put together from 2+1 and 4+2 byte loads in
// registers: a 3-byte memcpy into a zeroed 8-byte variable goes through the
// stack, and the 8-byte reload after the narrower stores cannot be
// forwarded (a stall of ~12 cycles on the per-pixel dependency chain).
template <unsigned Bpp>
ZC_SIMD_TARGET inline __m128i load_pixel(const std::uint8_t* p) noexcept {
  if constexpr (Bpp == 2) {
    std::uint16_t v = 0;
    std::memcpy(&v, p, 2);
    return _mm_cvtsi32_si128(static_cast<int>(v));
  } else if constexpr (Bpp == 3) {
    std::uint16_t low = 0;
    std::memcpy(&low, p, 2);
    return _mm_cvtsi32_si128(static_cast<int>(low | static_cast<std::uint32_t>(p[2]) << 16));
  } else if constexpr (Bpp == 4) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return _mm_cvtsi32_si128(static_cast<int>(v));
  } else if constexpr (Bpp == 6) {
    std::uint32_t low = 0;
    std::uint16_t high = 0;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + 4, 2);
    return _mm_cvtsi64_si128(static_cast<long long>(low | static_cast<std::uint64_t>(high) << 32));
  } else {
    static_assert(Bpp == 8);
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return _mm_cvtsi64_si128(static_cast<long long>(v));
  }
}

template <unsigned Bpp>
ZC_SIMD_TARGET inline void store_pixel(std::uint8_t* p, __m128i v) noexcept {
  if constexpr (Bpp == 2 || Bpp == 3 || Bpp == 4) {
    const auto bits = static_cast<std::uint32_t>(_mm_cvtsi128_si32(v));
    if constexpr (Bpp == 2) {
      const auto low = static_cast<std::uint16_t>(bits);
      std::memcpy(p, &low, 2);
    } else if constexpr (Bpp == 3) {
      const auto low = static_cast<std::uint16_t>(bits);
      std::memcpy(p, &low, 2);
      p[2] = static_cast<std::uint8_t>(bits >> 16);
    } else {
      std::memcpy(p, &bits, 4);
    }
  } else {
    const auto bits = static_cast<std::uint64_t>(_mm_cvtsi128_si64(v));
    if constexpr (Bpp == 6) {
      const auto low = static_cast<std::uint32_t>(bits);
      const auto high = static_cast<std::uint16_t>(bits >> 32);
      std::memcpy(p, &low, 4);
      std::memcpy(p + 4, &high, 2);
    } else {
      std::memcpy(p, &bits, 8);
    }
  }
}

ZC_SIMD_TARGET inline __m128i abs16(__m128i v) noexcept {
  return _mm_max_epi16(v, _mm_sub_epi16(_mm_setzero_si128(), v));
}

template <unsigned Bpp>
ZC_SIMD_TARGET void sub_pixels(const std::uint8_t* raw, std::uint8_t* out, std::size_t n) {
  __m128i a = _mm_setzero_si128();
  for (std::size_t i = 0; i < n; i += Bpp) {
    a = _mm_add_epi8(load_pixel<Bpp>(raw + i), a);
    store_pixel<Bpp>(out + i, a);
  }
}

template <unsigned Bpp>
ZC_SIMD_TARGET void average_pixels(const std::uint8_t* raw, const std::uint8_t* prior,
                                   std::uint8_t* out, std::size_t n) {
  const __m128i one = _mm_set1_epi8(1);
  __m128i a = _mm_setzero_si128();
  for (std::size_t i = 0; i < n; i += Bpp) {
    const __m128i b = load_pixel<Bpp>(prior + i);
    // floor((a + b) / 2): _mm_avg_epu8 rounds up, so take the odd bit back.
    const __m128i avg = _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
    a = _mm_add_epi8(load_pixel<Bpp>(raw + i), avg);
    store_pixel<Bpp>(out + i, a);
  }
}

template <unsigned Bpp>
ZC_SIMD_TARGET void paeth_pixels(const std::uint8_t* raw, const std::uint8_t* prior,
                                 std::uint8_t* out, std::size_t n) {
  const __m128i zero = _mm_setzero_si128();
  __m128i a = zero;  // 16-bit lanes
  __m128i c = zero;
  for (std::size_t i = 0; i < n; i += Bpp) {
    const __m128i b = _mm_unpacklo_epi8(load_pixel<Bpp>(prior + i), zero);
    const __m128i x = _mm_unpacklo_epi8(load_pixel<Bpp>(raw + i), zero);
    const __m128i b_c = _mm_sub_epi16(b, c);
    const __m128i a_c = _mm_sub_epi16(a, c);
    const __m128i pa = abs16(b_c);
    const __m128i pb = abs16(a_c);
    const __m128i pc = abs16(_mm_add_epi16(b_c, a_c));
    const __m128i not_a = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
    const __m128i take_c = _mm_cmpgt_epi16(pb, pc);
    const __m128i b_or_c = _mm_or_si128(_mm_and_si128(take_c, c), _mm_andnot_si128(take_c, b));
    const __m128i pred = _mm_or_si128(_mm_and_si128(not_a, b_or_c), _mm_andnot_si128(not_a, a));
    const __m128i sum = _mm_and_si128(_mm_add_epi16(x, pred), _mm_set1_epi16(0xff));
    store_pixel<Bpp>(out + i, _mm_packus_epi16(sum, sum));
    a = sum;
    c = b;
  }
}

// n is a multiple of bpp (whole pixels), so the loops above end exactly.
#define ZC_SIMD_BY_BPP(kernel, ...) \
  switch (bpp) {                    \
    case 2:                         \
      kernel<2>(__VA_ARGS__);       \
      return;                       \
    case 3:                         \
      kernel<3>(__VA_ARGS__);       \
      return;                       \
    case 4:                         \
      kernel<4>(__VA_ARGS__);       \
      return;                       \
    case 6:                         \
      kernel<6>(__VA_ARGS__);       \
      return;                       \
    case 8:                         \
      kernel<8>(__VA_ARGS__);       \
      return;                       \
    default:                        \
      break;                        \
  }

ZC_SIMD_TARGET void sub(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                        std::size_t n, unsigned bpp) {
  ZC_SIMD_BY_BPP(sub_pixels, raw, out, n)
  scalar_unfilter_kernels().sub(raw, prior, out, n, bpp);
}

ZC_SIMD_TARGET void average(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                            std::size_t n, unsigned bpp) {
  ZC_SIMD_BY_BPP(average_pixels, raw, prior, out, n)
  scalar_unfilter_kernels().average(raw, prior, out, n, bpp);
}

ZC_SIMD_TARGET void paeth(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                          std::size_t n, unsigned bpp) {
  ZC_SIMD_BY_BPP(paeth_pixels, raw, prior, out, n)
  scalar_unfilter_kernels().paeth(raw, prior, out, n, bpp);
}

#undef ZC_SIMD_BY_BPP

}  // namespace ZC_SIMD_NS
