// Byte streams: byte_source::read / read_exact and byte_sink::write over any
// layout, and the fd, file and memory implementations with their refusals.
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "temp_dir.hpp"
#include "zc/buffer_view.hpp"
#include "zc/stream.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

using zc::test::error_of;

// A source that hands out at most `piece` bytes per call from a counter
// sequence 0, 1, 2, ... (mod 256), ending after `total` bytes: short reads.
class trickle_source : public zc::byte_source {
 public:
  trickle_source(std::size_t total, std::size_t piece) : total_(total), piece_(piece) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override {
    const std::size_t n = std::min({max_bytes, piece_, total_ - given_});
    for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<std::byte>((given_ + i) & 0xff);
    given_ += n;
    ++calls;
    return n;
  }
  std::size_t calls = 0;

 private:
  std::size_t total_;
  std::size_t piece_;
  std::size_t given_ = 0;
};

TEST(byte_source, read_fills_any_layout_in_c_order_through_short_reads) {
  trickle_source src(100, 3);
  std::array<std::uint8_t, 24> dst{};
  // A transposed 4x3 view over a 3x4 buffer: 12 one-byte runs.
  const buffer_view v = zc::view(dst.data(), {3, 4}).transpose();
  EXPECT_EQ(src.read(v), 12u);
  for (std::int64_t i = 0; i < 4; ++i) {
    for (std::int64_t j = 0; j < 3; ++j) {
      EXPECT_EQ(v.at<const std::uint8_t>(i, j), 3 * i + j);
    }
  }
  EXPECT_EQ(dst[12], 0u);  // nothing outside the view
}

