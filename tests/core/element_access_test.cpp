// Typed element access: at<const T> (read), at<T> (checked write through
// element_ref), unchecked<T> (hot loops), and every refusal: wrong dtype,
// wrong byte order, wrong index count, index out of range, readonly write
// (at compile time for at<const T>, at run time for at<T>).
#include <gtest/gtest.h>

#include <array>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "zc/buffer_view.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

using zc::test::error_of;

// The compile-time half of readonly enforcement: at<const T>() yields a value,
// so assigning to it is ill-formed, while at<T>() yields an assignable ref.
template <class T>
concept const_at_assignable = requires(const buffer_view& v) {
  v.at<const T>(0) = T{};
};
template <class T>
concept at_assignable = requires(const buffer_view& v) {
  v.at<T>(0) = T{};
};
static_assert(!const_at_assignable<int>, "at<const int>(0) = 1 must not compile");
static_assert(!const_at_assignable<double>);
static_assert(at_assignable<int>, "at<int>(0) = 1 must compile (checked at run time)");
static_assert(
    std::is_same_v<decltype(std::declval<const buffer_view&>().at<const float>(0)), float>);
static_assert(std::is_same_v<decltype(std::declval<const buffer_view&>().at<float>(0)),
                             zc::element_ref<float>>);

TEST(element_access, reads_and_writes_2d_with_negative_indices) {
  std::array<double, 6> a{0, 1, 2, 3, 4, 5};
  const buffer_view m = zc::view(a.data(), {2, 3});
  zc::test::allocation_counter counter;
  EXPECT_EQ(m.at<const double>(1, 2), 5.0);
  EXPECT_EQ(m.at<const double>(-1, -3), 3.0);
  EXPECT_EQ(m.at<const double>(0, -1), 2.0);
  m.at<double>(1, 1) = 40.0;
  m.at<double>(0, 0) += 7.0;
  m.at<double>(0, 1) *= 3.0;
  m.at<double>(0, 2) -= 1.0;
  m.at<double>(1, 0) /= 2.0;
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(a, (std::array<double, 6>{7, 3, 1, 1.5, 40, 5}));
  // element_ref reads like a T and knows its address.
  const zc::element_ref<double> ref = m.at<double>(1, 1);
  const double read = ref;
  EXPECT_EQ(read, 40.0);
  EXPECT_EQ(ref.get(), 40.0);
  EXPECT_EQ(ref.address(), reinterpret_cast<std::byte*>(&a[4]));
  // Assigning one ref to another copies the value, not the reference.
  m.at<double>(0, 0) = m.at<double>(1, 2);
  EXPECT_EQ(a[0], 5.0);
}

TEST(element_access, through_strided_and_flipped_views) {
  std::array<std::int16_t, 8> a{10, 11, 12, 13, 14, 15, 16, 17};
  const buffer_view v = zc::view(a.data(), {8}).slice(0, 6, std::nullopt, -3);  // 6, 3, 0
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.at<const std::int16_t>(0), 16);
  EXPECT_EQ(v.at<const std::int16_t>(2), 10);
  v.at<std::int16_t>(1) = -1;
  EXPECT_EQ(a[3], -1);
}

TEST(element_access, unaligned_elements_are_safe) {
  // A double at an odd byte offset, as in a packed record or an SQLite blob.
  alignas(8) std::array<std::uint8_t, 32> raw{};
  const double value = 3.25;
  std::memcpy(raw.data() + 3, &value, sizeof value);
  std::memcpy(raw.data() + 3 + 13, &value, sizeof value);
  const buffer_view v(raw.data() + 3, zc::dtype_of<double>(), dims{2}, dims{13},
                      zc::access::read_write);
  EXPECT_EQ(v.alignment(), 1u);
  EXPECT_EQ(v.at<const double>(0), 3.25);
  EXPECT_EQ(v.at<const double>(1), 3.25);
  v.at<double>(1) = -2.5;
  double back = 0;
  std::memcpy(&back, raw.data() + 16, sizeof back);
  EXPECT_EQ(back, -2.5);
}

TEST(element_access, complex_and_bool_elements) {
  std::array<std::complex<float>, 2> c{std::complex<float>(1, 2), std::complex<float>(3, 4)};
  const buffer_view cv = zc::view(c.data(), {2});
  EXPECT_EQ(cv.at<const std::complex<float>>(1), std::complex<float>(3, 4));
  cv.at<std::complex<float>>(0) = std::complex<float>(-1, 0);
  EXPECT_EQ(c[0], std::complex<float>(-1, 0));
  std::array<bool, 3> b{true, false, true};
  const buffer_view bv = zc::view(b.data(), {3});
  EXPECT_TRUE(bv.at<const bool>(2));
  bv.at<bool>(2) = false;
  EXPECT_FALSE(b[2]);
}

