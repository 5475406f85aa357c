// The explicit copies: zc::copy between any two layouts (also overlapping,
// also converting byte order), to_bytes() / to_vector() in C order, the
// bytes_copied() tally, and format-aware equality (memoryview's ==).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "zc/buffer_view.hpp"
#include "zc/copy_stats.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

using zc::test::error_of;

constexpr zc::byte_order other_order =
    zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big : zc::byte_order::little;

TEST(copy, c_to_fortran_and_back) {
  std::array<int, 6> c{0, 1, 2, 3, 4, 5};
  std::array<int, 6> f{};
  const buffer_view src = zc::view(c.data(), {2, 3});
  const buffer_view dst = zc::view(f.data(), {2, 3}, {4, 8});  // F order
  const auto before = zc::bytes_copied();
  zc::copy(src, dst);
  EXPECT_EQ(zc::bytes_copied() - before, 24u);
  EXPECT_EQ(f, (std::array<int, 6>{0, 3, 1, 4, 2, 5}));
  EXPECT_TRUE(src == dst);
  std::array<int, 6> back{};
  zc::copy(dst, zc::view(back.data(), {2, 3}));
  EXPECT_EQ(back, c);
}

TEST(copy, strided_flipped_and_transposed_layouts) {
  std::array<std::int16_t, 12> a{};
  std::iota(a.begin(), a.end(), std::int16_t{0});
  std::array<std::int16_t, 12> b{};
  const buffer_view src =
      zc::view(a.data(), {3, 4}).flip(0).slice(1, std::nullopt, std::nullopt, 2);
  // src is 3x2: rows 2,1,0 and columns 0,2.
  const buffer_view dst = zc::view(b.data(), {2, 3}).transpose();  // 3x2, F order
  zc::copy(src, dst);
  EXPECT_TRUE(src == dst);
  EXPECT_EQ(dst.at<const std::int16_t>(0, 0), 8);
  EXPECT_EQ(dst.at<const std::int16_t>(0, 1), 10);
  EXPECT_EQ(dst.at<const std::int16_t>(2, 1), 2);
  EXPECT_EQ(b, (std::array<std::int16_t, 12>{8, 4, 0, 10, 6, 2, 0, 0, 0, 0, 0, 0}));
}

TEST(copy, overlapping_shift_in_both_directions) {
  std::array<int, 8> a{0, 1, 2, 3, 4, 5, 6, 7};
  const buffer_view whole = zc::view(a.data(), {8});
  // a[1:7] = a[0:6]  (memmove forward)
  zc::copy(whole.slice(0, 0, 6), whole.slice(0, 1, 7));
  EXPECT_EQ(a, (std::array<int, 8>{0, 0, 1, 2, 3, 4, 5, 7}));
  // a[0:6] = a[2:8]  (backward)
  zc::copy(whole.slice(0, 2, 8), whole.slice(0, 0, 6));
  EXPECT_EQ(a, (std::array<int, 8>{1, 2, 3, 4, 5, 7, 5, 7}));
  // In-place reversal: a[:] = a[::-1]; a naive forward copy would mirror the first half.
  std::array<int, 8> r{0, 1, 2, 3, 4, 5, 6, 7};
  const buffer_view rv = zc::view(r.data(), {8});
  zc::copy(rv.flip(0), rv);
  EXPECT_EQ(r, (std::array<int, 8>{7, 6, 5, 4, 3, 2, 1, 0}));
  // In-place transpose of a square matrix.
  std::array<int, 9> m{0, 1, 2, 3, 4, 5, 6, 7, 8};
  const buffer_view mv = zc::view(m.data(), {3, 3});
  zc::copy(mv.transpose(), mv);
  EXPECT_EQ(m, (std::array<int, 9>{0, 3, 6, 1, 4, 7, 2, 5, 8}));
}

