// zc::npy::load: the file as a view over its mapping, with the header's
// dtype, shape and order; refusals of files that lie about their size.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "npy_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"

namespace {

using zc::test::npy_bytes;

std::string le_doubles(std::initializer_list<double> values) {
  std::string out;
  for (const double v : values) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, 8);
    for (int i = 0; i < 8; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  }
  return out;
}

TEST(npy_load, c_order_file_gives_c_strides) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("c.npy");
  zc::test::write_bytes(path,
                        npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 1,
                                  le_doubles({0, 1, 2, 3, 4, 5})));
  const zc::buffer_view v = zc::npy::load(path);
  EXPECT_EQ(v.dtype(), zc::dtype::parse("<f8"));
  EXPECT_EQ(v.shape_dims(), (zc::dims{2, 3}));
  EXPECT_EQ(v.stride_dims(), (zc::dims{24, 8}));
  EXPECT_TRUE(v.readonly());
  EXPECT_EQ(v.at<const double>(1, 2), 5.0);
  EXPECT_EQ(v.at<const double>(0, 1), 1.0);
}

TEST(npy_load, fortran_order_file_gives_f_strides) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("f.npy");
  // Column-major: element (i, j) is at i + 2 j.
  zc::test::write_bytes(path,
                        npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 1,
                                  le_doubles({0, 1, 2, 3, 4, 5})));
  const zc::buffer_view v = zc::npy::load(path);
  EXPECT_EQ(v.stride_dims(), (zc::dims{8, 16}));
  EXPECT_TRUE(v.is_f_contiguous());
  EXPECT_EQ(v.at<const double>(1, 0), 1.0);
  EXPECT_EQ(v.at<const double>(0, 1), 2.0);
}

TEST(npy_load, big_endian_stays_big_endian) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("be.npy");
  zc::test::write_bytes(path, npy_bytes("{'descr': '>u2', 'fortran_order': False, 'shape': (2,), }",
                                        1, std::string("\x01\x02\x03\x04", 4)));
  const zc::buffer_view v = zc::npy::load(path);
  EXPECT_EQ(v.dtype().order(), zc::byte_order::big);
  EXPECT_EQ(v.dtype().str(), ">u2");
  std::vector<std::uint16_t> native(2);
  zc::copy(v, zc::view(native));
  EXPECT_EQ(native, (std::vector<std::uint16_t>{0x0102, 0x0304}));
}

TEST(npy_load, rank_0_and_empty_arrays) {
  const zc::test::temp_dir dir;
  const std::string scalar = dir.file("scalar.npy");
  zc::test::write_bytes(scalar, npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                                          1, le_doubles({2.5})));
  const zc::buffer_view s = zc::npy::load(scalar);
  EXPECT_EQ(s.rank(), 0u);
  EXPECT_EQ(s.at<const double>(), 2.5);
  const std::string empty = dir.file("empty.npy");
  zc::test::write_bytes(empty,
                        npy_bytes("{'descr': '<c16', 'fortran_order': False, 'shape': (0, 4), }"));
  const zc::buffer_view e = zc::npy::load(empty);
  EXPECT_EQ(e.size(), 0u);
  EXPECT_EQ(e.shape_dims(), (zc::dims{0, 4}));
  EXPECT_EQ(e.dtype(), zc::dtype_of<std::complex<double>>());
}

TEST(npy_load, read_write_writes_reach_the_file_private_copy_does_not) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("rw.npy");
  zc::test::write_bytes(path, npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                                        1, le_doubles({1, 2, 3})));
  {
    const zc::buffer_view cow =
        zc::npy::load(path, zc::access::read_write, zc::mapping::private_copy);
    cow.at<double>(0) = 100.0;
    EXPECT_EQ(zc::npy::load(path).at<const double>(0), 1.0);
  }
  {
    const zc::buffer_view v = zc::npy::load(path, zc::access::read_write);
    EXPECT_FALSE(v.readonly());
    v.at<double>(2) = 42.0;
    EXPECT_EQ(zc::npy::load(path).at<const double>(2), 42.0);
  }
  std::vector<double> after(3);
  zc::npy::load_into(path, zc::view(after));
  EXPECT_EQ(after, (std::vector<double>{1, 2, 42}));
}

TEST(npy_load, bytes_after_the_elements_are_ignored) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("extra.npy");
  zc::test::write_bytes(
      path, npy_bytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", 1, "abEXTRA"));
  EXPECT_EQ(zc::npy::load(path).nbytes(), 2u);
}

TEST(npy_load_refuses, a_shape_larger_than_the_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("short.npy");
  zc::test::write_bytes(path,
                        npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }", 1,
                                  le_doubles({1, 2})));
  const std::string message = zc::test::error_of([&] { zc::npy::load(path); }, zc::errc::truncated);
  ZC_EXPECT_CONTAINS(message, path);
  ZC_EXPECT_CONTAINS(message, "needs 8000 bytes");
  ZC_EXPECT_CONTAINS(message, "the file has 16");
}

TEST(npy_load_refuses, a_file_that_ends_inside_the_header) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("cut.npy");
  const auto bytes = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
  zc::test::write_bytes(path, std::span(bytes).first(20));
  ZC_EXPECT_CONTAINS(zc::test::error_of([&] { zc::npy::load(path); }, zc::errc::truncated),
                     "ends inside the .npy header");
  const std::string empty = dir.file("empty.npy");
  zc::test::write_bytes(empty, {});
  zc::test::error_of([&] { zc::npy::load(empty); }, zc::errc::truncated);
  ZC_EXPECT_CONTAINS(zc::test::error_of([&] { zc::npy::read_info(path); }, zc::errc::truncated),
                     "ends inside the .npy header");
}

TEST(npy_load_refuses, a_missing_file_naming_it) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("none.npy");
  ZC_EXPECT_CONTAINS(zc::test::error_of([&] { zc::npy::load(path); }, zc::errc::io), path);
  ZC_EXPECT_CONTAINS(zc::test::error_of([&] { zc::npy::read_info(path); }, zc::errc::io), path);
  std::vector<double> dst(1);
  ZC_EXPECT_CONTAINS(
      zc::test::error_of([&] { zc::npy::load_into(path, zc::view(dst)); }, zc::errc::io), path);
}

TEST(npy_read_info, reads_the_header_and_leaves_the_stream_at_the_elements) {
  const auto bytes = npy_bytes("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 2), }", 2,
                               std::string(16, '\0'));
  zc::memory_source source(
      zc::view(static_cast<const void*>(bytes.data()), zc::dtype{}, zc::dims{bytes.size()}));
  const zc::npy::info header = zc::npy::read_info(source);
  EXPECT_EQ(header.dtype.str(), ">i4");
  EXPECT_TRUE(header.fortran_order);
  EXPECT_EQ(header.major_version, 2);
  EXPECT_EQ(source.position(), header.header_length);
  EXPECT_EQ(source.remaining(), 16u);
}

}  // namespace
