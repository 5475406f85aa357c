#include "filter_choice.hpp"

#include <emmintrin.h>

#include <cstring>

namespace zc::png::detail {
namespace {

// PNG's Paeth predictor on the byte values a (left), b (up), c (up-left).
unsigned paeth_predictor(unsigned a, unsigned b, unsigned c) noexcept {
  const int p = static_cast<int>(a + b) - static_cast<int>(c);
  const int pa = p > static_cast<int>(a) ? p - static_cast<int>(a) : static_cast<int>(a) - p;
  const int pb = p > static_cast<int>(b) ? p - static_cast<int>(b) : static_cast<int>(b) - p;
  const int pc = p > static_cast<int>(c) ? p - static_cast<int>(c) : static_cast<int>(c) - p;
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// The prediction of `type` for byte i (left/up/up-left as bytes).
unsigned predict(filter_type type, unsigned a, unsigned b, unsigned c) noexcept {
  switch (type) {
    case filter_type::none:
      return 0;
    case filter_type::sub:
      return a;
    case filter_type::up:
      return b;
    case filter_type::average:
      return (a + b) >> 1;
    case filter_type::paeth:
      return paeth_predictor(a, b, c);
  }
  return 0;
}

// |byte as int8|: what the heuristic adds up per byte.
unsigned magnitude(unsigned v) noexcept { return v < 128 ? v : 256 - v; }

std::byte filtered(filter_type type, const std::byte* raw, const std::byte* prior, std::size_t i,
                   std::size_t bpp) noexcept {
  const unsigned a = i >= bpp ? std::to_integer<unsigned>(raw[i - bpp]) : 0;
  const unsigned c = i >= bpp ? std::to_integer<unsigned>(prior[i - bpp]) : 0;
  const unsigned b = std::to_integer<unsigned>(prior[i]);
  return static_cast<std::byte>((std::to_integer<unsigned>(raw[i]) - predict(type, a, b, c)) &
                                0xffu);
}

__m128i load(const std::byte* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
void store(std::byte* p, __m128i v) noexcept { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
// Per 64-bit half, the sum of |v as int8| over its 8 bytes.
__m128i magnitude_sum(__m128i v) noexcept {
  const __m128i zero = _mm_setzero_si128();
  return _mm_sad_epu8(_mm_min_epu8(v, _mm_sub_epi8(zero, v)), zero);
}
__m128i abs16(__m128i v) noexcept {
  return _mm_max_epi16(v, _mm_sub_epi16(_mm_setzero_si128(), v));
}

// Paeth's prediction for 8 lanes of 16-bit values.
__m128i paeth8(__m128i a, __m128i b, __m128i c) noexcept {
  const __m128i pa = abs16(_mm_sub_epi16(b, c));
  const __m128i pb = abs16(_mm_sub_epi16(a, c));
  const __m128i pc = abs16(_mm_add_epi16(_mm_sub_epi16(b, c), _mm_sub_epi16(a, c)));
  const __m128i not_a = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
  const __m128i not_b = _mm_cmpgt_epi16(pb, pc);
  const __m128i b_or_c = _mm_or_si128(_mm_andnot_si128(not_b, b), _mm_and_si128(not_b, c));
  return _mm_or_si128(_mm_andnot_si128(not_a, a), _mm_and_si128(not_a, b_or_c));
}

}  // namespace

void filter_row_scalar(filter_type type, const std::byte* raw, const std::byte* prior,
                       std::size_t n, std::size_t bpp, std::byte* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = filtered(type, raw, prior, i, bpp);
}

filter_type filter_row(const std::byte* raw, const std::byte* prior, std::size_t n, std::size_t bpp,
                       unsigned allowed, std::byte* const out[5]) noexcept {
  std::uint64_t sums[filter_type_count] = {};
  constexpr filter_type vector_types[] = {filter_type::sub, filter_type::up, filter_type::average,
                                          filter_type::paeth};
  // The first pixel has no left neighbour (a = c = 0): one byte at a time.
  const std::size_t head = bpp < n ? bpp : n;
  for (std::size_t i = 0; i < head; ++i) {
    sums[0] += magnitude(std::to_integer<unsigned>(raw[i]));
    for (const filter_type t : vector_types) {
      const std::byte v = filtered(t, raw, prior, i, bpp);
      out[static_cast<int>(t)][i] = v;
      sums[static_cast<int>(t)] += magnitude(std::to_integer<unsigned>(v));
    }
  }
  std::size_t i = head;
  if (n >= 16) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i one = _mm_set1_epi8(1);
    __m128i s_none = zero, s_sub = zero, s_up = zero, s_avg = zero, s_paeth = zero;
    for (; i + 16 <= n; i += 16) {
      const __m128i x = load(raw + i);
      const __m128i a = load(raw + i - bpp);
      const __m128i b = load(prior + i);
      const __m128i c = load(prior + i - bpp);
      const __m128i sub = _mm_sub_epi8(x, a);
      const __m128i up = _mm_sub_epi8(x, b);
      // floor((a + b) / 2): pavgb rounds up, so take the odd bit back off.
      const __m128i mean =
          _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
      const __m128i avg = _mm_sub_epi8(x, mean);
      const __m128i lo = paeth8(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero),
                                _mm_unpacklo_epi8(c, zero));
      const __m128i hi = paeth8(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero),
                                _mm_unpackhi_epi8(c, zero));
      const __m128i paeth = _mm_sub_epi8(x, _mm_packus_epi16(lo, hi));
      store(out[1] + i, sub);
      store(out[2] + i, up);
      store(out[3] + i, avg);
      store(out[4] + i, paeth);
      s_none = _mm_add_epi64(s_none, magnitude_sum(x));
      s_sub = _mm_add_epi64(s_sub, magnitude_sum(sub));
      s_up = _mm_add_epi64(s_up, magnitude_sum(up));
      s_avg = _mm_add_epi64(s_avg, magnitude_sum(avg));
      s_paeth = _mm_add_epi64(s_paeth, magnitude_sum(paeth));
    }
    const __m128i all[] = {s_none, s_sub, s_up, s_avg, s_paeth};
    for (int k = 0; k < filter_type_count; ++k) {
      const __m128i s = all[k];
      sums[k] += static_cast<std::uint64_t>(_mm_cvtsi128_si64(s)) +
                 static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s)));
    }
  }
  for (; i < n; ++i) {
    sums[0] += magnitude(std::to_integer<unsigned>(raw[i]));
    for (const filter_type t : vector_types) {
      const std::byte v = filtered(t, raw, prior, i, bpp);
      out[static_cast<int>(t)][i] = v;
      sums[static_cast<int>(t)] += magnitude(std::to_integer<unsigned>(v));
    }
  }
  int best = -1;
  for (int k = 0; k < filter_type_count; ++k) {
    if ((allowed >> k & 1u) != 0 && (best < 0 || sums[k] < sums[best])) best = k;
  }
  if (best < 0) best = 0;
  if (best == 0 && n > 0) std::memcpy(out[0], raw, n);
  out[best][-1] = static_cast<std::byte>(best);
  return static_cast<filter_type>(best);
}

}  // namespace zc::png::detail
