// for_each_run (the fewest contiguous byte runs of a view) and the fd I/O
// built on it: read_into / read_some / write_all / write_some / advance,
// for any layout, with short reads and writes, EINTR, EAGAIN and EOF.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "temp_dir.hpp"
#include "zc/buffer_view.hpp"
#include "zc/io.hpp"

namespace {

using zc::buffer_view;
using zc::dims;

using zc::test::error_of;

// The runs of a view as (offset from base, length) pairs.
std::vector<std::pair<std::ptrdiff_t, std::size_t>> runs_of(const buffer_view& v,
                                                            const void* base) {
  std::vector<std::pair<std::ptrdiff_t, std::size_t>> out;
  v.for_each_run([&](std::byte* p, std::size_t n) {
    out.emplace_back(p - static_cast<const std::byte*>(base), n);
  });
  return out;
}

using runs = std::vector<std::pair<std::ptrdiff_t, std::size_t>>;

// Both ends of a pipe, closed on destruction.
struct pipe_pair {
  int read_end = -1;
  int write_end = -1;
  pipe_pair() {
    std::array<int, 2> fds{};
    if (::pipe(fds.data()) != 0) throw std::runtime_error("pipe failed");
    read_end = fds[0];
    write_end = fds[1];
  }
  pipe_pair(const pipe_pair&) = delete;
  pipe_pair& operator=(const pipe_pair&) = delete;
  ~pipe_pair() {
    close_write();
    if (read_end >= 0) ::close(read_end);
  }
  void close_write() {
    if (write_end >= 0) ::close(write_end);
    write_end = -1;
  }
};

TEST(runs, contiguous_view_is_one_run) {
  std::array<float, 12> a{};
  const buffer_view v = zc::view(a.data(), {3, 4});
  EXPECT_EQ(runs_of(v, a.data()), (runs{{0, 48}}));
  zc::test::allocation_counter counter;
  std::size_t calls = 0;
  v.for_each_run([&](std::byte* p, std::size_t n) {
    ++calls;
    EXPECT_EQ(p, reinterpret_cast<std::byte*>(a.data()));
    EXPECT_EQ(n, 48u);
  });
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(v.run_count(), 1u);
  EXPECT_EQ(v.run_length(), 48u);
  EXPECT_EQ(counter.count(), 0u);
  // Extent-1 axes with odd strides do not split the run.
  const buffer_view odd = zc::view(a.data(), {1, 12, 1}, {999, 4, -5});
  EXPECT_EQ(runs_of(odd, a.data()), (runs{{0, 48}}));
}

TEST(runs, padded_rows_are_one_run_per_row) {
  std::array<std::uint8_t, 64> a{};
  const buffer_view rows = zc::view(a.data(), {3, 10}, {16, 1});
  EXPECT_EQ(runs_of(rows, a.data()), (runs{{0, 10}, {16, 10}, {32, 10}}));
  EXPECT_EQ(rows.run_count(), 3u);
  EXPECT_EQ(rows.run_length(), 10u);
  // Rows in reverse order: the runs follow C order of the view, not memory.
  EXPECT_EQ(runs_of(rows.flip(0), a.data()), (runs{{32, 10}, {16, 10}, {0, 10}}));
  // Inner axes merge where dense: (2, 3, 4) bytes with a padded outer stride.
  const buffer_view blocks = zc::view(a.data(), {2, 3, 4}, {20, 4, 1});
  EXPECT_EQ(runs_of(blocks, a.data()), (runs{{0, 12}, {20, 12}}));
}

TEST(runs, transposed_and_stepped_views_are_one_element_per_run) {
  std::array<std::int16_t, 6> a{};
  const buffer_view t = zc::view(a.data(), {2, 3}).transpose();  // (3, 2), strides (2, 6)
  EXPECT_EQ(runs_of(t, a.data()), (runs{{0, 2}, {6, 2}, {2, 2}, {8, 2}, {4, 2}, {10, 2}}));
  EXPECT_EQ(t.run_count(), 6u);
  const buffer_view rev = zc::view(a.data(), {6}).flip(0);
  EXPECT_EQ(rev.run_count(), 6u);
  EXPECT_EQ(runs_of(rev, a.data()).front(), (std::pair<std::ptrdiff_t, std::size_t>{10, 2}));
  const buffer_view zero = zc::view(a.data(), {4}, {0});  // broadcast: one element 4 times
  EXPECT_EQ(runs_of(zero, a.data()), (runs{{0, 2}, {0, 2}, {0, 2}, {0, 2}}));
}

TEST(runs, empty_view_has_no_runs_and_early_stop_works) {
  std::array<int, 8> a{};
  const buffer_view e = zc::view(a.data(), {8}).slice(0, 4, 4);
  EXPECT_TRUE(runs_of(e, a.data()).empty());
  EXPECT_EQ(e.run_count(), 0u);
  EXPECT_EQ(e.run_length(), 0u);
  const buffer_view s = zc::view(a.data(), {8}).slice(0, std::nullopt, std::nullopt, 2);
  int calls = 0;
  s.for_each_run([&](std::byte*, std::size_t) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

TEST(runs, rank_zero_is_one_run) {
  double x = 0;
  EXPECT_EQ(runs_of(zc::view(&x, dims{}), &x), (runs{{0, 8}}));
}

// Elements about 2^47 bytes apart: two on a page mapped near address 0, two
// on the stack, joined by a huge negative stride.  Walking the view must form
// pointers only to its elements: stepping one stride past the last element
// before rewinding (as for_each_run, zc::copy and the I/O cursor once did)
// wraps below address 0, which is undefined behaviour that UBSan's
// pointer-overflow check reports (and -fno-sanitize-recover makes fatal).
TEST(runs, far_apart_elements_are_walked_without_pointers_past_them) {
  constexpr std::uintptr_t low_address = 0x10000;
  void* page = ::mmap(reinterpret_cast<void*>(low_address), 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (page == MAP_FAILED) GTEST_SKIP() << "cannot map a page at 0x10000: " << std::strerror(errno);
  if (reinterpret_cast<std::uintptr_t>(page) != low_address) {
    ::munmap(page, 4096);
    GTEST_SKIP() << "the kernel placed the page elsewhere";
  }
  auto* low = static_cast<std::int32_t*>(page);
  low[0] = 3;
  low[1] = 4;
  std::array<std::int32_t, 2> high{1, 2};
  const std::int64_t gap =
      reinterpret_cast<std::intptr_t>(low) - reinterpret_cast<std::intptr_t>(high.data());
  ASSERT_LT(gap, 0);
  // Axis 1 (inner, stepped first) jumps from the stack down to the low page.
  const buffer_view v = zc::view(high.data(), {2, 2}, {4, gap});
  ASSERT_EQ(v.run_count(), 4u);
  std::vector<std::int32_t> seen;
  v.for_each_run([&](std::byte* p, std::size_t n) {
    EXPECT_EQ(n, 4u);
    std::int32_t x = 0;
    std::memcpy(&x, p, sizeof x);
    seen.push_back(x);
  });
  EXPECT_EQ(seen, (std::vector<std::int32_t>{1, 3, 2, 4}));
  EXPECT_EQ(v.to_vector<std::int32_t>(), (std::vector<std::int32_t>{1, 3, 2, 4}));
  // The transpose walks the outer axis with the huge stride.
  EXPECT_EQ(v.transpose().to_vector<std::int32_t>(), (std::vector<std::int32_t>{1, 2, 3, 4}));
  // zc::copy out of and into the view, and equality.
  std::array<std::int32_t, 4> out{};
  zc::copy(v, zc::view(out.data(), {2, 2}));
  EXPECT_EQ(out, (std::array<std::int32_t, 4>{1, 3, 2, 4}));
  const std::array<std::int32_t, 4> in{10, 30, 20, 40};
  zc::copy(zc::view(in.data(), {2, 2}), v);
  EXPECT_EQ(high, (std::array<std::int32_t, 2>{10, 20}));
  EXPECT_EQ(low[0], 30);
  EXPECT_EQ(low[1], 40);
  EXPECT_TRUE(v == zc::view(in.data(), {2, 2}));
  // write_all and read_into walk the runs through a pipe.
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC), 0);
  EXPECT_EQ(zc::write_all(fds[1], v), 16u);
  std::array<std::int32_t, 4> piped{};
  EXPECT_EQ(zc::read_into(fds[0], zc::view(piped.data(), {4})), 16u);
  EXPECT_EQ(piped, in);
  const std::array<std::int32_t, 4> next{5, 6, 7, 8};
  EXPECT_EQ(zc::write_all(fds[1], zc::view(next.data(), {4})), 16u);
  EXPECT_EQ(zc::read_into(fds[0], v), 16u);
  EXPECT_EQ(v.to_vector<std::int32_t>(), (std::vector<std::int32_t>{5, 6, 7, 8}));
  ::close(fds[0]);
  ::close(fds[1]);
  ::munmap(page, 4096);
}

TEST(fd_io, write_all_then_read_into_strided_views_through_a_file) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("io.bin");
  std::array<std::uint16_t, 12> src{};
  std::iota(src.begin(), src.end(), std::uint16_t{100});
  // Columns 1..2 of a 3x4 matrix, flipped: a layout with 3 runs of 4 bytes.
  const buffer_view out = zc::view(src.data(), {3, 4}).slice(1, 1, 3).flip(0);
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  zc::test::allocation_counter counter;
  EXPECT_EQ(zc::write_all(fd, out), 12u);
  EXPECT_EQ(counter.count(), 0u);
  ::close(fd);
  // Read the file back into a transposed destination.
  std::array<std::uint16_t, 6> dst{};
  const buffer_view in = zc::view(dst.data(), {2, 3}).transpose();  // (3, 2), F order
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  counter.reset();
  EXPECT_EQ(zc::read_into(fd, in), 12u);
  EXPECT_EQ(counter.count(), 0u);
  ::close(fd);
  EXPECT_TRUE(in == out);
  EXPECT_EQ(dst, (std::array<std::uint16_t, 6>{109, 105, 101, 110, 106, 102}));
}

TEST(fd_io, short_file_is_truncated_error_saying_how_many_bytes_came) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("short.bin");
  const std::string content = "0123456";  // 7 bytes
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(zc::write_all(fd, zc::view(std::string_view(content))), 7u);
  ::close(fd);
  std::array<std::uint8_t, 10> dst{};
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const std::string msg =
      error_of([&] { (void)zc::read_into(fd, zc::view(dst.data(), {10})); }, zc::errc::truncated);
  ::close(fd);
  EXPECT_NE(msg.find("7"), std::string::npos) << msg;
  EXPECT_NE(msg.find("10"), std::string::npos) << msg;
  EXPECT_EQ(dst[6], '6');  // what came is in place
}

