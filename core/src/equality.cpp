// Format-aware equality (memoryview's ==): element values, not bytes.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "zc/buffer_view.hpp"
#include "zc/detail/odometer.hpp"

namespace zc {
namespace {

// One element read as a number, wide enough for every dtype.
struct number {
  enum class tag { sint, uint, real, cplx } kind = tag::sint;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double re = 0;
  double im = 0;
};

double half_to_double(std::uint16_t h) {
  const int sign = (h >> 15) != 0 ? -1 : 1;
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31)
    return mantissa != 0 ? std::nan("") : sign * std::numeric_limits<double>::infinity();
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

number read_number(const std::byte* p, dtype type) {
  std::array<std::byte, 16> raw{};
  const std::size_t size = type.itemsize();
  std::memcpy(raw.data(), p, size);
  if (!type.is_native_order()) {
    const std::size_t unit = type.swap_unit();
    for (std::size_t off = 0; off < size; off += unit) {
      std::reverse(raw.begin() + static_cast<std::ptrdiff_t>(off),
                   raw.begin() + static_cast<std::ptrdiff_t>(off + unit));
    }
  }
  number n;
  auto load = [&raw](auto value) {
    std::memcpy(&value, raw.data(), sizeof value);
    return value;
  };
  switch (type.kind()) {
    case dtype_kind::signed_int:
      n.kind = number::tag::sint;
      switch (size) {
        case 1:
          n.i = load(std::int8_t{});
          break;
        case 2:
          n.i = load(std::int16_t{});
          break;
        case 4:
          n.i = load(std::int32_t{});
          break;
        default:
          n.i = load(std::int64_t{});
          break;
      }
      break;
    case dtype_kind::unsigned_int:
    case dtype_kind::boolean:
      n.kind = number::tag::uint;
      switch (size) {
        case 1:
          n.u = load(std::uint8_t{});
          break;
        case 2:
          n.u = load(std::uint16_t{});
          break;
        case 4:
          n.u = load(std::uint32_t{});
          break;
        default:
          n.u = load(std::uint64_t{});
          break;
      }
      break;
    case dtype_kind::floating:
      n.kind = number::tag::real;
      n.re = size == 2   ? half_to_double(load(std::uint16_t{}))
             : size == 4 ? static_cast<double>(load(float{}))
                         : load(double{});
      break;
    case dtype_kind::complex:
      n.kind = number::tag::cplx;
      if (size == 8) {
        const auto c = load(std::array<float, 2>{});
        n.re = c[0];
        n.im = c[1];
      } else {
        const auto c = load(std::array<double, 2>{});
        n.re = c[0];
        n.im = c[1];
      }
      break;
  }
  return n;
}

bool is_integer(const number& n) {
  return n.kind == number::tag::sint || n.kind == number::tag::uint;
}

// An integer compared exactly with a double: equal only when the double is
// integral and the same value.
bool integer_equals_real(const number& n, double x) {
  if (!std::isfinite(x) || std::trunc(x) != x) return false;
  if (n.kind == number::tag::sint) {
    if (x < -9223372036854775808.0 || x >= 9223372036854775808.0) return false;
    return static_cast<std::int64_t>(x) == n.i;
  }
  if (x < 0 || x >= 18446744073709551616.0) return false;
  return static_cast<std::uint64_t>(x) == n.u;
}

bool numbers_equal(const number& a, const number& b) {
  if (is_integer(a) && is_integer(b)) {
    if (a.kind == b.kind) return a.kind == number::tag::sint ? a.i == b.i : a.u == b.u;
    const number& s = a.kind == number::tag::sint ? a : b;
    const number& u = a.kind == number::tag::sint ? b : a;
    return s.i >= 0 && static_cast<std::uint64_t>(s.i) == u.u;
  }
  if (is_integer(a)) return b.im == 0 && integer_equals_real(a, b.re);
  if (is_integer(b)) return a.im == 0 && integer_equals_real(b, a.re);
  return a.re == b.re && a.im == b.im;
}

}  // namespace

bool operator==(const buffer_view& a, const buffer_view& b) {
  if (a.rank() != b.rank() || !std::equal(a.shape().begin(), a.shape().end(), b.shape().begin())) {
    return false;
  }
  if (a.empty()) return true;
  const dtype ta = a.dtype();
  const dtype tb = b.dtype();
  // Same integer type: bytes decide (after byte order, which == already
  // normalised by comparing resolved orders).
  const bool bytewise =
      ta == tb && ta.kind() != dtype_kind::floating && ta.kind() != dtype_kind::complex;
  const std::byte* pa = a.bytes();
  const std::byte* pb = b.bytes();
  detail::odometer elements(a.shape());
  do {
    if (bytewise) {
      if (std::memcmp(pa, pb, ta.itemsize()) != 0) return false;
    } else if (!numbers_equal(read_number(pa, ta), read_number(pb, tb))) {
      return false;
    }
  } while (elements.next([&](std::size_t axis, std::int64_t steps) {
    pa += a.strides()[axis] * steps;
    pb += b.strides()[axis] * steps;
  }));
  return true;
}

}  // namespace zc
