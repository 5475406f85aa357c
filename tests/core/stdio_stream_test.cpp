// C streams (stdio_source / stdio_sink over a borrowed FILE*) and the
// zero-copy borrow() path of byte sources.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "temp_dir.hpp"
#include "zc/buffer_view.hpp"
#include "zc/stream.hpp"

namespace {

using zc::test::error_of;

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using unique_file = std::unique_ptr<std::FILE, file_closer>;

std::byte b(int value) { return static_cast<std::byte>(value); }

TEST(stdio_streams, read_from_the_current_position_and_leave_the_rest) {
  unique_file f(std::tmpfile());
  ASSERT_NE(f, nullptr);
  zc::stdio_sink sink(f.get());
  const std::array<std::uint8_t, 6> bytes{1, 2, 3, 4, 5, 6};
  sink.write(zc::view(bytes.data(), {6}));
  sink.flush();
  std::rewind(f.get());
  ASSERT_EQ(std::fgetc(f.get()), 1);  // the caller already took one byte
  zc::stdio_source source(f.get(), "the test file");
  std::array<std::byte, 3> got{};
  EXPECT_EQ(source.read_some(got.data(), 3), 3u);
  EXPECT_EQ(got, (std::array<std::byte, 3>{b(2), b(3), b(4)}));
  EXPECT_EQ(std::ftell(f.get()), 4);  // exactly the bytes returned
  EXPECT_EQ(source.read_some(got.data(), 3), 2u);
  EXPECT_EQ(source.read_some(got.data(), 3), 0u);
  EXPECT_FALSE(source.borrow(0).has_value());  // copies only: no zero-copy path
}

TEST(stdio_streams, refuse_a_null_file) {
  const std::string r = error_of([] { zc::stdio_source s(nullptr); }, zc::errc::invalid_argument);
  EXPECT_NE(r.find("stdio_source"), std::string::npos) << r;
  EXPECT_NE(r.find("null"), std::string::npos) << r;
  const std::string w = error_of([] { zc::stdio_sink s(nullptr); }, zc::errc::invalid_argument);
  EXPECT_NE(w.find("stdio_sink"), std::string::npos) << w;
}

TEST(stdio_streams, read_errors_name_the_stream_and_the_reason) {
  zc::test::temp_dir dir;
  // Linux opens a directory as a stream; reading it fails with EISDIR.
  unique_file f(std::fopen(dir.path().c_str(), "rb"));
  ASSERT_NE(f, nullptr);
  zc::stdio_source source(f.get(), "the directory");
  std::array<std::byte, 4> got{};
  const std::string msg = error_of([&] { (void)source.read_some(got.data(), 4); }, zc::errc::io);
  EXPECT_NE(msg.find("reading the directory failed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Is a directory"), std::string::npos) << msg;
}

TEST(stdio_streams, write_and_flush_errors_name_the_stream_and_the_reason) {
  // Buffered bytes meet the full device when flushed.
  unique_file full(std::fopen("/dev/full", "wb"));
  ASSERT_NE(full, nullptr);
  zc::stdio_sink to_full(full.get(), "the device");
  const std::array<std::uint8_t, 4> bytes{1, 2, 3, 4};
  to_full.write(zc::view(bytes.data(), {4}));
  const std::string flushed = error_of([&] { to_full.flush(); }, zc::errc::io);
  EXPECT_NE(flushed.find("flushing the device failed"), std::string::npos) << flushed;
  EXPECT_NE(flushed.find("No space left on device"), std::string::npos) << flushed;
  // A stream opened for reading refuses every write.
  zc::test::temp_dir dir;
  const std::string path = dir.file("read_only.bin");
  {
    const unique_file created(std::fopen(path.c_str(), "wb"));
    ASSERT_NE(created, nullptr);
  }
  unique_file read_only(std::fopen(path.c_str(), "rb"));
  ASSERT_NE(read_only, nullptr);
  zc::stdio_sink sink(read_only.get());
  const std::string msg = error_of([&] { sink.write(zc::view(bytes.data(), {4})); }, zc::errc::io);
  EXPECT_NE(msg.find("writing the FILE* failed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Bad file descriptor"), std::string::npos) << msg;
}

TEST(memory_source, borrow_lends_the_bytes_in_place_without_allocating) {
  const std::vector<std::uint8_t> bytes{10, 11, 12, 13, 14};
  zc::memory_source src(zc::view(bytes));
  zc::test::allocation_counter counter;
  const auto probe = src.borrow(0);
  ASSERT_TRUE(probe.has_value());
  EXPECT_EQ(probe->size(), 0u);
  EXPECT_EQ(src.position(), 0u);
  std::array<std::byte, 1> first{};
  EXPECT_EQ(src.read_some(first.data(), 1), 1u);
  const auto lent = src.borrow(3);
  ASSERT_TRUE(lent.has_value());
  EXPECT_EQ(static_cast<const void*>(lent->data()), static_cast<const void*>(bytes.data() + 1));
  EXPECT_EQ(lent->size(), 3u);
  EXPECT_EQ(src.position(), 4u);
  const auto last = src.borrow(3);  // fewer only at the end
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0], b(14));
  EXPECT_EQ(src.borrow(3)->size(), 0u);
  EXPECT_EQ(counter.count(), 0u);
}

}  // namespace
