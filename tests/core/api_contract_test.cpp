// docs/architecture.md's "API at a glance", core section, exercised line by line as
// written there.  Only <zc/buffer_view.hpp> is included for zcbridge, as in
// that snippet: every call it lists (zc::read_into and zc::write_all too)
// must compile from that one header and behave as the comment beside it says.
#include <zc/buffer_view.hpp>  // core

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// An anonymous pipe, closed on scope exit.
struct pipe_pair {
  std::array<int, 2> fds{-1, -1};
  pipe_pair() { EXPECT_EQ(::pipe(fds.data()), 0); }
  pipe_pair(const pipe_pair&) = delete;
  pipe_pair& operator=(const pipe_pair&) = delete;
  ~pipe_pair() {
    for (const int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
};

// zc::dtype f8 = zc::dtype::parse("<f8");  // also struct codes: "d", ">H", "=i"
TEST(api_contract, dtype_parse_numpy_and_struct_codes) {
  zc::dtype f8 = zc::dtype::parse("<f8");
  EXPECT_EQ(f8.kind(), zc::dtype_kind::floating);
  EXPECT_EQ(f8.itemsize(), 8u);
  EXPECT_EQ(f8.resolved_order(), zc::byte_order::little);
  EXPECT_EQ(zc::dtype::parse("d"), zc::dtype_of<double>());
  EXPECT_EQ(zc::dtype::parse(">H"), zc::dtype::parse(">u2"));
  EXPECT_EQ(zc::dtype::parse("=i"), zc::dtype_of<std::int32_t>());
}

// zc::dtype u1 = zc::dtype_of<std::uint8_t>();  // u1.itemsize() == 1, u1.format()
TEST(api_contract, dtype_of) {
  zc::dtype u1 = zc::dtype_of<std::uint8_t>();
  EXPECT_EQ(u1.itemsize(), 1u);
  EXPECT_EQ(u1.format(), "B");
}

// zc::buffer_view v = zc::view(vec);  // std::vector/array/span/string: 1-d
TEST(api_contract, view_of_standard_containers_is_1d) {
  std::vector<double> vec{1, 2, 3};
  zc::buffer_view v = zc::view(vec);
  EXPECT_EQ(v.rank(), 1u);
  EXPECT_EQ(v.data(), vec.data());
  EXPECT_EQ(v.size(), 3u);

  std::array<std::int16_t, 4> arr{};
  zc::buffer_view a = zc::view(arr);
  EXPECT_EQ(a.rank(), 1u);
  EXPECT_EQ(a.shape()[0], 4);

  const std::array<float, 2> floats{1.0F, 2.0F};
  std::span<const float> sp(floats);
  zc::buffer_view s = zc::view(sp);
  EXPECT_EQ(s.rank(), 1u);
  EXPECT_TRUE(s.readonly());

  std::string str = "hello";
  zc::buffer_view t = zc::view(str);
  EXPECT_EQ(t.rank(), 1u);
  EXPECT_EQ(t.nbytes(), 5u);
  EXPECT_EQ(t.dtype(), zc::dtype_of<std::uint8_t>());
}

// zc::buffer_view m = zc::view(ptr, {rows, cols});  // T* (writable) or const T* (readonly), C
// order zc::buffer_view s = zc::view(ptr, {rows, cols}, {row_stride_bytes, col_stride_bytes});
TEST(api_contract, view_of_a_pointer_with_shape_and_strides) {
  std::array<double, 12> storage{};
  double* ptr = storage.data();
  const std::size_t rows = 3;  // the mixed integer types users have at hand
  const int cols = 4;
  zc::buffer_view m = zc::view(ptr, {rows, cols});
  EXPECT_FALSE(m.readonly());
  EXPECT_TRUE(m.is_c_contiguous());
  EXPECT_EQ(m.strides()[0], 32);
  EXPECT_EQ(m.strides()[1], 8);

  const double* cptr = storage.data();
  zc::buffer_view r = zc::view(cptr, {rows, cols});
  EXPECT_TRUE(r.readonly());

  const std::ptrdiff_t row_stride_bytes = 8;
  const std::ptrdiff_t col_stride_bytes = 24;
  zc::buffer_view s = zc::view(ptr, {rows, cols}, {row_stride_bytes, col_stride_bytes});
  EXPECT_TRUE(s.is_f_contiguous());
  EXPECT_EQ(s.data(), ptr);
}

// v.data(); v.dtype(); v.rank(); v.shape(); v.strides(); v.readonly(); v.size(); v.nbytes();
// v.is_c_contiguous(); v.is_f_contiguous();
TEST(api_contract, queries) {
  std::array<std::int32_t, 6> storage{};
  zc::buffer_view v = zc::view(storage.data(), {2, 3});
  EXPECT_EQ(v.data(), storage.data());
  EXPECT_EQ(v.dtype(), zc::dtype::parse("i"));
  EXPECT_EQ(v.rank(), 2u);
  EXPECT_EQ(v.shape()[0], 2);
  EXPECT_EQ(v.shape()[1], 3);
  EXPECT_EQ(v.strides()[0], 12);
  EXPECT_EQ(v.strides()[1], 4);
  EXPECT_FALSE(v.readonly());
  EXPECT_EQ(v.size(), 6u);
  EXPECT_EQ(v.nbytes(), 24u);
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_FALSE(v.is_f_contiguous());
}

// v.slice(axis, start, stop, step); v.select(axis, index); v.transpose(); v.flip(axis);
TEST(api_contract, zero_copy_operations) {
  std::array<std::int32_t, 12> storage{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  zc::buffer_view v = zc::view(storage.data(), {3, 4});
  const int axis = 1;
  const int start = 3;
  const int stop = 0;
  const int step = -2;
  const zc::buffer_view sliced = v.slice(axis, start, stop, step);  // columns 3, 1
  EXPECT_EQ(sliced.shape()[1], 2);
  EXPECT_EQ((sliced.at<const std::int32_t>(2, 1)), 9);
  const int index = -1;
  const zc::buffer_view row = v.select(0, index);  // the last row
  EXPECT_EQ(row.rank(), 1u);
  EXPECT_EQ(row.at<const std::int32_t>(0), 8);
  const zc::buffer_view t = v.transpose();
  EXPECT_EQ((t.at<const std::int32_t>(3, 2)), 11);
  EXPECT_TRUE(t.is_f_contiguous());
  const zc::buffer_view f = v.flip(axis);
  EXPECT_EQ((f.at<const std::int32_t>(0, 0)), 3);
  EXPECT_EQ(f.data(), &storage[3]);
}

// v.cast(u1); v.cast(u1, {3, 4}); v.as_readonly(); v.at<double>(i, j);
TEST(api_contract, cast_readonly_and_element_access) {
  std::array<std::uint16_t, 6> storage{};
  zc::buffer_view v = zc::view(storage);
  zc::dtype u1 = zc::dtype_of<std::uint8_t>();
  const zc::buffer_view bytes = v.cast(u1);
  EXPECT_EQ(bytes.size(), 12u);
  const zc::buffer_view grid = v.cast(u1, {3, 4});
  EXPECT_EQ(grid.shape()[0], 3);
  EXPECT_EQ(grid.shape()[1], 4);
  EXPECT_EQ(grid.data(), storage.data());
  EXPECT_TRUE(v.as_readonly().readonly());

  std::array<double, 6> values{0, 1, 2, 3, 4, 5};
  zc::buffer_view d = zc::view(values.data(), {2, 3});
  const std::size_t i = 1;
  const std::size_t j = 2;
  const double read = d.at<double>(i, j);
  EXPECT_EQ(read, 5.0);
  d.at<double>(i, j) = 50.0;
  EXPECT_EQ(values[5], 50.0);
}

// zc::copy(src, dst); v.to_bytes(); v == w;
TEST(api_contract, explicit_copies_and_equality) {
  std::array<std::int32_t, 4> a{1, 2, 3, 4};
  std::array<std::int32_t, 4> b{};
  zc::buffer_view src = zc::view(a);
  zc::buffer_view dst = zc::view(b);
  zc::copy(src, dst);
  EXPECT_EQ(b, a);
  zc::buffer_view v = src;
  zc::buffer_view w = dst;
  EXPECT_TRUE(v == w);
  const std::vector<std::byte> bytes = v.to_bytes();
  EXPECT_EQ(bytes.size(), 16u);
}

// v.for_each_run([](std::byte* p, std::size_t n) { ... });
TEST(api_contract, for_each_run) {
  std::array<std::uint8_t, 12> storage{};
  zc::buffer_view v = zc::view(storage.data(), {3, 4}).slice(1, 0, 2);  // 3 runs of 2 bytes
  std::size_t runs = 0;
  std::size_t total = 0;
  v.for_each_run([&](std::byte* p, std::size_t n) {
    *p = std::byte{7};
    ++runs;
    total += n;
  });
  EXPECT_EQ(runs, 3u);
  EXPECT_EQ(total, 6u);
  EXPECT_EQ(storage[4], 7);
  // The capture-less form of the snippet compiles too.
  v.for_each_run([](std::byte* p, std::size_t n) { (void)p, (void)n; });
}

// zc::read_into(fd, v); zc::write_all(fd, v);
TEST(api_contract, read_into_and_write_all_from_the_core_header) {
  std::array<std::uint8_t, 6> out{1, 2, 3, 4, 5, 6};
  std::array<std::uint8_t, 6> in{};
  pipe_pair p;
  const int fd = p.fds[1];
  zc::buffer_view v = zc::view(out);
  EXPECT_EQ(zc::write_all(fd, v), 6u);
  zc::buffer_view w = zc::view(in);
  EXPECT_EQ(zc::read_into(p.fds[0], w), 6u);
  EXPECT_EQ(in, out);
}

}  // namespace