TEST(byte_source, read_stops_at_end_and_read_exact_refuses_it) {
  trickle_source src(5, 2);
  std::array<std::uint8_t, 8> dst{};
  EXPECT_EQ(src.read(zc::view(dst.data(), {8})), 5u);
  trickle_source short_src(5, 2);
  const std::string msg =
      error_of([&] { short_src.read_exact(zc::view(dst.data(), {8})); }, zc::errc::truncated);
  EXPECT_NE(msg.find("5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("8"), std::string::npos) << msg;
  trickle_source exact(8, 3);
  EXPECT_NO_THROW(exact.read_exact(zc::view(dst.data(), {8})));
  EXPECT_EQ(dst[7], 7u);
}

TEST(byte_source, read_refuses_readonly_destination) {
  trickle_source src(8, 8);
  const std::array<std::uint8_t, 8> dst{};
  const std::string msg =
      error_of([&] { (void)src.read(zc::view(dst.data(), {8})); }, zc::errc::readonly);
  EXPECT_NE(msg.find("writable"), std::string::npos) << msg;
  EXPECT_EQ(src.calls, 0u);
}

TEST(memory_source, reads_without_copying_the_input_and_rest_is_zero_copy) {
  auto storage = std::make_shared<std::vector<std::uint8_t>>(10);
  std::iota(storage->begin(), storage->end(), std::uint8_t{0});
  const buffer_view input = zc::view(storage);
  std::weak_ptr<std::vector<std::uint8_t>> weak = storage;
  const std::uint8_t* raw = storage->data();
  storage.reset();
  zc::memory_source src(input);
  std::array<std::uint8_t, 4> dst{};
  src.read_exact(zc::view(dst.data(), {4}));
  EXPECT_EQ(dst, (std::array<std::uint8_t, 4>{0, 1, 2, 3}));
  EXPECT_EQ(src.position(), 4u);
  EXPECT_EQ(src.remaining(), 6u);
  zc::test::allocation_counter counter;
  const buffer_view rest = src.rest();
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(rest.data(), raw + 4);
  EXPECT_EQ(rest.size(), 6u);
  EXPECT_TRUE(rest.readonly());
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(rest.owner().get(), input.owner().get());
  // Reading past the end returns what is left, then 0.
  std::array<std::uint8_t, 8> more{};
  EXPECT_EQ(src.read(zc::view(more.data(), {8})), 6u);
  EXPECT_EQ(src.read_some(reinterpret_cast<std::byte*>(more.data()), 8), 0u);
  EXPECT_EQ(src.remaining(), 0u);
}

TEST(memory_source, accepts_any_contiguous_dtype_and_refuses_strided) {
  const std::array<std::uint16_t, 3> words{0x0102, 0x0304, 0x0506};
  zc::memory_source src(zc::view(words.data(), {3}));
  EXPECT_EQ(src.remaining(), 6u);
  std::array<std::uint16_t, 6> a{};
  const std::string msg = error_of(
      [&] {
        zc::memory_source bad(zc::view(a.data(), {3, 2}).slice(1, 0, 1));
      },
      zc::errc::layout);
  EXPECT_NE(msg.find("contiguous"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(3, 1)"), std::string::npos) << msg;
}

TEST(memory_sink, owns_or_appends_to_callers_vector) {
  zc::memory_sink own;
  const std::array<std::uint8_t, 6> bytes{1, 2, 3, 4, 5, 6};
  // A strided source is written run by run in C order.
  own.write(zc::view(bytes.data(), {6}).slice(0, std::nullopt, std::nullopt, 2));
  own.write(zc::view(bytes.data(), {6}).slice(0, 5, 6));
  ASSERT_EQ(own.bytes().size(), 4u);
  EXPECT_EQ(own.view().at<const std::uint8_t>(3), 6u);
  EXPECT_EQ(own.view().data(), own.bytes().data());
  EXPECT_TRUE(own.view().readonly());
  const std::vector<std::byte> taken = own.take();
  EXPECT_EQ(taken.size(), 4u);
  EXPECT_EQ(taken[1], std::byte{3});

  std::vector<std::byte> mine{std::byte{9}};
  zc::memory_sink appending(mine);
  appending.write(zc::view(bytes.data(), {2}));
  EXPECT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[2], std::byte{2});
  const std::string msg = error_of([&] { (void)appending.take(); }, zc::errc::invalid_argument);
  EXPECT_NE(msg.find("caller"), std::string::npos) << msg;
  EXPECT_EQ(mine.size(), 3u);
}

TEST(span_sink, writes_in_place_and_refuses_overflow_writing_nothing) {
  std::array<std::uint8_t, 8> target{};
  zc::span_sink sink(zc::view(target.data(), {8}));
  const std::array<std::uint8_t, 6> six{1, 2, 3, 4, 5, 6};
  sink.write(zc::view(six.data(), {6}));
  EXPECT_EQ(sink.written(), 6u);
  EXPECT_EQ(sink.written_view().data(), target.data());
  EXPECT_EQ(sink.written_view().size(), 6u);
  const std::string msg =
      error_of([&] { sink.write(zc::view(six.data(), {3})); }, zc::errc::limit_exceeded);
  EXPECT_NE(msg.find("3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2"), std::string::npos) << msg;
  EXPECT_EQ(sink.written(), 6u);
  EXPECT_EQ(target[6], 0u);  // nothing of the refused write landed
  sink.write(zc::view(six.data(), {2}));
  EXPECT_EQ(target, (std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 1, 2}));
}

TEST(span_sink, refuses_readonly_and_strided_destinations) {
  const std::array<std::uint8_t, 8> ro{};
  (void)error_of([&] { zc::span_sink s(zc::view(ro.data(), {8})); }, zc::errc::readonly);
  std::array<std::uint8_t, 8> rw{};
  (void)error_of(
      [&] { zc::span_sink s(zc::view(rw.data(), {8}).slice(0, std::nullopt, std::nullopt, 2)); },
      zc::errc::layout);
}

TEST(file_streams, round_trip_through_a_file) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("stream.bin");
  std::array<std::int32_t, 6> src{1, 2, 3, 4, 5, 6};
  {
    zc::file_sink sink(path);
    sink.write(zc::view(src.data(), {2, 3}).transpose());  // 1 4 2 5 3 6
    sink.flush();
  }
  std::array<std::int32_t, 6> dst{};
  zc::file_source source(path);
  source.read_exact(zc::view(dst.data(), {6}));
  EXPECT_EQ(dst, (std::array<std::int32_t, 6>{1, 4, 2, 5, 3, 6}));
  std::array<std::int32_t, 1> extra{};
  EXPECT_EQ(source.read(zc::view(extra.data(), {1})), 0u);
}

TEST(file_streams, refuse_missing_paths_naming_them) {
  zc::test::temp_dir dir;
  const std::string missing = dir.file("no/such/file.bin");
  const std::string r = error_of([&] { zc::file_source s(missing); }, zc::errc::io);
  EXPECT_NE(r.find(missing), std::string::npos) << r;
  EXPECT_NE(r.find("No such file"), std::string::npos) << r;
  const std::string w = error_of([&] { zc::file_sink s(missing); }, zc::errc::io);
  EXPECT_NE(w.find(missing), std::string::npos) << w;
}

TEST(fd_streams, through_a_pipe_and_errors) {
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe(fds.data()), 0);
  zc::fd_sink sink(fds[1]);
  const std::string text = "hello, pipe";
  sink.write(zc::view(std::string_view(text)));
  ::close(fds[1]);
  zc::fd_source source(fds[0]);
  std::string got(text.size(), '\0');
  source.read_exact(zc::view(got));
  EXPECT_EQ(got, text);
  std::array<char, 4> more{};
  EXPECT_EQ(source.read(zc::view(more.data(), {4})), 0u);
  ::close(fds[0]);
  zc::fd_source bad_source(-1);
  const std::string msg =
      error_of([&] { (void)bad_source.read(zc::view(more.data(), {4})); }, zc::errc::io);
  EXPECT_NE(msg.find("-1"), std::string::npos) << msg;
  zc::fd_sink bad_sink(-1);
  (void)error_of([&] { bad_sink.write(zc::view(more.data(), {4})); }, zc::errc::io);
}

