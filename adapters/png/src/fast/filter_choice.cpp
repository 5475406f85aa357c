#include "filter_choice.hpp"

#include <emmintrin.h>

#include <cstring>

#include "unfilter.hpp"  // avx2_supported()

namespace zc::png::detail {

#define ZC_FILTER_NS sse2
#define ZC_FILTER_TARGET
#define ZC_V __m128i
#define ZC_W 16
#define ZC_(op) _mm_##op
#define ZC_LOAD _mm_loadu_si128
#define ZC_STORE _mm_storeu_si128
#define ZC_ZERO _mm_setzero_si128
#define ZC_OR _mm_or_si128
#define ZC_AND _mm_and_si128
#define ZC_ANDNOT _mm_andnot_si128
#define ZC_XOR _mm_xor_si128
#include "filter_choice_simd.inl"

std::size_t filter_body_sse2(const std::byte* raw, const std::byte* prior, std::size_t i,
                             std::size_t n, std::size_t bpp, std::byte* const out[5],
                             std::uint64_t sums[5]) noexcept {
  return sse2::filter_body(raw, prior, i, n, bpp, out, sums);
}

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
  // Paeth's bytes are the same whatever the vector width: AVX2 where the
  // CPU has it, SSE2 (the x86-64 baseline) for the rest.
  static const auto body = avx2_supported() ? filter_body_avx2 : filter_body_sse2;
  std::size_t i = body(raw, prior, head, n, bpp, out, sums);
  i = filter_body_sse2(raw, prior, i, n, bpp, out, sums);
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
