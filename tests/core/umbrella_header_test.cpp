// <zc/core.hpp> alone gives the whole core: this file includes no other
// zcbridge header, and each test uses names from a different fine-grained
// header (a missing include in core.hpp fails to compile here).
#include <zc/core.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

TEST(umbrella_header, views_copies_and_the_copy_tally) {
  std::vector<std::int32_t> values{1, 2, 3, 4, 5, 6};
  const zc::buffer_view v = zc::view(values);                 // buffer_view.hpp
  const zc::buffer_view m = zc::view(values.data(), {2, 3});  // dims.hpp
  EXPECT_EQ(v.data(), values.data());
  EXPECT_EQ(m.shape()[1], 3);
  std::array<std::int32_t, 6> target{};
  const std::uint64_t before = zc::bytes_copied();  // copy_stats.hpp
  zc::copy(v, zc::view(target));
  EXPECT_EQ(zc::bytes_copied() - before, 24u);
  EXPECT_EQ(target[5], 6);
}

TEST(umbrella_header, dtype_error_and_access) {
  EXPECT_EQ(zc::dtype::parse("<i4").itemsize(), 4u);  // dtype.hpp
  try {
    (void)zc::dtype::parse("x");
    FAIL() << "'x' parsed";
  } catch (const zc::error& e) {  // error.hpp
    EXPECT_EQ(e.code(), zc::errc::invalid_format);
  }
  const zc::access mode = zc::access::read_only;  // access.hpp
  const std::array<std::uint8_t, 2> bytes{7, 8};
  const zc::buffer_view ro(bytes.data(), zc::dtype{}, {2}, {1}, mode);
  EXPECT_TRUE(ro.readonly());
}

TEST(umbrella_header, descriptor_io_and_streams) {
  std::array<int, 2> fds{-1, -1};
  ASSERT_EQ(::pipe(fds.data()), 0);
  const std::array<std::uint16_t, 3> out{10, 20, 30};
  EXPECT_EQ(zc::write_all(fds[1], zc::view(out)), 6u);  // io.hpp
  std::array<std::uint16_t, 3> in{};
  EXPECT_EQ(zc::read_into(fds[0], zc::view(in)), 6u);
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_EQ(in, out);

  zc::memory_sink sink;  // stream.hpp
  sink.write(zc::view(out));
  EXPECT_EQ(sink.bytes().size(), 6u);
  // mapped_file.hpp: a missing file is an io error naming it.
  try {
    (void)zc::map_file("/nonexistent/zcbridge-umbrella");
    FAIL() << "a missing file was mapped";
  } catch (const zc::error& e) {
    EXPECT_NE(std::string(e.what()).find("zcbridge-umbrella"), std::string::npos) << e.what();
  }
}

}  // namespace
