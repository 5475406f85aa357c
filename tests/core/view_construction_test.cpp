// Making a buffer_view: validation (rank, extents, overflow), the layout
// queries, and that construction allocates nothing.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "zc/buffer_view.hpp"

namespace {

using zc::access;
using zc::buffer_view;
using zc::dims;

constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max();

using zc::test::error_of;

std::vector<std::int64_t> to_vec(std::span<const std::int64_t> s) { return {s.begin(), s.end()}; }

TEST(view_construction, default_view_is_empty_readonly_1d) {
  const buffer_view v;
  EXPECT_EQ(v.rank(), 1u);
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.nbytes(), 0u);
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(v.readonly());
  EXPECT_EQ(v.data(), nullptr);
  EXPECT_EQ(v.dtype(), zc::dtype_of<std::uint8_t>());
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_TRUE(v.is_f_contiguous());
  EXPECT_EQ(v.byte_extent().lo, 0);
  EXPECT_EQ(v.byte_extent().hi, 0);
  EXPECT_EQ(v.owner(), nullptr);
}

TEST(view_construction, c_order_by_default_and_queries) {
  std::array<double, 12> a{};
  zc::test::allocation_counter counter;
  const buffer_view v = zc::view(a.data(), {3, 4});
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(v.data(), a.data());
  EXPECT_EQ(v.rank(), 2u);
  EXPECT_EQ(to_vec(v.shape()), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(to_vec(v.strides()), (std::vector<std::int64_t>{32, 8}));
  EXPECT_EQ(v.shape(0), 3);
  EXPECT_EQ(v.shape(-1), 4);
  EXPECT_EQ(v.stride(-2), 32);
  EXPECT_EQ(v.size(), 12u);
  EXPECT_EQ(v.nbytes(), 96u);
  EXPECT_EQ(v.itemsize(), 8u);
  EXPECT_FALSE(v.readonly());
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_FALSE(v.is_f_contiguous());
  EXPECT_TRUE(v.is_contiguous());
  EXPECT_EQ(v.byte_extent().lo, 0);
  EXPECT_EQ(v.byte_extent().hi, 96);
  EXPECT_EQ(v.byte_extent().length(), 96);
  EXPECT_EQ(v.describe(), "'<f8' (float64) view of shape (3, 4), strides (32, 8)");
  (void)error_of([&] { (void)v.shape(2); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)v.stride(-3); }, zc::errc::invalid_argument);
}

TEST(view_construction, const_pointer_gives_readonly) {
  const std::array<int, 4> a{1, 2, 3, 4};
  const buffer_view v = zc::view(a.data(), {4});
  EXPECT_TRUE(v.readonly());
  const std::string msg = error_of([&] { (void)v.mutable_bytes(); }, zc::errc::readonly);
  EXPECT_NE(msg.find("writable"), std::string::npos) << msg;
  EXPECT_NE(msg.find("readonly"), std::string::npos) << msg;
}

TEST(view_construction, explicit_strides_fortran_and_padded) {
  std::array<float, 12> a{};
  // F order 3x4: strides (4, 12).
  const buffer_view f = zc::view(a.data(), {3, 4}, {4, 12});
  EXPECT_TRUE(f.is_f_contiguous());
  EXPECT_FALSE(f.is_c_contiguous());
  EXPECT_EQ(zc::f_strides(dims{3, 4}, 4), (dims{4, 12}));
  EXPECT_EQ(zc::c_strides(dims{3, 4}, 4), (dims{16, 4}));
  // Padded rows: 3 rows of 3 floats, row stride 16 bytes.
  const buffer_view p = zc::view(a.data(), {3, 3}, {16, 4});
  EXPECT_FALSE(p.is_c_contiguous());
  EXPECT_FALSE(p.is_f_contiguous());
  EXPECT_EQ(p.byte_extent().hi, 2 * 16 + 2 * 4 + 4);
  // Strides need not be multiples of the item size.
  const buffer_view odd = zc::view(a.data(), {2}, {5});
  EXPECT_EQ(odd.byte_extent().hi, 9);
}

TEST(view_construction, extent_one_axes_are_ignored_for_contiguity) {
  std::array<std::int16_t, 6> a{};
  // Shape (1, 6) with a nonsense stride on the extent-1 axis: still both C and F.
  const buffer_view v = zc::view(a.data(), {1, 6}, {12345, 2});
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_TRUE(v.is_f_contiguous());
  const buffer_view w = zc::view(a.data(), {6, 1}, {2, -7});
  EXPECT_TRUE(w.is_c_contiguous());
  EXPECT_TRUE(w.is_f_contiguous());
  // A 2x3 with a wrong stride is neither.
  const buffer_view x = zc::view(a.data(), {2, 3}, {4, 2});
  EXPECT_FALSE(x.is_c_contiguous());
  EXPECT_FALSE(x.is_f_contiguous());
}

