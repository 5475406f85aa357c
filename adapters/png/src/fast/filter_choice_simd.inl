// The vector body of filter_row, included once per instruction set with
// these macros defined (filter_choice.cpp: SSE2, filter_choice_avx2.cpp:
// AVX2):
//   ZC_FILTER_NS       the namespace of this instance
//   ZC_FILTER_TARGET   a function attribute (target("avx2")) or nothing
//   ZC_V               the vector type (__m128i, __m256i); ZC_W its width
//   ZC_(op)            the intrinsic for op: _mm_op or _mm256_op
//   ZC_LOAD, ZC_STORE, ZC_ZERO, ZC_OR, ZC_AND, ZC_ANDNOT, ZC_XOR: the
//                      whole-register intrinsics (_si128 / _si256)
// Encoding filters read only raw rows, so every lane is independent: Paeth
// runs in 16-bit lanes (unpack, select, pack back; the per-128-bit-lane
// unpack/pack of AVX2 keeps the byte order).
namespace ZC_FILTER_NS {

ZC_FILTER_TARGET inline ZC_V load(const std::byte* p) noexcept {
  return ZC_LOAD(reinterpret_cast<const ZC_V*>(p));
}
ZC_FILTER_TARGET inline void store(std::byte* p, ZC_V v) noexcept {
  ZC_STORE(reinterpret_cast<ZC_V*>(p), v);
}
// Per 64-bit lane, the sum of |v as int8| over its 8 bytes.
ZC_FILTER_TARGET inline ZC_V magnitude_sum(ZC_V v) noexcept {
  const ZC_V zero = ZC_ZERO();
  return ZC_(sad_epu8)(ZC_(min_epu8)(v, ZC_(sub_epi8)(zero, v)), zero);
}
ZC_FILTER_TARGET inline ZC_V abs16(ZC_V v) noexcept {
  return ZC_(max_epi16)(v, ZC_(sub_epi16)(ZC_ZERO(), v));
}
// Paeth's prediction in 16-bit lanes.
ZC_FILTER_TARGET inline ZC_V paeth16(ZC_V a, ZC_V b, ZC_V c) noexcept {
  const ZC_V pa = abs16(ZC_(sub_epi16)(b, c));
  const ZC_V pb = abs16(ZC_(sub_epi16)(a, c));
  const ZC_V pc = abs16(ZC_(add_epi16)(ZC_(sub_epi16)(b, c), ZC_(sub_epi16)(a, c)));
  const ZC_V not_a = ZC_OR(ZC_(cmpgt_epi16)(pa, pb), ZC_(cmpgt_epi16)(pa, pc));
  const ZC_V not_b = ZC_(cmpgt_epi16)(pb, pc);
  const ZC_V b_or_c = ZC_OR(ZC_ANDNOT(not_b, b), ZC_AND(not_b, c));
  return ZC_OR(ZC_ANDNOT(not_a, a), ZC_AND(not_a, b_or_c));
}

// Filters bytes [i, n - n % ZC_W) of the row (i >= bpp), adding each
// type's magnitudes to sums[]; returns where it stopped.
ZC_FILTER_TARGET inline std::size_t filter_body(const std::byte* raw, const std::byte* prior,
                                                std::size_t i, std::size_t n, std::size_t bpp,
                                                std::byte* const out[5],
                                                std::uint64_t sums[5]) noexcept {
  const ZC_V zero = ZC_ZERO();
  const ZC_V one = ZC_(set1_epi8)(1);
  ZC_V s_none = zero, s_sub = zero, s_up = zero, s_avg = zero, s_paeth = zero;
  for (; i + ZC_W <= n; i += ZC_W) {
    const ZC_V x = load(raw + i);
    const ZC_V a = load(raw + i - bpp);
    const ZC_V b = load(prior + i);
    const ZC_V c = load(prior + i - bpp);
    const ZC_V sub = ZC_(sub_epi8)(x, a);
    const ZC_V up = ZC_(sub_epi8)(x, b);
    // floor((a + b) / 2): pavgb rounds up, so take the odd bit back off.
    const ZC_V mean = ZC_(sub_epi8)(ZC_(avg_epu8)(a, b), ZC_AND(ZC_XOR(a, b), one));
    const ZC_V avg = ZC_(sub_epi8)(x, mean);
    const ZC_V lo = paeth16(ZC_(unpacklo_epi8)(a, zero), ZC_(unpacklo_epi8)(b, zero),
                            ZC_(unpacklo_epi8)(c, zero));
    const ZC_V hi = paeth16(ZC_(unpackhi_epi8)(a, zero), ZC_(unpackhi_epi8)(b, zero),
                            ZC_(unpackhi_epi8)(c, zero));
    const ZC_V paeth = ZC_(sub_epi8)(x, ZC_(packus_epi16)(lo, hi));
    store(out[1] + i, sub);
    store(out[2] + i, up);
    store(out[3] + i, avg);
    store(out[4] + i, paeth);
    s_none = ZC_(add_epi64)(s_none, magnitude_sum(x));
    s_sub = ZC_(add_epi64)(s_sub, magnitude_sum(sub));
    s_up = ZC_(add_epi64)(s_up, magnitude_sum(up));
    s_avg = ZC_(add_epi64)(s_avg, magnitude_sum(avg));
    s_paeth = ZC_(add_epi64)(s_paeth, magnitude_sum(paeth));
  }
  const ZC_V all[] = {s_none, s_sub, s_up, s_avg, s_paeth};
  for (int k = 0; k < 5; ++k) {
    alignas(32) std::uint64_t lanes[ZC_W / 8];
    ZC_STORE(reinterpret_cast<ZC_V*>(lanes), all[k]);
    for (const std::uint64_t lane : lanes) sums[k] += lane;
  }
  return i;
}

}  // namespace ZC_FILTER_NS
