// readv/writev straight into and out of a view's runs.
#include "zc/io.hpp"

#include "zc/buffer_view.hpp"
#include "zc/detail/odometer.hpp"

#include "no_sigpipe.hpp"
#include "wait_ready.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace zc {
namespace {

// A resumable walk over a view's runs that fills iovec batches; `skip`
// bytes of the current run are already done.  Fixed size, no heap.
class run_cursor {
 public:
  explicit run_cursor(const buffer_view& v)
      : plan_(detail::plan_runs(v)), current_(const_cast<std::byte*>(v.bytes())) {
    done_ = plan_.run_bytes == 0;
  }

  // Fills up to iov.size() entries from the current position; returns the count.
  std::size_t fill(std::span<iovec> iov) const {
    if (done_) return 0;
    run_cursor probe = *this;
    std::size_t n = 0;
    while (n < iov.size() && !probe.done_) {
      iov[n].iov_base = probe.current_ + probe.skip_;
      iov[n].iov_len = plan_.run_bytes - probe.skip_;
      ++n;
      probe.next_run();
    }
    return n;
  }

  // Marks `bytes` more as transferred.
  void advance(std::size_t bytes) {
    while (bytes > 0 && !done_) {
      const std::size_t left = plan_.run_bytes - skip_;
      if (bytes < left) {
        skip_ += bytes;
        return;
      }
      bytes -= left;
      next_run();
    }
  }

  [[nodiscard]] bool done() const noexcept { return done_; }

 private:
  void next_run() {
    skip_ = 0;
    done_ = !runs_.next([this](std::size_t axis, std::int64_t steps) {
      current_ += plan_.outer_strides[axis] * steps;
    });
  }

  detail::run_plan plan_;
  detail::odometer runs_{std::span(plan_.outer_shape).first(plan_.outer_rank)};
  std::byte* current_;
  std::size_t skip_ = 0;  // bytes of the current run already transferred
  bool done_ = false;
};

constexpr std::size_t batch = 64;  // iovecs per system call (IOV_MAX is 1024)

[[noreturn]] void throw_errno(const char* what, int fd) {
  throw error(errc::io, std::string(what) + " on descriptor " + std::to_string(fd) +
                            " failed: " + std::strerror(errno));
}

// Writes a batch of iovecs.  Sockets get sendmsg with MSG_NOSIGNAL, so a peer
// that has gone away is an EPIPE error (thrown as zc::error(io), like Python's
// BrokenPipeError) instead of a SIGPIPE that kills the process.  Other
// descriptors (files, pipes) fall back to writev after ENOTSOCK with SIGPIPE
// blocked in this thread (see no_sigpipe.hpp), so a pipe whose reader is gone
// is the same EPIPE error.
ssize_t write_batch(int fd, iovec* iov, std::size_t n) {
  msghdr message{};
  message.msg_iov = iov;
  message.msg_iovlen = n;
  const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
  if (sent >= 0 || errno != ENOTSOCK) return sent;
  return detail::without_sigpipe([&] { return ::writev(fd, iov, static_cast<int>(n)); });
}

// One readv/writev that retries EINTR and waits out EAGAIN; returns bytes.
std::size_t transfer_once(int fd, run_cursor& cursor, bool reading) {
  std::array<iovec, batch> iov{};
  const std::size_t n = cursor.fill(iov);
  if (n == 0) return 0;
  for (;;) {
    const ssize_t got =
        reading ? ::readv(fd, iov.data(), static_cast<int>(n)) : write_batch(fd, iov.data(), n);
    if (got >= 0) {
      cursor.advance(static_cast<std::size_t>(got));
      return static_cast<std::size_t>(got);
    }
    if (errno == EINTR) continue;
    if (detail::would_block(errno)) {
      detail::wait_ready(fd, reading ? POLLIN : POLLOUT);
      continue;
    }
    throw_errno(reading ? "readv" : "writev", fd);
  }
}

}  // namespace

std::size_t read_into(int fd, const buffer_view& dst) {
  dst.require_writable("zc::read_into");
  run_cursor cursor(dst);
  std::size_t total = 0;
  while (!cursor.done()) {
    const std::size_t got = transfer_once(fd, cursor, true);
    if (got == 0) {
      throw error(errc::truncated, "zc::read_into: end of file after " + std::to_string(total) +
                                       " of " + std::to_string(dst.nbytes()) + " bytes (expected " +
                                       std::to_string(dst.nbytes()) + ")");
    }
    total += got;
  }
  return total;
}

std::size_t read_some(int fd, const buffer_view& dst) {
  dst.require_writable("zc::read_some");
  run_cursor cursor(dst);
  return transfer_once(fd, cursor, true);
}

std::size_t write_all(int fd, const buffer_view& src) {
  run_cursor cursor(src);
  std::size_t total = 0;
  while (!cursor.done()) total += transfer_once(fd, cursor, false);
  return total;
}

std::size_t write_some(int fd, const buffer_view& src) {
  run_cursor cursor(src);
  return transfer_once(fd, cursor, false);
}

buffer_view advance(const buffer_view& v, std::size_t n_bytes) {
  if (v.rank() != 1) {
    throw error(errc::invalid_argument, "zc::advance needs a 1-d view, found " + v.describe() +
                                            " (cast it to bytes first)");
  }
  if (n_bytes % v.itemsize() != 0) {
    throw error(errc::invalid_argument, "zc::advance by " + std::to_string(n_bytes) +
                                            " bytes splits an element of " +
                                            std::to_string(v.itemsize()) + " bytes");
  }
  const std::size_t count = n_bytes / v.itemsize();
  if (count > v.size()) {
    throw error(errc::out_of_range, "zc::advance by " + std::to_string(n_bytes) +
                                        " bytes past the end of a view of " +
                                        std::to_string(v.nbytes()) + " bytes");
  }
  return v.slice(0, static_cast<std::int64_t>(count), std::nullopt);
}

}  // namespace zc