TEST(view_construction, empty_views_are_contiguous_and_may_be_null) {
  const buffer_view e(nullptr, zc::dtype::parse("<f4"), dims{0, 5}, dims{20, 4},
                      access::read_write);
  EXPECT_EQ(e.size(), 0u);
  EXPECT_TRUE(e.is_c_contiguous());
  EXPECT_TRUE(e.is_f_contiguous());
  EXPECT_EQ(e.byte_extent().lo, 0);
  EXPECT_EQ(e.byte_extent().hi, 0);
  // A zero extent makes even huge other extents fine: no element is reachable.
  const buffer_view big(nullptr, zc::dtype{}, dims{0, i64_max}, dims{1, 1}, access::read_only);
  EXPECT_EQ(big.size(), 0u);
}

TEST(view_construction, rank_zero_is_one_element) {
  double x = 2.5;
  const buffer_view s = zc::view(&x, dims{});
  EXPECT_EQ(s.rank(), 0u);
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.nbytes(), 8u);
  EXPECT_TRUE(s.is_c_contiguous());
  EXPECT_EQ(s.at<const double>(), 2.5);
  EXPECT_EQ(s.byte_extent().hi, 8);
}

TEST(view_construction, rank_eight_is_inline_rank_nine_refused) {
  std::array<std::uint8_t, 256> a{};
  zc::test::allocation_counter counter;
  const buffer_view v = zc::view(a.data(), {2, 2, 2, 2, 2, 2, 2, 2});
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(v.rank(), 8u);
  EXPECT_EQ(v.size(), 256u);
  const std::array<std::int64_t, 9> nine{1, 1, 1, 1, 1, 1, 1, 1, 1};
  const std::string msg = error_of([&] { (void)dims(std::span<const std::int64_t>(nine)); },
                                   zc::errc::invalid_argument);
  EXPECT_NE(msg.find("9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("8"), std::string::npos) << msg;
  dims d{1, 1, 1, 1, 1, 1, 1, 1};
  (void)error_of([&] { d.push_back(1); }, zc::errc::invalid_argument);
}

TEST(view_construction, refuses_negative_extent) {
  std::array<std::uint8_t, 4> a{};
  const std::string msg = error_of(
      [&] {
        (void)zc::view(a.data(), {2, -1});
      },
      zc::errc::invalid_argument);
  EXPECT_NE(msg.find("-1"), std::string::npos) << msg;
  (void)error_of(
      [&] { (void)buffer_view(a.data(), zc::dtype{}, dims{-3}, dims{1}, access::read_only); },
      zc::errc::invalid_argument);
}

TEST(view_construction, refuses_rank_mismatch_between_shape_and_strides) {
  std::array<std::uint8_t, 4> a{};
  const std::string msg = error_of(
      [&] {
        (void)buffer_view(a.data(), zc::dtype{}, dims{2, 2}, dims{1}, access::read_only);
      },
      zc::errc::invalid_argument);
  EXPECT_NE(msg.find("2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1"), std::string::npos) << msg;
}

TEST(view_construction, refuses_null_data_for_nonempty_view) {
  (void)error_of(
      [] { (void)buffer_view(nullptr, zc::dtype{}, dims{4}, dims{1}, access::read_only); },
      zc::errc::invalid_argument);
}

TEST(view_construction, refuses_size_overflow) {
  std::array<std::uint64_t, 4> a{};
  // Element count overflows 64 bits.
  (void)error_of([&] { (void)zc::view(a.data(), {i64_max, i64_max}, {0, 0}); }, zc::errc::overflow);
  // Element count fits but the byte size does not.
  (void)error_of([&] { (void)zc::view(a.data(), {i64_max / 4}, {0}); }, zc::errc::overflow);
  // C strides of a huge shape overflow.
  (void)error_of([&] { (void)zc::view(a.data(), {i64_max / 2, 4}); }, zc::errc::overflow);
  // Byte extent overflows (stride * (extent - 1)).
  (void)error_of([&] { (void)zc::view(a.data(), {3}, {i64_max / 2 + 1}); }, zc::errc::overflow);
  (void)error_of([&] { (void)zc::view(a.data(), {3}, {-(i64_max / 2) - 1}); }, zc::errc::overflow);
  // Extent sums overflow across axes.
  (void)error_of(
      [&] {
        (void)zc::view(a.data(), {2, 2}, {i64_max - 4, i64_max - 4});
      },
      zc::errc::overflow);
  // Unsigned extents above INT64_MAX.
  (void)error_of([] { (void)dims{std::numeric_limits<std::uint64_t>::max()}; }, zc::errc::overflow);
}

// Size refusals name what was found (the numbers, the shape) and what was
// expected, not only that something overflowed.  Before, the messages were
// "extent or stride does not fit in a signed 64-bit integer", "the byte size
// of a dense layout of this shape overflows 64 bits" and "byte extent wraps
// around the address space", with no number in them.
TEST(view_construction, size_refusals_name_the_numbers) {
  std::array<std::uint64_t, 4> a{};
  const std::string unsigned_msg =
      error_of([] { (void)dims{std::numeric_limits<std::uint64_t>::max()}; }, zc::errc::overflow);
  ZC_EXPECT_CONTAINS(unsigned_msg, "18446744073709551615");
  ZC_EXPECT_CONTAINS(unsigned_msg, std::to_string(i64_max));
  const std::string dense_msg = error_of(
      [&] {
        (void)zc::view(a.data(), {i64_max / 2, 4});
      },
      zc::errc::overflow);
  ZC_EXPECT_CONTAINS(dense_msg, "(" + std::to_string(i64_max / 2) + ", 4)");
  ZC_EXPECT_CONTAINS(dense_msg, "8-byte");
  const std::string f_msg = error_of(
      [&] {
        (void)zc::f_strides(dims{3, i64_max / 2}, 2);
      },
      zc::errc::overflow);
  ZC_EXPECT_CONTAINS(f_msg, "(3, " + std::to_string(i64_max / 2) + ")");
  const std::string wrap_msg =
      error_of([&] { (void)zc::view(a.data(), {2}, {-(i64_max / 2)}); }, zc::errc::overflow);
  ZC_EXPECT_CONTAINS(wrap_msg, "(2,)");
  ZC_EXPECT_CONTAINS(wrap_msg, std::to_string(-(i64_max / 2)));
}

// An empty shape has no bytes: a huge other extent is no overflow, for the
// dense strides as for the explicit-stride constructor.  (Before, c_strides
// threw overflow for {0, 2^62}.)  A non-empty shape of that size still throws.
TEST(view_construction, empty_shapes_with_huge_extents_are_not_overflow) {
  std::array<double, 1> a{};
  constexpr std::int64_t huge = std::int64_t{1} << 62;
  for (const dims& shape : {dims{0, huge}, dims{huge, 0}, dims{huge, 0, huge}}) {
    const buffer_view c = zc::view(a.data(), shape);
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.shape_dims(), shape);
    EXPECT_TRUE(c.is_c_contiguous());
    const buffer_view f(a.data(), zc::dtype_of<double>(), shape, zc::f_strides(shape, 8),
                        access::read_write);
    EXPECT_TRUE(f.empty());
    EXPECT_EQ(f.nbytes(), 0u);
    // Strides that fit are the dense ones; the innermost is the item size.
    EXPECT_EQ(zc::c_strides(shape, 8)[shape.size() - 1], 8);
    EXPECT_EQ(zc::f_strides(shape, 8)[0], 8);
  }
  EXPECT_EQ(zc::c_strides(dims{0, huge}, 8), (dims{0, 8}));
  EXPECT_EQ(zc::f_strides(dims{huge, 0}, 8), (dims{8, 0}));
  // The explicit-stride constructor accepted these before; it still does.
  EXPECT_TRUE(zc::view(a.data(), {0, huge}, {0, 8}).empty());
  // Empty views derived from them stay usable.
  const buffer_view v = zc::view(a.data(), dims{0, huge});
  EXPECT_EQ(v.transpose().shape_dims(), (dims{huge, 0}));
  EXPECT_TRUE(v.cast(zc::dtype_of<std::uint8_t>()).empty());
  // Non-empty shapes of that size still overflow.
  (void)error_of([&] { (void)zc::c_strides(dims{2, huge}, 8); }, zc::errc::overflow);
  (void)error_of([&] { (void)zc::f_strides(dims{huge, 2}, 8); }, zc::errc::overflow);
  (void)error_of([&] { (void)zc::view(a.data(), {1, huge, 4}); }, zc::errc::overflow);
}

// The zero may come after extents whose product already overflows: the view
// is still empty.  (Before, {2^62, 2^62, 0} threw overflow while
// {2^62, 0, 2^62} was accepted; found through fuzz_sqlite_array_store.)
TEST(view_construction, empty_shape_is_empty_wherever_its_zero_is) {
  std::array<double, 1> a{};
  constexpr std::int64_t huge = std::int64_t{1} << 62;
  for (const dims& shape : {dims{huge, huge, 0}, dims{huge, huge, huge, 0, 3}}) {
    const buffer_view c = zc::view(a.data(), shape);
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c.size(), 0u);
    EXPECT_EQ(c.shape_dims(), shape);
    const buffer_view s(a.data(), zc::dtype_of<double>(), shape, zc::f_strides(shape, 8),
                        access::read_only);
    EXPECT_TRUE(s.empty());
  }
  // A negative extent is named even when earlier extents overflow.
  (void)error_of(
      [&] {
        (void)zc::view(a.data(), {huge, huge, -1}, {8, 8, 8});
      },
      zc::errc::invalid_argument);
  (void)error_of([&] { (void)zc::view(a.data(), {huge, huge, 1}, {0, 0, 8}); }, zc::errc::overflow);
}

