// in_memory_order(): axes reordered by decreasing stride, so raw-memory I/O
// of column-major or transposed views is one run; and std::byte as 'B'.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>
#include <zc/buffer_view.hpp>

#include "allocation_counter.hpp"

namespace {

TEST(memory_order, column_major_becomes_c_contiguous_one_run) {
  std::vector<double> storage(12);
  // A 3x4 column-major matrix: element (i, j) at storage[i + 3 * j].
  const zc::buffer_view colmajor = zc::view(storage.data(), {3, 4}, {8, 24});
  ASSERT_TRUE(colmajor.is_f_contiguous());
  EXPECT_EQ(colmajor.run_count(), 12u);  // C-order traversal: one element per run

  zc::test::allocation_counter allocations;
  const zc::buffer_view ordered = colmajor.in_memory_order();
  EXPECT_EQ(allocations.count(), 0u);
  EXPECT_EQ(ordered.data(), colmajor.data());
  EXPECT_EQ(ordered.shape(0), 4);
  EXPECT_EQ(ordered.shape(1), 3);
  EXPECT_TRUE(ordered.is_c_contiguous());
  EXPECT_EQ(ordered.run_count(), 1u);
  EXPECT_EQ(ordered.run_length(), 12u * sizeof(double));
  // The same elements: ordered[j, i] is colmajor[i, j].
  for (std::int64_t i = 0; i < 3; ++i) {
    for (std::int64_t j = 0; j < 4; ++j) {
      EXPECT_EQ(&ordered.unchecked<double>(j, i), &colmajor.unchecked<double>(i, j));
    }
  }
}

TEST(memory_order, strided_block_gives_one_run_per_column) {
  std::vector<float> storage(10 * 6);
  // Rows 1..8 of a 10x6 column-major parent: columns are 8-float runs.
  const zc::buffer_view block =
      zc::view(storage.data() + 1, {8, 6}, {sizeof(float), 10 * sizeof(float)});
  EXPECT_EQ(block.run_count(), 48u);
  const zc::buffer_view ordered = block.in_memory_order();
  EXPECT_EQ(ordered.run_count(), 6u);
  EXPECT_EQ(ordered.run_length(), 8u * sizeof(float));
}

TEST(memory_order, c_order_and_negative_strides_are_kept) {
  std::array<std::int32_t, 24> storage{};
  const zc::buffer_view c = zc::view(storage.data(), {2, 3, 4});
  const zc::buffer_view same = c.in_memory_order();
  EXPECT_EQ(same.shape_dims(), c.shape_dims());
  EXPECT_EQ(same.stride_dims(), c.stride_dims());

  // A flip is a permutation-free negative stride: in_memory_order keeps it
  // (it sorts by magnitude and never flips), so the elements stay in order.
  const zc::buffer_view flipped = c.flip(0).transpose();
  const zc::buffer_view ordered = flipped.in_memory_order();
  EXPECT_EQ(ordered.stride(0), -48);
  EXPECT_EQ(ordered.stride(1), 16);
  EXPECT_EQ(ordered.stride(2), 4);
  EXPECT_EQ(ordered.data(), flipped.data());
}

TEST(memory_order, std_byte_is_an_unsigned_byte) {
  std::vector<std::byte> bytes(8, std::byte{7});
  const zc::buffer_view v = zc::view(bytes);
  EXPECT_EQ(v.dtype(), zc::dtype::parse("B"));
  EXPECT_EQ(v.data(), bytes.data());
  EXPECT_EQ(v.at<const std::uint8_t>(3), 7);
  v.at<std::byte>(2) = std::byte{9};
  EXPECT_EQ(bytes[2], std::byte{9});
}

}  // namespace
