// Zero-copy view operations: slice (Python semantics), select, transpose,
// permute, swap_axes, flip, reshape, cast, with_byte_order, as_readonly.
// Each one is checked for pointer identity, element identity and for making
// no heap allocation; each refusal path is checked for its code and message.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "zc/buffer_view.hpp"

namespace {

using zc::buffer_view;
using zc::dims;
using opt = std::optional<std::int64_t>;
constexpr opt none = std::nullopt;

using zc::test::error_of;

std::vector<std::int64_t> to_vec(std::span<const std::int64_t> s) { return {s.begin(), s.end()}; }

// The int32 values of a 1-d view, read through at<const int>.
std::vector<int> values_1d(const buffer_view& v) {
  std::vector<int> out;
  for (std::int64_t i = 0; i < v.shape(0); ++i) out.push_back(v.at<const int>(i));
  return out;
}

// Ten ints 0..9 as a 1-d view, kept alive by the fixture.
class slicing : public ::testing::Test {
 protected:
  slicing() { std::iota(data_.begin(), data_.end(), 0); }
  std::array<int, 10> data_{};
  buffer_view v_ = zc::view(data_.data(), {10});

  std::vector<int> sliced(opt start, opt stop, std::int64_t step = 1) {
    zc::test::allocation_counter counter;
    const buffer_view s = v_.slice(0, start, stop, step);
    EXPECT_EQ(counter.count(), 0u);
    return values_1d(s);
  }
};

TEST_F(slicing, python_examples) {
  using V = std::vector<int>;
  EXPECT_EQ(sliced(8, 2, -2), (V{8, 6, 4}));  // list(range(10))[8:2:-2]
  EXPECT_EQ(sliced(none, none, -1), (V{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(sliced(-100, 100), (V{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(sliced(2, 5), (V{2, 3, 4}));
  EXPECT_EQ(sliced(-3, none), (V{7, 8, 9}));
  EXPECT_EQ(sliced(none, -3), (V{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(sliced(none, none, 3), (V{0, 3, 6, 9}));
  EXPECT_EQ(sliced(1, none, 4), (V{1, 5, 9}));
  EXPECT_EQ(sliced(1, none, -1), (V{1, 0}));
  EXPECT_EQ(sliced(-1, -11, -1), (V{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(sliced(100, -100, -3), (V{9, 6, 3, 0}));
  EXPECT_EQ(sliced(none, none, -100), (V{9}));
  EXPECT_EQ(sliced(none, none, 100), (V{0}));
  EXPECT_EQ(sliced(-2, none, -2), (V{8, 6, 4, 2, 0}));
  EXPECT_EQ(sliced(5, 4, -1), (V{5}));
  // Empty results.
  EXPECT_EQ(sliced(5, 2), V{});
  EXPECT_EQ(sliced(100, none), V{});
  EXPECT_EQ(sliced(none, -100), V{});
  EXPECT_EQ(sliced(2, 8, -1), V{});
  EXPECT_EQ(sliced(-100, none, -1), V{});
  EXPECT_EQ(sliced(3, 3), V{});
}

TEST_F(slicing, matches_a_brute_force_python_reference) {
  // Python's rule spelled out differently: walk i = start, start+step, ...
  // from the adjusted start while i is inside [0, len) and before stop.
  const std::int64_t len = 10;
  for (std::int64_t step : {-4, -3, -2, -1, 1, 2, 3, 7}) {
    for (std::int64_t start = -13; start <= 13; ++start) {
      for (std::int64_t stop = -13; stop <= 13; ++stop) {
        std::int64_t b = start < 0 ? start + len : start;
        std::int64_t e = stop < 0 ? stop + len : stop;
        std::vector<int> expected;
        if (step > 0) {
          b = std::max<std::int64_t>(b, 0);
          e = std::min(e, len);
          for (std::int64_t i = b; i < e; i += step) expected.push_back(static_cast<int>(i));
        } else {
          b = std::min(b, len - 1);
          e = std::max<std::int64_t>(e, -1);
          for (std::int64_t i = b; i > e; i += step) expected.push_back(static_cast<int>(i));
        }
        ASSERT_EQ(sliced(start, stop, step), expected)
            << "[" << start << ":" << stop << ":" << step << "]";
      }
    }
  }
}

TEST_F(slicing, shares_memory_and_sets_strides) {
  const buffer_view s = v_.slice(0, 8, 2, -2);
  EXPECT_EQ(s.data(), &data_[8]);
  EXPECT_EQ(s.stride(0), -8);
  EXPECT_FALSE(s.readonly());
  s.at<int>(1) = 60;
  EXPECT_EQ(data_[6], 60);
  const buffer_view t = v_.slice(-1, 3, none);
  EXPECT_EQ(t.data(), &data_[3]);
  EXPECT_TRUE(t.is_c_contiguous());
  // Extreme steps do not overflow.
  const buffer_view u = v_.slice(0, none, none, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(values_1d(u), std::vector<int>{9});
  const buffer_view w = v_.slice(0, none, none, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(values_1d(w), std::vector<int>{0});
}

TEST_F(slicing, refuses_step_zero_and_bad_axis) {
  const std::string msg = error_of([&] { (void)v_.slice(0, 1, 5, 0); }, zc::errc::invalid_argument);
  EXPECT_NE(msg.find("step"), std::string::npos) << msg;
  const std::string axis_msg =
      error_of([&] { (void)v_.slice(1, 0, 1); }, zc::errc::invalid_argument);
  EXPECT_NE(axis_msg.find("axis 1"), std::string::npos) << axis_msg;
  EXPECT_NE(axis_msg.find("rank 1"), std::string::npos) << axis_msg;
  (void)error_of([&] { (void)v_.slice(-2, 0, 1); }, zc::errc::invalid_argument);
}

// A 3x4 matrix of int32 0..11, C order.
class matrix_ops : public ::testing::Test {
 protected:
  matrix_ops() { std::iota(data_.begin(), data_.end(), 0); }
  std::array<int, 12> data_{};
  buffer_view m_ = zc::view(data_.data(), {3, 4});
};

TEST_F(matrix_ops, slice_2d_on_each_axis) {
  zc::test::allocation_counter counter;
  const buffer_view cols = m_.slice(1, 1, 3);                             // m[:, 1:3]
  const buffer_view rows = m_.slice(0, none, none, -1);                   // m[::-1]
  const buffer_view both = m_.slice(0, 1, none).slice(1, none, none, 2);  // m[1:, ::2]
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(to_vec(cols.shape()), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(cols.data(), &data_[1]);
  EXPECT_FALSE(cols.is_c_contiguous());
  EXPECT_EQ(cols.at<const int>(2, 1), 10);
  EXPECT_EQ(rows.data(), &data_[8]);
  EXPECT_EQ(rows.stride(0), -16);
  EXPECT_EQ(rows.at<const int>(0, 3), 11);
  EXPECT_EQ(to_vec(both.shape()), (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(both.at<const int>(1, 1), 10);
  EXPECT_EQ(both.data(), &data_[4]);
}

TEST_F(matrix_ops, select_drops_the_axis) {
  zc::test::allocation_counter counter;
  const buffer_view row = m_.select(0, 1);
  const buffer_view col = m_.select(1, -1);
  const buffer_view scalar = row.select(0, 2);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(row.rank(), 1u);
  EXPECT_EQ(row.data(), &data_[4]);
  EXPECT_EQ(values_1d(row), (std::vector<int>{4, 5, 6, 7}));
  EXPECT_EQ(col.data(), &data_[3]);
  EXPECT_EQ(col.stride(0), 16);
  EXPECT_EQ(values_1d(col), (std::vector<int>{3, 7, 11}));
  EXPECT_EQ(scalar.rank(), 0u);
  EXPECT_EQ(scalar.data(), &data_[6]);
  EXPECT_EQ(scalar.at<const int>(), 6);
}

TEST_F(matrix_ops, select_refuses_out_of_range) {
  const std::string msg = error_of([&] { (void)m_.select(0, 3); }, zc::errc::out_of_range);
  EXPECT_NE(msg.find("3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("extent 3"), std::string::npos) << msg;
  (void)error_of([&] { (void)m_.select(1, -5); }, zc::errc::out_of_range);
  (void)error_of([&] { (void)m_.select(2, 0); }, zc::errc::invalid_argument);
  double x = 0;
  (void)error_of([&] { (void)zc::view(&x, dims{}).select(0, 0); }, zc::errc::invalid_argument);
}

TEST_F(matrix_ops, transpose_permute_swap) {
  zc::test::allocation_counter counter;
  const buffer_view t = m_.transpose();
  const buffer_view p = m_.permute(dims{1, 0});
  const buffer_view s = m_.swap_axes(0, -1);
  EXPECT_EQ(counter.count(), 0u);
  for (const buffer_view* v : {&t, &p, &s}) {
    EXPECT_EQ(v->data(), data_.data());
    EXPECT_EQ(to_vec(v->shape()), (std::vector<std::int64_t>{4, 3}));
    EXPECT_EQ(to_vec(v->strides()), (std::vector<std::int64_t>{4, 16}));
    EXPECT_TRUE(v->is_f_contiguous());
    EXPECT_FALSE(v->is_c_contiguous());
    EXPECT_EQ(v->at<const int>(3, 2), 11);
    EXPECT_EQ(v->at<const int>(1, 2), 9);
  }
  // Rank 3: permute (2, 0, 1).
  std::array<std::uint8_t, 24> bytes{};
  const buffer_view c = zc::view(bytes.data(), {2, 3, 4});
  const buffer_view q = c.permute(dims{2, 0, 1});
  EXPECT_EQ(to_vec(q.shape()), (std::vector<std::int64_t>{4, 2, 3}));
  EXPECT_EQ(to_vec(q.strides()), (std::vector<std::int64_t>{1, 12, 4}));
  EXPECT_EQ(to_vec(c.transpose().shape()), (std::vector<std::int64_t>{4, 3, 2}));
  EXPECT_EQ(c.permute(dims{-1, 0, 1}).shape_dims(), q.shape_dims());
}

TEST_F(matrix_ops, permute_refuses_bad_orders) {
  const std::string msg = error_of(
      [&] {
        (void)m_.permute(dims{0, 0});
      },
      zc::errc::invalid_argument);
  EXPECT_NE(msg.find("repeats"), std::string::npos) << msg;
  (void)error_of([&] { (void)m_.permute(dims{0}); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m_.permute(dims{0, 1, 2}); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m_.permute(dims{0, 2}); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m_.swap_axes(0, 2); }, zc::errc::invalid_argument);
}

TEST_F(matrix_ops, flip_moves_data_to_the_last_element) {
  zc::test::allocation_counter counter;
  const buffer_view f0 = m_.flip(0);
  const buffer_view f1 = m_.flip(-1);
  const buffer_view both = f0.flip(1);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(f0.data(), &data_[8]);
  EXPECT_EQ(f0.stride(0), -16);
  EXPECT_EQ(f0.at<const int>(0, 0), 8);
  EXPECT_EQ(f1.data(), &data_[3]);
  EXPECT_EQ(f1.at<const int>(0, 0), 3);
  EXPECT_EQ(both.data(), &data_[11]);
  EXPECT_EQ(both.at<const int>(2, 3), 0);
  EXPECT_EQ(both.byte_extent().lo, -44);
  EXPECT_EQ(both.byte_extent().hi, 4);
  EXPECT_EQ(both.flip(0).flip(1).data(), data_.data());
  (void)error_of([&] { (void)m_.flip(2); }, zc::errc::invalid_argument);
}

TEST_F(matrix_ops, reshape_contiguous_and_inferred) {
  zc::test::allocation_counter counter;
  const buffer_view r = m_.reshape(dims{2, 6});
  const buffer_view inferred = m_.reshape(dims{-1, 3});
  const buffer_view flat = m_.flatten();
  const buffer_view r3 = m_.reshape(dims{2, 1, 3, 2});
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(r.data(), data_.data());
  EXPECT_EQ(to_vec(r.strides()), (std::vector<std::int64_t>{24, 4}));
  EXPECT_EQ(r.at<const int>(1, 0), 6);
  EXPECT_EQ(to_vec(inferred.shape()), (std::vector<std::int64_t>{4, 3}));
  EXPECT_EQ(to_vec(flat.shape()), (std::vector<std::int64_t>{12}));
  EXPECT_EQ(flat.at<const int>(7), 7);
  EXPECT_EQ(r3.at<const int>(1, 0, 2, 1), 11);
}

TEST_F(matrix_ops, reshape_strided_where_layout_allows) {
  // m[:, ::2] is 3x2 with strides (16, 8): the row stride is 2 column strides, so it
  // flattens to one axis of stride 8 (elements 0, 2, 4, ...).
  const buffer_view every_other = m_.slice(1, none, none, 2).flatten();
  EXPECT_EQ(every_other.stride(0), 8);
  EXPECT_EQ(values_1d(every_other), (std::vector<int>{0, 2, 4, 6, 8, 10}));
  // m[:, :2] is 3x2 with strides (16, 4): splitting axis 0 works, merging does not.
  const buffer_view s = m_.slice(1, none, 2);
  const buffer_view split = s.reshape(dims{3, 1, 2});
  EXPECT_EQ(split.data(), data_.data());
  EXPECT_EQ(split.at<const int>(2, 0, 1), 9);
  const std::string msg = error_of([&] { (void)s.reshape(dims{6}); }, zc::errc::layout);
  EXPECT_NE(msg.find("zc::copy"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(3, 2)"), std::string::npos) << msg;
  // Rows are still contiguous in a row-sliced view: (3,4)[::2] -> (2,2,2) works.
  const buffer_view rows = m_.slice(0, none, none, 2);
  const buffer_view rs = rows.reshape(dims{2, 2, 2});
  EXPECT_EQ(rs.at<const int>(1, 1, 0), 10);
  // A flipped 1-d view reshapes with negative strides.
  const buffer_view rev = m_.flatten().flip(0).reshape(dims{2, 6});
  EXPECT_EQ(rev.at<const int>(0, 0), 11);
  EXPECT_EQ(rev.at<const int>(1, 5), 0);
  // A transposed (F-order) view cannot reshape in C order without a copy.
  (void)error_of([&] { (void)m_.transpose().flatten(); }, zc::errc::layout);
}

TEST_F(matrix_ops, reshape_refuses_wrong_counts) {
  const std::string msg = error_of([&] { (void)m_.reshape(dims{5, 2}); }, zc::errc::shape_mismatch);
  EXPECT_NE(msg.find("12"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(5, 2)"), std::string::npos) << msg;
  (void)error_of([&] { (void)m_.reshape(dims{-1, 5}); }, zc::errc::shape_mismatch);
  (void)error_of([&] { (void)m_.reshape(dims{-1, 0}); }, zc::errc::shape_mismatch);
  (void)error_of([&] { (void)m_.reshape(dims{-2, 6}); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m_.reshape(dims{-1, -1}); }, zc::errc::invalid_argument);
}

// An empty view reshapes and casts to any empty shape, wherever its zero
// is: {2^62, 2^62, 0} has no element even though 2^62 * 2^62 overflows.
TEST(view_ops, empty_shapes_with_huge_extents_reshape_and_cast) {
  std::array<double, 1> a{};
  constexpr std::int64_t huge = std::int64_t{1} << 62;
  const buffer_view empty = zc::view(a.data(), {0});
  for (const dims& shape : {dims{huge, huge, 0}, dims{0, huge, huge}, dims{huge, 0, huge}}) {
    const buffer_view r = empty.reshape(shape);
    EXPECT_EQ(r.shape_dims(), shape);
    EXPECT_TRUE(r.empty());
    const buffer_view c = empty.cast(zc::dtype_of<std::uint8_t>(), shape);
    EXPECT_EQ(c.shape_dims(), shape);
    EXPECT_TRUE(c.empty());
  }
  // Non-empty shapes whose count overflows are still refused.
  (void)error_of([&] { (void)empty.reshape(dims{huge, huge, 1}); }, zc::errc::overflow);
  const std::string msg = error_of(
      [&] {
        (void)empty.cast(zc::dtype_of<std::uint8_t>(), dims{huge, huge, 1});
      },
      zc::errc::overflow);
  EXPECT_NE(msg.find("overflows"), std::string::npos) << msg;
}

TEST_F(matrix_ops, cast_to_bytes_and_back) {
  zc::test::allocation_counter counter;
  const buffer_view b = m_.cast(zc::dtype_of<std::uint8_t>());
  const buffer_view back = b.cast(zc::dtype_of<int>(), dims{4, 3});
  const buffer_view d = m_.cast(zc::dtype_of<double>(), dims{6});
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(b.data(), data_.data());
  EXPECT_EQ(to_vec(b.shape()), (std::vector<std::int64_t>{48}));
  EXPECT_EQ(b.itemsize(), 1u);
  EXPECT_EQ(back.data(), data_.data());
  EXPECT_EQ(back.at<const int>(3, 2), 11);
  EXPECT_TRUE(back.is_c_contiguous());
  EXPECT_EQ(d.nbytes(), 48u);
  EXPECT_FALSE(d.readonly());
  EXPECT_TRUE(m_.as_readonly().cast(zc::dtype{}).readonly());
}

TEST_F(matrix_ops, cast_fortran_input_keeps_fortran_order) {
  // The transpose of a C matrix is F-contiguous; memoryview would refuse it.
  const buffer_view t = m_.transpose();  // 4x3, strides (4, 16)
  const buffer_view bytes = t.cast(zc::dtype_of<std::uint8_t>(), dims{16, 3});
  EXPECT_EQ(bytes.data(), data_.data());
  EXPECT_TRUE(bytes.is_f_contiguous());
  EXPECT_EQ(to_vec(bytes.strides()), (std::vector<std::int64_t>{1, 16}));
  // bytes[4*i + k, j] is byte k of t[i, j] == m[j, i].
  const int value = t.at<const int>(2, 1);
  std::array<std::uint8_t, 4> raw{};
  for (std::size_t k = 0; k < 4; ++k) {
    raw[k] = bytes.at<const std::uint8_t>(static_cast<std::int64_t>(4 * 2 + k), 1);
  }
  int rebuilt = 0;
  std::memcpy(&rebuilt, raw.data(), 4);
  EXPECT_EQ(rebuilt, value);
  EXPECT_EQ(value, 6);
}

TEST_F(matrix_ops, cast_refusals) {
  const buffer_view strided = m_.slice(1, none, none, 2);
  const std::string layout_msg =
      error_of([&] { (void)strided.cast(zc::dtype{}); }, zc::errc::layout);
  EXPECT_NE(layout_msg.find("contiguous"), std::string::npos) << layout_msg;
  EXPECT_NE(layout_msg.find("(3, 2)"), std::string::npos) << layout_msg;
  // 3 ints are 12 bytes: not a whole number of 8-byte doubles.
  const buffer_view row = m_.select(0, 0).slice(0, 0, 3);
  const std::string len_msg =
      error_of([&] { (void)row.cast(zc::dtype_of<double>()); }, zc::errc::shape_mismatch);
  EXPECT_NE(len_msg.find("12"), std::string::npos) << len_msg;
  EXPECT_NE(len_msg.find("8"), std::string::npos) << len_msg;
  const std::string shape_msg = error_of(
      [&] {
        (void)m_.cast(zc::dtype{}, dims{7, 7});
      },
      zc::errc::shape_mismatch);
  EXPECT_NE(shape_msg.find("48"), std::string::npos) << shape_msg;
  EXPECT_NE(shape_msg.find("(7, 7)"), std::string::npos) << shape_msg;
  (void)error_of([&] { (void)m_.cast(zc::dtype{}, dims{-48}); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)m_.flip(1).cast(zc::dtype{}); }, zc::errc::layout);
}

TEST_F(matrix_ops, byte_order_readonly_owner) {
  zc::test::allocation_counter counter;
  const buffer_view big = m_.with_byte_order(zc::byte_order::big);
  const buffer_view ro = m_.as_readonly();
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(big.data(), data_.data());
  EXPECT_EQ(big.dtype().resolved_order(), zc::byte_order::big);
  EXPECT_EQ(ro.data(), data_.data());
  EXPECT_TRUE(ro.readonly());
  EXPECT_FALSE(m_.readonly());
  EXPECT_TRUE(ro.slice(0, 0, 1).readonly());
  EXPECT_TRUE(ro.transpose().readonly());
  (void)error_of([&] { (void)ro.mutable_data(); }, zc::errc::readonly);
  // with_owner bumps a reference count and allocates nothing.
  auto keeper = std::make_shared<int>(1);
  counter.reset();
  const buffer_view owned = m_.with_owner(keeper);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(keeper.use_count(), 2);
  EXPECT_EQ(owned.select(0, 1).owner(), keeper);
}

TEST(view_ops, empty_and_rank_zero_edge_cases) {
  std::array<float, 4> a{};
  const buffer_view v = zc::view(a.data(), {4});
  const buffer_view e = v.slice(0, 2, 2);
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e.run_count(), 0u);
  EXPECT_EQ(e.reshape(dims{0, 5}).size(), 0u);
  EXPECT_EQ(e.cast(zc::dtype{}).size(), 0u);
  EXPECT_EQ(e.transpose().size(), 0u);
  EXPECT_EQ(e.flip(0).size(), 0u);
  float x = 1.5F;
  const buffer_view s = zc::view(&x, dims{});
  EXPECT_EQ(s.transpose().at<const float>(), 1.5F);
  EXPECT_EQ(s.reshape(dims{1, 1}).at<const float>(0, 0), 1.5F);
  EXPECT_EQ(s.cast(zc::dtype{}).size(), 4u);
  (void)error_of([&] { (void)s.flip(0); }, zc::errc::invalid_argument);
  (void)error_of([&] { (void)s.slice(0, 0, 1); }, zc::errc::invalid_argument);
}

// An empty view reaches no byte, so its strides are not validated and its
// data may be null.  Slicing, selecting or flipping along another axis must
// not move its address by them: before, flip computed data + 2 * 2^62 here
// (a pointer overflow UBSan reports) and null + offset for the null view.
TEST(view_ops, empty_views_keep_their_address_through_slice_select_flip) {
  std::array<float, 4> a{};
  constexpr std::int64_t big = std::int64_t{1} << 62;
  const buffer_view wide = zc::view(a.data(), {0, 3}, {4, big});
  EXPECT_EQ(wide.flip(1).data(), a.data());
  EXPECT_EQ(wide.flip(1).stride(1), -big);
  EXPECT_EQ(wide.slice(1, 2, std::nullopt).data(), a.data());
  EXPECT_EQ(wide.slice(1, 2, std::nullopt).shape(1), 1);
  EXPECT_EQ(wide.select(1, 2).data(), a.data());
  EXPECT_EQ(wide.select(1, 2).shape_dims(), (dims{0}));
  const buffer_view null_view(nullptr, zc::dtype_of<float>(), dims{0, 5}, dims{20, 4},
                              zc::access::read_only);
  EXPECT_EQ(null_view.flip(1).data(), nullptr);
  EXPECT_EQ(null_view.slice(1, 2, std::nullopt).data(), nullptr);
  EXPECT_EQ(null_view.select(1, 3).data(), nullptr);
  EXPECT_TRUE(null_view.select(1, 3).empty());
}

// Strides that reach no byte (those of an empty view, or of an extent-1
// axis) are never validated and may be anything, INT64_MIN included.  The
// operations that derive strides from them must not overflow: before the fix
// UBSan reported a negation of INT64_MIN in flip() and in in_memory_order()
// and a signed overflow (stride * step) in slice(), and in_memory_order()
// took the magnitude of INT64_MIN (2^63) for the smallest, so it moved that
// axis inwards (this part fails in any build).
TEST(view_ops, unvalidated_extreme_strides_do_not_overflow) {
  std::array<float, 4> a{};
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t big = std::int64_t{1} << 62;
  const buffer_view empty_lowest = zc::view(a.data(), {0, 3}, {4, lowest});
  const buffer_view flipped = empty_lowest.flip(1);
  EXPECT_TRUE(flipped.empty());
  EXPECT_EQ(flipped.data(), a.data());
  const buffer_view empty_big = zc::view(a.data(), {0, 10}, {4, big});
  const buffer_view stepped = empty_big.slice(1, none, none, 2);
  EXPECT_EQ(stepped.shape(1), 5);
  EXPECT_TRUE(stepped.empty());
  EXPECT_TRUE(empty_lowest.slice(1, none, none, -1).empty());
  // An extent-1 axis with the lowest stride: its magnitude, 2^63, is the
  // largest there is, so in memory order it stays the outer axis.
  const buffer_view row = zc::view(a.data(), {1, 4}, {lowest, 4});
  const buffer_view ordered = row.in_memory_order();
  EXPECT_EQ(ordered.shape_dims(), (dims{1, 4}));
  EXPECT_EQ(ordered.stride_dims(), (dims{lowest, 4}));
  EXPECT_TRUE(ordered == row);
  EXPECT_EQ(empty_lowest.in_memory_order().shape_dims(), (dims{3, 0}));
}

}  // namespace