TEST(fd_io, refusals_readonly_and_bad_descriptor) {
  std::array<std::uint8_t, 4> a{};
  const std::array<std::uint8_t, 4>& ca = a;
  pipe_pair p;
  const std::string ro = error_of(
      [&] { (void)zc::read_into(p.read_end, zc::view(ca.data(), {4})); }, zc::errc::readonly);
  EXPECT_NE(ro.find("read_into"), std::string::npos) << ro;
  (void)error_of([&] { (void)zc::read_some(p.read_end, zc::view(ca.data(), {4})); },
                 zc::errc::readonly);
  const std::string io =
      error_of([&] { (void)zc::write_all(-1, zc::view(a.data(), {4})); }, zc::errc::io);
  EXPECT_NE(io.find("-1"), std::string::npos) << io;
  (void)error_of([&] { (void)zc::read_into(-1, zc::view(a.data(), {4})); }, zc::errc::io);
  // Reading from a write end fails with the system's reason.
  (void)error_of([&] { (void)zc::read_into(p.write_end, zc::view(a.data(), {4})); }, zc::errc::io);
  // Empty views transfer nothing and never touch the descriptor.
  EXPECT_EQ(zc::read_into(-1, zc::view(a.data(), {0})), 0u);
  EXPECT_EQ(zc::write_all(-1, zc::view(a.data(), {0})), 0u);
}