TEST(copy, converts_byte_order) {
  const std::array<std::uint32_t, 2> native{0x01020304u, 0xA0B0C0D0u};
  std::array<std::uint32_t, 2> out{};
  const buffer_view dst = zc::view(out.data(), {2}).with_byte_order(other_order);
  zc::copy(zc::view(native.data(), {2}), dst);
  EXPECT_EQ(out[0], 0x04030201u);
  EXPECT_EQ(out[1], 0xD0C0B0A0u);
  EXPECT_TRUE(dst == zc::view(native.data(), {2}));  // same values, other order
  // Complex numbers swap each half separately.
  const std::array<std::complex<float>, 1> c{std::complex<float>(1.0F, -2.0F)};
  std::array<std::complex<float>, 1> cs{};
  zc::copy(zc::view(c.data(), {1}), zc::view(cs.data(), {1}).with_byte_order(other_order));
  std::array<std::uint8_t, 8> raw_in{};
  std::array<std::uint8_t, 8> raw_out{};
  std::memcpy(raw_in.data(), c.data(), 8);
  std::memcpy(raw_out.data(), cs.data(), 8);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(raw_out[k], raw_in[3 - k]);
    EXPECT_EQ(raw_out[4 + k], raw_in[7 - k]);
  }
  // And back.
  std::array<std::complex<float>, 1> round{};
  zc::copy(zc::view(cs.data(), {1}).with_byte_order(other_order), zc::view(round.data(), {1}));
  EXPECT_EQ(round[0], c[0]);
}

TEST(copy, refuses_mismatches_naming_both_sides) {
  std::array<float, 6> f{};
  std::array<double, 6> d{};
  std::array<std::int32_t, 6> i{};
  const std::string dt =
      error_of([&] { zc::copy(zc::view(f.data(), {6}), zc::view(d.data(), {6})); },
               zc::errc::dtype_mismatch);
  EXPECT_NE(dt.find("<f4"), std::string::npos) << dt;
  EXPECT_NE(dt.find("<f8"), std::string::npos) << dt;
  // Same width, other kind.
  (void)error_of([&] { zc::copy(zc::view(f.data(), {6}), zc::view(i.data(), {6})); },
                 zc::errc::dtype_mismatch);
  const std::string sh = error_of(
      [&] {
        zc::copy(zc::view(f.data(), {2, 3}), zc::view(f.data(), {3, 2}));
      },
      zc::errc::shape_mismatch);
  EXPECT_NE(sh.find("(2, 3)"), std::string::npos) << sh;
  EXPECT_NE(sh.find("(3, 2)"), std::string::npos) << sh;
  (void)error_of(
      [&] {
        zc::copy(zc::view(f.data(), {6}), zc::view(f.data(), {2, 3}));
      },
      zc::errc::shape_mismatch);
  const std::array<float, 6>& cf = f;
  const std::string ro = error_of(
      [&] { zc::copy(zc::view(f.data(), {6}), zc::view(cf.data(), {6})); }, zc::errc::readonly);
  EXPECT_NE(ro.find("destination"), std::string::npos) << ro;
}

TEST(copy, empty_views_copy_nothing) {
  std::array<int, 2> a{1, 2};
  const auto before = zc::bytes_copied();
  zc::copy(zc::view(a.data(), {2}).slice(0, 0, 0), zc::view(a.data(), {2}).slice(0, 1, 1));
  EXPECT_EQ(zc::bytes_copied(), before);
  EXPECT_EQ(a, (std::array<int, 2>{1, 2}));
}