TEST(fd_streams, sink_to_a_socket_whose_peer_is_gone_is_an_error_not_sigpipe) {
  std::array<int, 2> sv{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.data()), 0);
  ::close(sv[0]);
  zc::fd_sink sink(sv[1]);
  const std::array<std::uint8_t, 8> data{};
  const std::string msg = error_of([&] { sink.write(zc::view(data.data(), {8})); }, zc::errc::io);
  EXPECT_NE(msg.find(std::strerror(EPIPE)), std::string::npos) << msg;
  ::close(sv[1]);
}

// The same for a pipe, where MSG_NOSIGNAL does not apply: before the fix the
// process died of SIGPIPE here.
TEST(fd_streams, sink_to_a_pipe_whose_reader_is_gone_is_an_error_not_sigpipe) {
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC), 0);
  ::close(fds[0]);
  zc::fd_sink sink(fds[1]);
  const std::array<std::uint8_t, 8> data{};
  const std::string msg = error_of([&] { sink.write(zc::view(data.data(), {8})); }, zc::errc::io);
  EXPECT_NE(msg.find(std::strerror(EPIPE)), std::string::npos) << msg;
  ::close(fds[1]);
}

// A nonblocking descriptor (an event loop's socket or pipe) is waited for,
// as zc::read_into does, instead of failing with EAGAIN.  Before the fix the
// source threw "Resource temporarily unavailable" at the first empty read.
TEST(fd_streams, source_on_a_nonblocking_pipe_waits_for_data) {
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC | O_NONBLOCK), 0);
  std::vector<std::uint8_t> src(16 * 1024);
  std::iota(src.begin(), src.end(), std::uint8_t{0});
  // 16 KiB fit in the pipe, so the writer never waits for the reader.
  std::thread writer([&] {
    // Pieces with pauses only to make the reader find the pipe empty; no
    // assertion depends on how the pieces and reads interleave.
    for (std::size_t off = 0; off < src.size(); off += 1024) {
      if (::write(fds[1], src.data() + off, 1024) != 1024) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fds[1]);
  });
  zc::fd_source source(fds[0]);
  std::vector<std::uint8_t> dst(src.size());
  std::string failure;
  try {
    source.read_exact(zc::view(dst));
  } catch (const zc::error& e) {
    failure = e.what();
  }
  writer.join();
  EXPECT_EQ(failure, "");
  EXPECT_TRUE(dst == src);
  ::close(fds[0]);
}

// The same for a sink: a nonblocking socket whose buffer is full is waited
// for.  Before the fix the sink threw EAGAIN after a partial write, so the
// bytes already sent were lost to the caller ("writes all n bytes or throws").
TEST(fd_streams, sink_on_a_nonblocking_socket_waits_for_room) {
  std::array<int, 2> sv{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.data()), 0);
  ASSERT_EQ(::fcntl(sv[1], F_SETFL, ::fcntl(sv[1], F_GETFL) | O_NONBLOCK), 0);
  // 4 MiB: far more than a socket buffer holds, so the sink finds it full.
  std::vector<std::uint8_t> src(4 << 20);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::uint8_t>(i * 7);
  std::vector<std::uint8_t> dst(src.size());
  std::string reader_failure;
  std::thread reader([&] {
    try {
      zc::fd_source(sv[0]).read_exact(zc::view(dst));
    } catch (const zc::error& e) {
      reader_failure = e.what();
    }
  });
  std::string writer_failure;
  try {
    zc::fd_sink(sv[1]).write(zc::view(src));
  } catch (const zc::error& e) {
    writer_failure = e.what();
  }
  ::shutdown(sv[1], SHUT_WR);  // the reader sees the end even if the writer failed
  reader.join();
  EXPECT_EQ(writer_failure, "");
  EXPECT_EQ(reader_failure, "");
  EXPECT_TRUE(dst == src);
  ::close(sv[0]);
  ::close(sv[1]);
}

}  // namespace