TEST(fd_io, read_some_and_end_of_file) {
  pipe_pair p;
  const std::string text = "abc";
  EXPECT_EQ(zc::write_all(p.write_end, zc::view(std::string_view(text))), 3u);
  std::array<char, 8> dst{};
  const buffer_view v = zc::view(dst.data(), {8});
  EXPECT_EQ(zc::read_some(p.read_end, v), 3u);  // what is available now
  EXPECT_EQ(std::string(dst.data(), 3), "abc");
  p.close_write();
  EXPECT_EQ(zc::read_some(p.read_end, v), 0u);  // end of file
}

TEST(fd_io, many_runs_cross_the_iovec_batch) {
  // 300 one-element runs (more than one readv batch), with short pipe reads.
  std::vector<std::uint32_t> src(600);
  std::iota(src.begin(), src.end(), 0u);
  const buffer_view every_other = zc::view(src).slice(0, std::nullopt, std::nullopt, 2);
  ASSERT_EQ(every_other.run_count(), 300u);
  std::vector<std::uint32_t> dst(900, 7u);
  const buffer_view into = zc::view(dst).slice(0, std::nullopt, std::nullopt, 3);
  pipe_pair p;
  // 1200 bytes fit in a pipe's buffer: the writer never blocks, so the join
  // cannot hang even if the reader fails.
  std::string writer_failure;
  std::thread writer([&] {
    try {
      // Write in odd-sized pieces so reads end in the middle of runs.
      std::vector<std::uint8_t> packed(1200);
      zc::copy(every_other, zc::view(packed).cast(zc::dtype_of<std::uint32_t>()));
      buffer_view rest = zc::view(packed);
      while (!rest.empty()) {
        const auto n = std::min<std::size_t>(7, rest.size());
        zc::write_all(p.write_end, rest.slice(0, 0, static_cast<std::int64_t>(n)));
        rest = zc::advance(rest, n);
      }
    } catch (const zc::error& e) {
      writer_failure = e.what();
    }
  });
  std::size_t got = 0;
  EXPECT_NO_THROW(got = zc::read_into(p.read_end, into));
  writer.join();
  EXPECT_EQ(writer_failure, "");
  EXPECT_EQ(got, 1200u);
  EXPECT_TRUE(into == every_other);
  EXPECT_EQ(dst[1], 7u);  // the gaps are untouched
  EXPECT_EQ(dst[3], 2u);
}