TEST(element_access, readonly_write_is_refused_at_run_time) {
  std::array<int, 3> a{1, 2, 3};
  const buffer_view ro = zc::view(a.data(), {3}).as_readonly();
  EXPECT_EQ(ro.at<const int>(1), 2);  // reading is fine
  const std::string msg = error_of([&] { ro.at<int>(1) = 9; }, zc::errc::readonly);
  EXPECT_NE(msg.find("readonly"), std::string::npos) << msg;
  EXPECT_NE(msg.find("writable"), std::string::npos) << msg;
  (void)error_of([&] { ro.at<int>(0) += 1; }, zc::errc::readonly);
  EXPECT_EQ(a, (std::array<int, 3>{1, 2, 3}));  // nothing was written
  // A view made from const memory is readonly too.
  const std::array<int, 3>& ca = a;
  (void)error_of([&] { zc::view(ca.data(), {3}).at<int>(2) = 0; }, zc::errc::readonly);
  EXPECT_EQ(a[2], 3);
}

TEST(element_access, refuses_wrong_dtype_naming_both) {
  std::array<float, 4> a{};
  const buffer_view v = zc::view(a.data(), {4});
  const std::string msg = error_of([&] { (void)v.at<const double>(0); }, zc::errc::dtype_mismatch);
  EXPECT_NE(msg.find("<f8"), std::string::npos) << msg;
  EXPECT_NE(msg.find("<f4"), std::string::npos) << msg;
  (void)error_of([&] { (void)v.at<const std::int32_t>(0); }, zc::errc::dtype_mismatch);
  (void)error_of([&] { (void)v.at<const std::uint32_t>(0); }, zc::errc::dtype_mismatch);
  (void)error_of([&] { v.at<std::int32_t>(0) = 1; }, zc::errc::dtype_mismatch);
}

TEST(element_access, refuses_foreign_byte_order) {
  std::array<std::uint16_t, 2> a{0x0102, 0x0304};
  const zc::byte_order other =
      zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big : zc::byte_order::little;
  const buffer_view swapped = zc::view(a.data(), {2}).with_byte_order(other);
  const std::string msg =
      error_of([&] { (void)swapped.at<const std::uint16_t>(0); }, zc::errc::dtype_mismatch);
  EXPECT_NE(msg.find("byte order"), std::string::npos) << msg;
  // One-byte elements have no byte order to get wrong.
  const buffer_view bytes = zc::view(a.data(), {2}).cast(zc::dtype{}).with_byte_order(other);
  EXPECT_NO_THROW((void)bytes.at<const std::uint8_t>(0));
}

TEST(element_access, refuses_wrong_index_count) {
  std::array<int, 6> a{};
  const buffer_view m = zc::view(a.data(), {2, 3});
  const std::string msg = error_of([&] { (void)m.at<const int>(1); }, zc::errc::invalid_argument);
  EXPECT_NE(msg.find("1 indices"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rank 2"), std::string::npos) << msg;
  (void)error_of([&] { (void)m.at<const int>(0, 0, 0); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m.at<const int>(); }, zc::errc::invalid_argument);
}

TEST(element_access, refuses_index_out_of_range_naming_it) {
  std::array<int, 6> a{};
  const buffer_view m = zc::view(a.data(), {2, 3});
  const std::string msg = error_of([&] { (void)m.at<const int>(0, 3); }, zc::errc::out_of_range);
  EXPECT_NE(msg.find("index 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("axis 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("extent 3"), std::string::npos) << msg;
  (void)error_of([&] { (void)m.at<const int>(2, 0); }, zc::errc::out_of_range);
  (void)error_of([&] { (void)m.at<const int>(-3, 0); }, zc::errc::out_of_range);
  (void)error_of([&] { (void)m.at<const int>(0, -4); }, zc::errc::out_of_range);
  (void)error_of([&] { m.at<int>(0, 99) = 1; }, zc::errc::out_of_range);
  // Unsigned indices beyond INT64_MAX wrap to negatives and are still refused.
  (void)error_of([&] { (void)m.at<const int>(std::size_t{0}, ~std::size_t{0} - 100); },
                 zc::errc::out_of_range);
  const buffer_view empty = m.slice(0, 0, 0);
  (void)error_of([&] { (void)empty.at<const int>(0, 0); }, zc::errc::out_of_range);
}

TEST(element_access, unchecked_is_a_plain_reference) {
  std::array<std::int32_t, 12> a{};
  const buffer_view m = zc::view(a.data(), {3, 4}).transpose();  // 4x3, strides (4, 16)
  zc::test::allocation_counter counter;
  for (std::int64_t i = 0; i < 4; ++i) {
    for (std::int64_t j = 0; j < 3; ++j) {
      m.unchecked<std::int32_t>(i, j) = static_cast<std::int32_t>(10 * i + j);
    }
  }
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(&m.unchecked<std::int32_t>(1, 2), &a[2 * 4 + 1]);
  EXPECT_EQ(a[2 * 4 + 1], 12);
  EXPECT_EQ(m.at<const std::int32_t>(3, 0), 30);
}

}  // namespace
