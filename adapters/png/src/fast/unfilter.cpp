// The scalar kernels, the first-row cases and the run-time choice of SIMD.
#include "unfilter.hpp"

#include <cstdlib>
#include <cstring>

namespace zc::png::detail {
namespace {

// Branch-free: on noisy rows the choice is unpredictable, and a
// mispredicted branch per byte costs more than the arithmetic.
std::uint8_t paeth_predictor(int a, int b, int c) noexcept {
  const int pa = std::abs(b - c);
  const int pb = std::abs(a - c);
  const int pc = std::abs(a + b - 2 * c);
  const int b_or_c = pb <= pc ? b : c;
  return static_cast<std::uint8_t>(pa <= pb && pa <= pc ? a : b_or_c);
}

void scalar_sub(const std::uint8_t* raw, const std::uint8_t*, std::uint8_t* out, std::size_t n,
                unsigned bpp) {
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned a = i >= bpp ? out[i - bpp] : 0u;
    out[i] = static_cast<std::uint8_t>(raw[i] + a);
  }
}

void scalar_up(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out, std::size_t n,
               unsigned) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(raw[i] + prior[i]);
}

void scalar_average(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                    std::size_t n, unsigned bpp) {
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned a = i >= bpp ? out[i - bpp] : 0u;
    out[i] = static_cast<std::uint8_t>(raw[i] + ((a + prior[i]) >> 1));
  }
}

void scalar_paeth(const std::uint8_t* raw, const std::uint8_t* prior, std::uint8_t* out,
                  std::size_t n, unsigned bpp) {
  for (std::size_t i = 0; i < n; ++i) {
    const int a = i >= bpp ? out[i - bpp] : 0;
    const int c = i >= bpp ? prior[i - bpp] : 0;
    out[i] = static_cast<std::uint8_t>(raw[i] + paeth_predictor(a, prior[i], c));
  }
}

// The first row's prior is all zeros: Up copies, Paeth predicts from the
// left (a, since b = c = 0), Average adds a / 2.
void first_row_average(const std::uint8_t* raw, std::uint8_t* out, std::size_t n,
                       unsigned bpp) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned a = i >= bpp ? out[i - bpp] : 0u;
    out[i] = static_cast<std::uint8_t>(raw[i] + (a >> 1));
  }
}

}  // namespace

const unfilter_kernels& scalar_unfilter_kernels() noexcept {
  static const unfilter_kernels k{scalar_sub, scalar_up, scalar_average, scalar_paeth, "scalar"};
  return k;
}

bool avx2_supported() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}

const unfilter_kernels& best_unfilter_kernels() noexcept {
  static const unfilter_kernels& k =
      avx2_supported() ? avx2_unfilter_kernels() : sse2_unfilter_kernels();
  return k;
}

void unfilter_row(const unfilter_kernels& k, unsigned filter, const std::uint8_t* raw,
                  const std::uint8_t* prior, std::uint8_t* out, std::size_t n,
                  unsigned bpp) noexcept {
  if (prior == nullptr) {
    switch (filter) {
      case 2:  // up
      case 0:
        std::memcpy(out, raw, n);
        return;
      case 1:  // sub
      case 4:  // paeth
        k.sub(raw, nullptr, out, n, bpp);
        return;
      default:
        first_row_average(raw, out, n, bpp);
        return;
    }
  }
  switch (filter) {
    case 0:
      std::memcpy(out, raw, n);
      return;
    case 1:
      k.sub(raw, prior, out, n, bpp);
      return;
    case 2:
      k.up(raw, prior, out, n, bpp);
      return;
    case 3:
      k.average(raw, prior, out, n, bpp);
      return;
    default:
      k.paeth(raw, prior, out, n, bpp);
      return;
  }
}

}  // namespace zc::png::detail