std::atomic<int> signals_seen{0};
extern "C" void count_signal(int) { signals_seen.fetch_add(1, std::memory_order_relaxed); }

TEST(fd_io, read_into_survives_eintr) {
  // A handler installed without SA_RESTART makes a blocked readv fail with
  // EINTR; read_into must retry instead of reporting an error.
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &previous), 0);
  signals_seen = 0;
  pipe_pair p;
  std::atomic<bool> reading{false};
  const pthread_t reader = ::pthread_self();
  std::thread interrupter([&] {
    while (!reading.load()) std::this_thread::yield();
    // Interrupt the (probably blocked) reader repeatedly, then feed it.
    for (int i = 0; i < 20; ++i) {
      ::pthread_kill(reader, SIGUSR1);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const std::array<std::uint8_t, 4> data{1, 2, 3, 4};
    try {
      zc::write_all(p.write_end, zc::view(data.data(), {4}));
    } catch (const zc::error&) {
      p.close_write();  // the reader then fails with a truncation error
    }
  });
  std::array<std::uint8_t, 4> dst{};
  reading = true;
  std::size_t got = 0;
  EXPECT_NO_THROW(got = zc::read_into(p.read_end, zc::view(dst.data(), {4})));
  interrupter.join();
  ::sigaction(SIGUSR1, &previous, nullptr);
  EXPECT_EQ(got, 4u);
  EXPECT_EQ(dst, (std::array<std::uint8_t, 4>{1, 2, 3, 4}));
  // Signals sent while one is pending merge, so count at least one.
  EXPECT_GE(signals_seen.load(), 1);
}

TEST(fd_io, nonblocking_descriptor_waits_instead_of_failing) {
  std::array<int, 2> sv{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.data()), 0);
  ASSERT_EQ(::fcntl(sv[0], F_SETFL, ::fcntl(sv[0], F_GETFL) | O_NONBLOCK), 0);
  std::vector<std::uint8_t> src(1 << 16);
  std::iota(src.begin(), src.end(), std::uint8_t{0});
  // 64 KiB fit in the socket's buffer, so the writer never waits for the
  // reader and the join below cannot hang even if the reader fails.
  std::string writer_failure;
  std::thread writer([&] {
    try {
      // Pieces with pauses: the nonblocking reader hits EAGAIN between them.
      for (std::size_t off = 0; off < src.size(); off += 4096) {
        zc::write_all(sv[1], zc::view(src.data() + off, {4096}));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    } catch (const zc::error& e) {
      writer_failure = e.what();
    }
  });
  std::vector<std::uint8_t> dst(src.size());
  std::size_t got = 0;
  std::string reader_failure;
  try {
    got = zc::read_into(sv[0], zc::view(dst));
  } catch (const zc::error& e) {
    reader_failure = e.what();
  }
  writer.join();
  EXPECT_EQ(reader_failure, "");
  EXPECT_EQ(writer_failure, "");
  EXPECT_EQ(got, src.size());
  EXPECT_EQ(dst, src);
  ::close(sv[0]);
  ::close(sv[1]);
}