TEST(view_construction, refuses_extent_wrapping_the_address_space) {
  std::array<std::uint8_t, 16> a{};
  // Reaching 2^62 bytes below a stack address wraps below zero.
  (void)error_of([&] { (void)zc::view(a.data() + 8, {2}, {-(i64_max / 2)}); }, zc::errc::overflow);
}

TEST(view_construction, byte_extent_with_negative_strides) {
  std::array<std::int32_t, 12> a{};
  // Element [0,0] is the last element; both axes step backwards.
  const buffer_view v = zc::view(a.data() + 11, {3, 4}, {-16, -4});
  EXPECT_EQ(v.byte_extent().lo, -44);
  EXPECT_EQ(v.byte_extent().hi, 4);
  EXPECT_EQ(v.byte_extent().length(), 48);
  // Mixed signs.
  const buffer_view m = zc::view(a.data() + 8, {3, 4}, {-16, 4});
  EXPECT_EQ(m.byte_extent().lo, -32);
  EXPECT_EQ(m.byte_extent().hi, 16);
}

TEST(view_construction, alignment_is_observed) {
  alignas(64) std::array<std::uint8_t, 256> a{};
  EXPECT_EQ(zc::view(a.data(), {64}).alignment(), 1u);  // stride 1
  EXPECT_GE(zc::view(a.data(), dims{1}).alignment(), 64u);
  EXPECT_EQ(zc::view(a.data(), dims{4}, dims{8}).alignment(), 8u);
  EXPECT_EQ(zc::view(a.data() + 4, dims{4}, dims{8}).alignment(), 4u);
  EXPECT_EQ(zc::view(a.data() + 2, dims{1}).alignment(), 2u);
  // Extent-1 axes do not count; zero strides do not lower it.
  EXPECT_EQ(zc::view(a.data(), dims{1, 4}, dims{3, 16}).alignment(), 16u);
  EXPECT_GE(zc::view(a.data(), dims{4}, dims{0}).alignment(), 64u);
  EXPECT_LE(zc::view(a.data(), dims{1}).alignment(), 4096u);
}

