// A nonblocking descriptor (an event loop's socket or pipe) that would block
// is waited for with poll(), so the byte-moving calls behave the same for
// blocking and nonblocking descriptors: they move all the bytes or throw.
// Internal to core/src (io.cpp and stream.cpp).
#pragma once

#include <cerrno>
#include <cstring>
#include <string>

#include <poll.h>

#include "zc/error.hpp"

namespace zc::detail {

/// True for the errno of a nonblocking call that would have blocked.
inline bool would_block(int error_number) noexcept {
  return error_number == EAGAIN || error_number == EWOULDBLOCK;
}

/// Blocks until `fd` is ready for `events` (POLLIN or POLLOUT), retrying
/// EINTR.  Readiness includes errors and hang-ups: the retried call then
/// reports them.  Throws zc::error(io) if poll itself fails.
inline void wait_ready(int fd, short events) {
  pollfd p{fd, events, 0};
  while (::poll(&p, 1, -1) < 0) {
    if (errno != EINTR) {
      throw error(errc::io,
                  "poll on descriptor " + std::to_string(fd) + " failed: " + std::strerror(errno));
    }
  }
}

}  // namespace zc::detail