TEST(fd_io, writing_to_a_socket_whose_peer_is_gone_is_an_error_not_sigpipe) {
  // Before the fix this test died of SIGPIPE: the process, not the call, failed.
  std::array<int, 2> sv{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv.data()), 0);
  ::close(sv[0]);
  const std::array<std::uint8_t, 16> data{};
  const std::string msg =
      error_of([&] { (void)zc::write_all(sv[1], zc::view(data.data(), {16})); }, zc::errc::io);
  EXPECT_NE(msg.find(std::strerror(EPIPE)), std::string::npos) << msg;
  (void)error_of([&] { (void)zc::write_some(sv[1], zc::view(data.data(), {16})); }, zc::errc::io);
  ::close(sv[1]);
}

// A pipe (not a socket: MSG_NOSIGNAL does not apply) whose reader is gone.
// Before the fix the process died of SIGPIPE here.  The signal disposition
// and the thread's signal mask are unchanged afterwards and no SIGPIPE is
// left pending.
TEST(fd_io, writing_to_a_pipe_whose_reader_is_gone_is_an_error_not_sigpipe) {
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC), 0);
  ::close(fds[0]);
  const std::array<std::uint8_t, 16> data{};
  const std::string msg =
      error_of([&] { (void)zc::write_all(fds[1], zc::view(data.data(), {16})); }, zc::errc::io);
  EXPECT_NE(msg.find(std::strerror(EPIPE)), std::string::npos) << msg;
  // A strided view goes out in several runs through the same path.
  const std::string some = error_of(
      [&] { (void)zc::write_some(fds[1], zc::view(data.data(), {4}, {4})); }, zc::errc::io);
  EXPECT_NE(some.find(std::strerror(EPIPE)), std::string::npos) << some;
  ::close(fds[1]);
  struct sigaction action {};
  ASSERT_EQ(::sigaction(SIGPIPE, nullptr, &action), 0);
  EXPECT_EQ(action.sa_handler, SIG_DFL);
  sigset_t mask;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
  EXPECT_EQ(::sigismember(&mask, SIGPIPE), 0);
  sigset_t pending;
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_EQ(::sigismember(&pending, SIGPIPE), 0);
}

// A SIGPIPE that was pending before the call is the program's, not ours: it
// stays pending (blocked by the program), the write still fails with EPIPE.
TEST(fd_io, a_sigpipe_pending_before_the_write_stays_pending) {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigset_t previous;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &pipe_only, &previous), 0);
  ASSERT_EQ(::pthread_kill(::pthread_self(), SIGPIPE), 0);
  std::array<int, 2> fds{};
  ASSERT_EQ(::pipe2(fds.data(), O_CLOEXEC), 0);
  ::close(fds[0]);
  const std::array<std::uint8_t, 4> data{};
  (void)error_of([&] { (void)zc::write_all(fds[1], zc::view(data.data(), {4})); }, zc::errc::io);
  ::close(fds[1]);
  sigset_t pending;
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_EQ(::sigismember(&pending, SIGPIPE), 1);
  // Still blocked (the mask the program set is restored), then consume it.
  sigset_t mask;
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
  EXPECT_EQ(::sigismember(&mask, SIGPIPE), 1);
  const timespec no_wait{0, 0};
  EXPECT_EQ(::sigtimedwait(&pipe_only, nullptr, &no_wait), SIGPIPE);
  ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, &previous, nullptr), 0);
}

TEST(advance, drops_leading_bytes_without_copying) {
  std::array<std::uint8_t, 10> a{};
  const buffer_view v = zc::view(a.data(), {10});
  zc::test::allocation_counter counter;
  const buffer_view rest = zc::advance(v, 4);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(rest.data(), a.data() + 4);
  EXPECT_EQ(rest.size(), 6u);
  EXPECT_TRUE(zc::advance(v, 10).empty());
  // Whole elements of wider types.
  std::array<std::uint32_t, 4> w{};
  EXPECT_EQ(zc::advance(zc::view(w.data(), {4}), 8).data(), &w[2]);
}

TEST(advance, refusals) {
  std::array<std::uint32_t, 4> w{};
  const std::string past =
      error_of([&] { (void)zc::advance(zc::view(w.data(), {4}), 20); }, zc::errc::out_of_range);
  EXPECT_NE(past.find("20"), std::string::npos) << past;
  EXPECT_NE(past.find("16"), std::string::npos) << past;
  const std::string split =
      error_of([&] { (void)zc::advance(zc::view(w.data(), {4}), 3); }, zc::errc::invalid_argument);
  EXPECT_NE(split.find("3"), std::string::npos) << split;
  (void)error_of(
      [&] {
        (void)zc::advance(zc::view(w.data(), {2, 2}), 4);
      },
      zc::errc::invalid_argument);
}

}  // namespace