TEST(copy, to_bytes_and_to_vector_are_c_order) {
  std::array<std::uint16_t, 6> a{1, 2, 3, 4, 5, 6};
  const buffer_view t = zc::view(a.data(), {2, 3}).transpose();  // 3x2: 1 4 / 2 5 / 3 6
  const auto before = zc::bytes_copied();
  const std::vector<std::uint16_t> values = t.to_vector<std::uint16_t>();
  EXPECT_EQ(values, (std::vector<std::uint16_t>{1, 4, 2, 5, 3, 6}));
  const std::vector<std::byte> bytes = t.to_bytes();
  EXPECT_EQ(zc::bytes_copied() - before, 24u);
  ASSERT_EQ(bytes.size(), 12u);
  std::array<std::uint16_t, 6> rebuilt{};
  std::memcpy(rebuilt.data(), bytes.data(), bytes.size());
  EXPECT_EQ(rebuilt, (std::array<std::uint16_t, 6>{1, 4, 2, 5, 3, 6}));
  const std::string msg =
      error_of([&] { (void)t.to_vector<std::int16_t>(); }, zc::errc::dtype_mismatch);
  EXPECT_NE(msg.find("to_vector"), std::string::npos) << msg;
  EXPECT_TRUE(buffer_view().to_bytes().empty());
}

TEST(copy, view_operations_copy_no_bytes) {
  std::array<double, 12> a{};
  const auto before = zc::bytes_copied();
  const buffer_view v = zc::view(a.data(), {3, 4});
  const buffer_view w = v.slice(0, 1, 3).transpose().flip(0).as_readonly().select(0, 1);
  const buffer_view b = v.cast(zc::dtype{}, dims{96}).reshape(dims{2, 48});
  EXPECT_EQ(zc::bytes_copied(), before);
  EXPECT_EQ(w.size(), 2u);
  EXPECT_EQ(b.size(), 96u);
}

TEST(equality, same_values_in_any_layout_and_byte_order) {
  std::array<std::int16_t, 4> a{1, -2, 300, -400};
  std::array<std::int16_t, 4> swapped{};
  zc::copy(zc::view(a.data(), {4}), zc::view(swapped.data(), {4}).with_byte_order(other_order));
  const buffer_view x = zc::view(a.data(), {4});
  const buffer_view y = zc::view(swapped.data(), {4}).with_byte_order(other_order);
  EXPECT_TRUE(x == y);
  EXPECT_FALSE(x == zc::view(swapped.data(), {4}));  // same bytes, wrong order: other values
  // Layout does not matter, values do.
  std::array<std::int16_t, 4> rev{-400, 300, -2, 1};
  EXPECT_TRUE(x == zc::view(rev.data(), {4}).flip(0));
  EXPECT_FALSE(x == zc::view(rev.data(), {4}));
  rev[0] = 0;
  EXPECT_FALSE(x == zc::view(rev.data(), {4}).flip(0));
}

TEST(equality, across_types_compares_values_like_memoryview) {
  const std::array<std::int32_t, 3> i{1, -2, 3};
  const std::array<double, 3> d{1.0, -2.0, 3.0};
  const std::array<float, 3> f{1.0F, -2.0F, 3.5F};
  const std::array<std::uint8_t, 3> u{1, 254, 3};
  const std::array<std::int8_t, 3> s{1, -2, 3};
  EXPECT_TRUE(zc::view(i.data(), {3}) == zc::view(d.data(), {3}));
  EXPECT_FALSE(zc::view(i.data(), {3}) == zc::view(f.data(), {3}));
  EXPECT_TRUE(zc::view(i.data(), {3}) == zc::view(s.data(), {3}));
  EXPECT_FALSE(zc::view(s.data(), {3}) == zc::view(u.data(), {3}));  // -2 != 254
  const std::array<bool, 2> b{true, false};
  const std::array<std::uint8_t, 2> bu{1, 0};
  EXPECT_TRUE(zc::view(b.data(), {2}) == zc::view(bu.data(), {2}));
  const std::array<std::complex<double>, 2> c{std::complex<double>(1, 0),
                                              std::complex<double>(-2, 0)};
  EXPECT_TRUE(zc::view(c.data(), {2}) == zc::view(i.data(), {2}));
  const std::array<std::complex<double>, 2> ci{std::complex<double>(1, 1),
                                               std::complex<double>(-2, 0)};
  EXPECT_FALSE(zc::view(ci.data(), {2}) == zc::view(i.data(), {2}));
  // Large integers are compared exactly, not through a rounding double.
  const std::array<std::int64_t, 1> big{(std::int64_t{1} << 53) + 1};
  const std::array<double, 1> near{static_cast<double>(std::int64_t{1} << 53)};
  EXPECT_FALSE(zc::view(big.data(), {1}) == zc::view(near.data(), {1}));
  const std::array<std::uint64_t, 1> umax{std::numeric_limits<std::uint64_t>::max()};
  const std::array<std::int64_t, 1> minus_one{-1};
  EXPECT_FALSE(zc::view(umax.data(), {1}) == zc::view(minus_one.data(), {1}));
}

