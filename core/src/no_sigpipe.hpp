// Writing to a pipe whose reader is gone raises SIGPIPE, which kills the
// process by default.  The library must not change the process's signal
// disposition, so it blocks SIGPIPE in the calling thread for the duration of
// one write and consumes the signal that write raised: the caller sees the
// EPIPE error (thrown as zc::error(io) "... Broken pipe") and nothing else.
// Internal to core/src.
#pragma once

#include <cerrno>
#include <csignal>
#include <ctime>

#include <pthread.h>

namespace zc::detail {

/// Calls `write` (any write(2)-like call returning ssize_t; errno as it
/// leaves it) with SIGPIPE blocked in this thread.  A SIGPIPE the call raised
/// is consumed; one that was already pending before is left pending.  The
/// thread's signal mask is restored before returning.
template <class F>
auto without_sigpipe(F&& write) {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  const bool was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  const auto result = write();
  const int saved_errno = errno;
  if (result < 0 && saved_errno == EPIPE && !was_pending) {
    // The SIGPIPE a failed write raises is directed at this thread and is
    // pending now (it is blocked): take it without waiting.
    const timespec no_wait{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = saved_errno;
  return result;
}

}  // namespace zc::detail