TEST(view_construction, owner_keeps_memory_alive_and_copies_share_it) {
  auto storage = std::make_shared<std::vector<int>>(std::vector<int>{1, 2, 3});
  const int* raw = storage->data();
  buffer_view v = zc::view(*storage).with_owner(storage);
  EXPECT_EQ(storage.use_count(), 2);
  std::weak_ptr<std::vector<int>> weak = storage;
  storage.reset();
  EXPECT_FALSE(weak.expired());
  {
    zc::test::allocation_counter counter;
    const buffer_view copy = v;  // NOLINT(performance-unnecessary-copy-initialization)
    EXPECT_EQ(counter.count(), 0u);
    EXPECT_EQ(copy.data(), raw);
    EXPECT_EQ(weak.use_count(), 2);
  }
  EXPECT_EQ(v.at<const int>(2), 3);
  v.release();
  EXPECT_TRUE(weak.expired());
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.data(), nullptr);
}

TEST(view_construction, release_keeps_memory_for_other_views) {
  auto storage = std::make_shared<std::vector<int>>(std::vector<int>{7, 8});
  buffer_view a = zc::view(storage);
  buffer_view b = a;
  std::weak_ptr<std::vector<int>> weak = storage;
  storage.reset();
  a.release();
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(b.at<const int>(1), 8);
  b.release();
  EXPECT_TRUE(weak.expired());
}

}  // namespace