TEST(equality, nan_is_not_equal_to_itself_and_shapes_must_match) {
  const std::array<double, 2> n{1.0, std::numeric_limits<double>::quiet_NaN()};
  const buffer_view v = zc::view(n.data(), {2});
  EXPECT_FALSE(v == v);
  EXPECT_TRUE(v.slice(0, 0, 1) == v.slice(0, 0, 1));
  const std::array<double, 4> z{0.0, -0.0, 0.0, 0.0};
  EXPECT_TRUE(zc::view(z.data(), {2}) == zc::view(z.data() + 2, {2}));  // -0.0 == 0.0
  EXPECT_FALSE(zc::view(z.data(), {4}) == zc::view(z.data(), {2, 2}));
  EXPECT_FALSE(zc::view(z.data(), {4}) == zc::view(z.data(), {3}));
  EXPECT_TRUE(zc::view(z.data(), {0}) == zc::view(n.data(), {0}));
  EXPECT_FALSE(zc::view(z.data(), {0, 2}) == zc::view(n.data(), {2, 0}));
}

TEST(equality, half_floats) {
  // binary16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal = 0x0001.
  const std::array<std::uint16_t, 4> h{0x3C00, 0xC000, 0x7BFF, 0x0001};
  const std::array<double, 4> d{1.0, -2.0, 65504.0, std::ldexp(1.0, -24)};
  const buffer_view hv = zc::view(h.data(), {4}).cast(zc::dtype::parse("e"));
  EXPECT_TRUE(hv == zc::view(d.data(), {4}));
  const std::array<std::uint16_t, 1> nan{0x7E00};
  const buffer_view nv = zc::view(nan.data(), {1}).cast(zc::dtype::parse("e"));
  EXPECT_FALSE(nv == nv);
}

TEST(equality, ignores_unused_strides_of_extent_one_axes) {
  // An extent-1 axis may carry any stride (it is never applied); comparing
  // must not step a pointer by it (UBSan reported a pointer overflow here).
  std::array<std::int32_t, 3> a{1, 2, 3};
  const std::int64_t huge = std::numeric_limits<std::int64_t>::min() + 1;  // wraps any address
  const buffer_view odd = zc::view(a.data(), {3, 1}, {4, huge});
  const buffer_view plain = zc::view(a.data(), {3, 1});
  EXPECT_TRUE(odd == plain);
  EXPECT_TRUE(plain == odd);
  EXPECT_TRUE(odd.transpose() == plain.transpose());
  std::array<std::int32_t, 3> b{1, 2, 4};
  EXPECT_FALSE(odd == zc::view(b.data(), {3, 1}));
}

TEST(equality, allocates_nothing) {
  std::array<int, 6> a{1, 2, 3, 4, 5, 6};
  std::array<double, 6> b{1, 2, 3, 4, 5, 6};
  zc::test::allocation_counter counter;
  const bool same = zc::view(a.data(), {2, 3}) == zc::view(b.data(), {2, 3});
  EXPECT_TRUE(same);
  EXPECT_EQ(counter.count(), 0u);
}

}  // namespace
