// The seeds of this project: Python memoryview examples, done with
// zc::buffer_view and checked the same way (shared memory, byte-level
// effects, readinto at an offset, sending a large buffer in pieces).
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "allocation_counter.hpp"
#include "temp_dir.hpp"
#include "zc/buffer_view.hpp"
#include "zc/io.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

// buf = bytearray(b"0123456789"); m = memoryview(buf)[2:6]; m[0] = ord("x")
TEST(memoryview_seeds, four_byte_slice_of_ten_bytes_shares_memory) {
  std::array<std::uint8_t, 10> buf{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};
  zc::test::allocation_counter counter;
  const buffer_view whole = zc::view(buf);
  const buffer_view m = whole.slice(0, 2, 6);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(m.nbytes(), 4u);
  EXPECT_EQ(m.data(), buf.data() + 2);
  m.at<std::uint8_t>(0) = 'x';
  EXPECT_EQ(buf[2], 'x');
  buf[5] = 'y';
  EXPECT_EQ(m.at<const std::uint8_t>(3), 'y');
  EXPECT_TRUE(whole.overlaps(m));
  EXPECT_FALSE(whole.slice(0, 6, std::nullopt).overlaps(m));
}

// a = array("h", [-2, -1, 0, 1, 2]); m = memoryview(a).cast("B"); m[5] = 4
// a[2] == 1024 on a little-endian host.
TEST(memoryview_seeds, int16_cast_to_bytes_byte_five_set_to_four) {
  std::array<std::int16_t, 5> a{-2, -1, 0, 1, 2};
  const buffer_view m = zc::view(a).cast(zc::dtype::parse("B"));
  EXPECT_EQ(m.data(), a.data());
  EXPECT_EQ(m.size(), 10u);
  EXPECT_EQ(m.at<const std::uint8_t>(0), 0xFE);  // low byte of -2 on little-endian
  m.at<std::uint8_t>(5) = 4;
  const std::int16_t expected = zc::host_byte_order == zc::byte_order::little ? 1024 : 4;
  EXPECT_EQ(a[2], expected);
  EXPECT_EQ(zc::view(a).at<const std::int16_t>(2), expected);
  // Described as little-endian explicitly, the value reads the same everywhere.
  const buffer_view le = m.cast(zc::dtype::parse("<h"));
  std::array<std::int16_t, 5> native{};
  zc::copy(le, zc::view(native));
  EXPECT_EQ(native[2], 1024);
}

// m = memoryview(bytearray(12)).cast("B", (3, 4)); m[1, 2] = 99; m.tolist() flat [6] == 99
TEST(memoryview_seeds, twelve_bytes_cast_to_3x4) {
  std::array<std::uint8_t, 12> buf{};
  const buffer_view m = zc::view(buf).cast(zc::dtype::parse("B"), dims{3, 4});
  EXPECT_EQ(m.data(), buf.data());
  EXPECT_EQ(m.rank(), 2u);
  m.at<std::uint8_t>(1, 2) = 99;
  EXPECT_EQ(buf[6], 99);
  EXPECT_EQ(m.to_vector<std::uint8_t>()[6], 99);
  EXPECT_EQ(m.flatten().at<const std::uint8_t>(6), 99);
  EXPECT_EQ(m.flatten().data(), buf.data());
}

// buf = bytearray(10); f.readinto(memoryview(buf)[4:8])
TEST(memoryview_seeds, read_four_bytes_from_a_file_at_offset_four) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("four.bin");
  {
    const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    const std::string_view text = "wxyz";
    ASSERT_EQ(zc::write_all(fd, zc::view(text)), 4u);
    ::close(fd);
  }
  std::array<std::uint8_t, 10> buf{};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  zc::test::allocation_counter counter;
  const std::size_t got = zc::read_into(fd, zc::view(buf).slice(0, 4, 8));
  EXPECT_EQ(counter.count(), 0u);
  ::close(fd);
  EXPECT_EQ(got, 4u);
  EXPECT_EQ(buf, (std::array<std::uint8_t, 10>{0, 0, 0, 0, 'w', 'x', 'y', 'z', 0, 0}));
}

// Send 100 MB through a socketpair in pieces by advancing a view
// (while view: view = view[sock.send(view):]), receiving into a
// preallocated buffer with readinto.
TEST(memoryview_seeds, send_100_mb_through_a_socketpair_in_pieces) {
  constexpr std::size_t total = 100u * 1000u * 1000u;
  std::vector<std::uint8_t> out(total);
  // A pattern that a lost, repeated or reordered piece would break.
  std::uint32_t x = 0x12345678u;
  for (std::uint8_t& b : out) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<std::uint8_t>(x >> 24);
  }
  std::vector<std::uint8_t> in(total);  // preallocated receive buffer
  std::array<int, 2> sv{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.data()), 0);
  // A blocking stream socket takes all 100 MB in one call; a nonblocking one
  // takes what fits in its buffer (write_some waits with poll() when none
  // fits), so the view really is sent in pieces.
  ASSERT_EQ(::fcntl(sv[1], F_SETFL, ::fcntl(sv[1], F_GETFL) | O_NONBLOCK), 0);

  // A failing side shuts its end down so the other one fails too instead of
  // waiting forever: the receiver sees end of file, the sender EPIPE
  // (SIGPIPE is ignored meanwhile).
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &previous), 0);

  std::size_t pieces = 0;
  // The receiver starts reading only after the sender's first piece: with a
  // reader draining the socket concurrently the kernel may take all 100 MB in
  // one nonblocking call (seen under clang), so "in pieces" would be timing.
  std::atomic<bool> first_piece_sent{false};
  std::size_t sender_allocations = 1;
  std::size_t sent = 0;
  std::string sender_failure;
  std::thread sender([&] {
    zc::test::allocation_counter counter;  // counts this thread only
    try {
      buffer_view rest = zc::view(std::as_const(out));
      while (!rest.empty()) {
        const std::size_t n = zc::write_some(sv[1], rest);
        rest = zc::advance(rest, n);
        sent += n;
        ++pieces;
        first_piece_sent.store(true);
      }
    } catch (const zc::error& e) {
      sender_failure = e.what();
      ::shutdown(sv[1], SHUT_WR);  // the receiver then sees end of file
    }
    first_piece_sent.store(true);
    sender_allocations = counter.count();
  });
  std::size_t received = 0;
  std::size_t receiver_allocations = 1;
  std::string receiver_failure;
  while (!first_piece_sent.load()) std::this_thread::yield();
  {
    zc::test::allocation_counter counter;
    try {
      received = zc::read_into(sv[0], zc::view(in));
    } catch (const zc::error& e) {
      receiver_failure = e.what();
      ::shutdown(sv[0], SHUT_RDWR);
    }
    receiver_allocations = counter.count();
  }
  sender.join();
  ::sigaction(SIGPIPE, &previous, nullptr);
  EXPECT_EQ(receiver_failure, "");
  EXPECT_EQ(sender_failure, "");
  ::close(sv[0]);
  ::close(sv[1]);
  EXPECT_EQ(received, total);
  EXPECT_EQ(sent, total);
  EXPECT_GT(pieces, 1u);  // a socket buffer is far smaller than 100 MB
  EXPECT_EQ(sender_allocations, 0u);
  EXPECT_EQ(receiver_allocations, 0u);
  EXPECT_TRUE(in == out);  // compares vectors element by element
}

}  // namespace
