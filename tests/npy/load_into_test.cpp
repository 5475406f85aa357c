// zc::npy::load_into: elements streamed into any destination layout and
// byte order; refusals before any element is read.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "npy_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"

namespace {

// A 3x4x5 int32 array 0..59 saved by zc in C order, as bytes.
std::vector<std::byte> sample_file() {
  std::vector<std::int32_t> values(60);
  std::iota(values.begin(), values.end(), 0);
  zc::memory_sink sink;
  zc::npy::save(sink, zc::view(values.data(), {3, 4, 5}));
  return sink.take();
}

zc::memory_source source_of(const std::vector<std::byte>& bytes) {
  return zc::memory_source(
      zc::view(static_cast<const void*>(bytes.data()), zc::dtype{}, zc::dims{bytes.size()}));
}

// Expects dst(i, j, k) == 20 i + 5 j + k.
void expect_sample(const zc::buffer_view& dst) {
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 5; ++k)
        ASSERT_EQ(dst.at<const std::int32_t>(i, j, k), 20 * i + 5 * j + k);
}

TEST(npy_load_into, a_c_destination) {
  const auto bytes = sample_file();
  std::vector<std::int32_t> out(60);
  auto source = source_of(bytes);
  zc::npy::load_into(source, zc::view(out.data(), {3, 4, 5}));
  expect_sample(zc::view(out.data(), {3, 4, 5}));
  EXPECT_EQ(source.remaining(), 0u);
}

TEST(npy_load_into, f_strided_and_flipped_destinations) {
  const auto bytes = sample_file();
  std::vector<std::int32_t> f(60);
  const zc::buffer_view fv = zc::view(f.data(), {3, 4, 5}, {4, 12, 48});
  auto s1 = source_of(bytes);
  zc::npy::load_into(s1, fv);
  expect_sample(fv);

  std::vector<std::int32_t> padded(3 * 4 * 10, -1);
  const zc::buffer_view strided = zc::view(padded.data(), {3, 4, 10}).slice(2, 0, 10, 2);
  auto s2 = source_of(bytes);
  zc::npy::load_into(s2, strided);
  expect_sample(strided);
  EXPECT_EQ(padded[1], -1);  // the gaps are untouched

  std::vector<std::int32_t> flipped(60);
  const zc::buffer_view fl = zc::view(flipped.data(), {3, 4, 5}).flip(0).flip(2);
  auto s3 = source_of(bytes);
  zc::npy::load_into(s3, fl);
  expect_sample(fl);
}

TEST(npy_load_into, converts_to_the_destinations_byte_order) {
  const auto bytes = sample_file();
  std::vector<std::int32_t> swapped(60);
  const zc::buffer_view be =
      zc::view(swapped.data(), {3, 4, 5})
          .with_byte_order(zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big
                                                                         : zc::byte_order::little);
  auto source = source_of(bytes);
  zc::npy::load_into(source, be);
  std::vector<std::int32_t> back(60);
  zc::copy(be, zc::view(back.data(), {3, 4, 5}));
  expect_sample(zc::view(back.data(), {3, 4, 5}));
  EXPECT_EQ(swapped[1], 0x01000000);
}

TEST(npy_load_into, from_a_file_into_a_contiguous_destination_allocates_no_payload) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("big.npy");
  std::vector<double> values(1 << 18);  // 2 MiB
  std::iota(values.begin(), values.end(), 0.0);
  zc::npy::save(path, zc::view(values));
  std::vector<double> out(values.size());
  const zc::test::allocation_counter counter;
  zc::npy::load_into(path, zc::view(out));
  EXPECT_LT(counter.largest(), 4096u) << "the header vector and the file name only";
  EXPECT_EQ(out, values);
}

TEST(npy_load_into, a_strided_destination_uses_only_the_small_buffer) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("big.npy");
  std::vector<double> values(1 << 18);
  std::iota(values.begin(), values.end(), 0.0);
  zc::npy::save(path, zc::view(values.data(), {512, 512}));
  std::vector<double> out(values.size());
  const zc::buffer_view transposed = zc::view(out.data(), {512, 512}).transpose();
  const zc::test::allocation_counter counter;
  zc::npy::load_into(path, transposed);
  EXPECT_LE(counter.largest(), std::size_t{64} << 10);
  EXPECT_EQ(transposed.at<const double>(3, 7), 3 * 512 + 7);
}

TEST(npy_load_into_refuses, another_shape_dtype_or_a_readonly_destination) {
  const auto bytes = sample_file();
  std::vector<std::int32_t> out(60, -7);
  auto s1 = source_of(bytes);
  ZC_EXPECT_CONTAINS(zc::test::error_of(
                         [&] {
                           zc::npy::load_into(s1, zc::view(out.data(), {4, 3, 5}));
                         },
                         zc::errc::shape_mismatch),
                     "(4, 3, 5) differs from the file's (3, 4, 5)");
  std::vector<float> floats(60);
  auto s2 = source_of(bytes);
  ZC_EXPECT_CONTAINS(zc::test::error_of(
                         [&] {
                           zc::npy::load_into(s2, zc::view(floats.data(), {3, 4, 5}));
                         },
                         zc::errc::dtype_mismatch),
                     "cannot take the file's '<i4' (int32)");
  auto s3 = source_of(bytes);
  zc::test::error_of(
      [&] {
        zc::npy::load_into(s3, zc::view(static_cast<const std::int32_t*>(out.data()), {3, 4, 5}));
      },
      zc::errc::readonly);
  EXPECT_EQ(out[0], -7);
}

TEST(npy_load_into_refuses, a_stream_that_ends_inside_the_elements) {
  auto bytes = sample_file();
  bytes.resize(bytes.size() - 10);
  std::vector<std::int32_t> out(60);
  auto source = source_of(bytes);
  ZC_EXPECT_CONTAINS(zc::test::error_of(
                         [&] {
                           zc::npy::load_into(source, zc::view(out.data(), {3, 4, 5}));
                         },
                         zc::errc::truncated),
                     "after 230 of the 240 element bytes");
}

}  // namespace
