#include "zc/stream.hpp"

#include "no_sigpipe.hpp"
#include "wait_ready.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace zc {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw error(errc::io, what + ": " + std::strerror(errno));
}

// The lowest address of a contiguous view (its bytes in memory order).
const std::byte* contiguous_begin(const buffer_view& v, const char* who) {
  if (!v.is_contiguous()) {
    throw error(errc::layout, std::string(who) + " needs a contiguous view, found " + v.describe());
  }
  return v.bytes();
}

// One read(2) that retries EINTR and waits out EAGAIN (a nonblocking
// descriptor), so 0 means end of file and nothing else.
std::size_t read_fd(int fd, std::byte* dst, std::size_t max_bytes, const std::string& name) {
  for (;;) {
    const ssize_t got = ::read(fd, dst, max_bytes);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (detail::would_block(errno)) {
      detail::wait_ready(fd, POLLIN);
    } else if (errno != EINTR) {
      throw_errno("read from " + name);
    }
  }
}

// send(MSG_NOSIGNAL) on sockets, so a peer that has gone away is an EPIPE
// error rather than a SIGPIPE that kills the process; write() otherwise, with
// SIGPIPE blocked in this thread (see no_sigpipe.hpp) so a pipe whose reader
// is gone is the same EPIPE error.
ssize_t write_some_bytes(int fd, const std::byte* src, std::size_t n) {
  const ssize_t sent = ::send(fd, src, n, MSG_NOSIGNAL);
  if (sent >= 0 || errno != ENOTSOCK) return sent;
  return detail::without_sigpipe([&] { return ::write(fd, src, n); });
}

void write_fd(int fd, const std::byte* src, std::size_t n, const std::string& name) {
  while (n > 0) {
    const ssize_t put = write_some_bytes(fd, src, n);
    if (put < 0) {
      // A nonblocking descriptor whose buffer is full: wait for room rather
      // than throw with part of the bytes already written.
      if (detail::would_block(errno)) {
        detail::wait_ready(fd, POLLOUT);
        continue;
      }
      if (errno == EINTR) continue;
      throw_errno("write to " + name);
    }
    src += put;
    n -= static_cast<std::size_t>(put);
  }
}

}  // namespace

// ---- byte_source / byte_sink --------------------------------------------------

std::size_t byte_source::read(const buffer_view& dst) {
  dst.require_writable("byte_source::read");
  std::size_t total = 0;
  dst.for_each_run([&](std::byte* p, std::size_t n) {
    while (n > 0) {
      const std::size_t got = read_some(p, n);
      if (got == 0) return false;
      total += got;
      p += got;
      n -= got;
    }
    return true;
  });
  return total;
}

void byte_source::read_exact(const buffer_view& dst) {
  const std::size_t got = read(dst);
  if (got != dst.nbytes()) {
    throw error(errc::truncated, "stream ended after " + std::to_string(got) + " of " +
                                     std::to_string(dst.nbytes()) + " expected bytes");
  }
}

std::optional<std::span<const std::byte>> byte_source::borrow(std::size_t /*max_bytes*/) {
  return std::nullopt;
}

void byte_sink::write(const buffer_view& src) {
  src.for_each_run([this](std::byte* p, std::size_t n) { write(p, n); });
}

// ---- descriptors and files ------------------------------------------------------

std::size_t fd_source::read_some(std::byte* dst, std::size_t max_bytes) {
  return read_fd(fd_, dst, max_bytes, "descriptor " + std::to_string(fd_));
}

void fd_sink::write(const std::byte* src, std::size_t n) {
  write_fd(fd_, src, n, "descriptor " + std::to_string(fd_));
}

file_source::file_source(const std::string& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), path_(path) {
  if (fd_ < 0) throw_errno("cannot open '" + path + "' for reading");
}

file_source::~file_source() { ::close(fd_); }

std::size_t file_source::read_some(std::byte* dst, std::size_t max_bytes) {
  return read_fd(fd_, dst, max_bytes, "'" + path_ + "'");
}

file_sink::file_sink(const std::string& path)
    : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)), path_(path) {
  if (fd_ < 0) throw_errno("cannot open '" + path + "' for writing");
}

file_sink::~file_sink() { ::close(fd_); }

void file_sink::write(const std::byte* src, std::size_t n) {
  write_fd(fd_, src, n, "'" + path_ + "'");
}

void file_sink::flush() {
  if (::fsync(fd_) != 0) throw_errno("fsync '" + path_ + "'");
}

// ---- C streams ------------------------------------------------------------------

namespace {

std::FILE* require_file(std::FILE* file, const char* who) {
  if (file == nullptr) {
    throw error(errc::invalid_argument, std::string(who) + ": expected an open FILE*, got null");
  }
  return file;
}

[[noreturn]] void throw_stdio(const char* doing, const std::string& name, int err) {
  throw error(errc::io, std::string(doing) + " " + name + " failed: " + std::strerror(err));
}

}  // namespace

stdio_source::stdio_source(std::FILE* file, std::string name)
    : file_(require_file(file, "stdio_source")), name_(std::move(name)) {}

std::size_t stdio_source::read_some(std::byte* dst, std::size_t max_bytes) {
  // fread loops over short reads itself: fewer bytes mean the end or an error.
  const std::size_t got = std::fread(dst, 1, max_bytes, file_);
  if (got < max_bytes && std::ferror(file_) != 0) throw_stdio("reading", name_, errno);
  return got;
}

stdio_sink::stdio_sink(std::FILE* file, std::string name)
    : file_(require_file(file, "stdio_sink")), name_(std::move(name)) {}

void stdio_sink::write(const std::byte* src, std::size_t n) {
  if (std::fwrite(src, 1, n, file_) != n) throw_stdio("writing", name_, errno);
}

void stdio_sink::flush() {
  if (std::fflush(file_) != 0) throw_stdio("flushing", name_, errno);
}

// ---- memory -------------------------------------------------------------------------

memory_source::memory_source(const buffer_view& bytes)
    : bytes_(bytes), begin_(contiguous_begin(bytes, "memory_source")), size_(bytes.nbytes()) {}

std::size_t memory_source::read_some(std::byte* dst, std::size_t max_bytes) {
  const std::size_t n = std::min(max_bytes, size_ - position_);
  if (n > 0) std::memcpy(dst, begin_ + position_, n);
  position_ += n;
  return n;
}

std::optional<std::span<const std::byte>> memory_source::borrow(std::size_t max_bytes) {
  const std::size_t n = std::min(max_bytes, size_ - position_);
  const std::byte* next = begin_ + position_;
  position_ += n;
  return std::span<const std::byte>(next, n);
}

buffer_view memory_source::rest() const {
  return view(static_cast<const void*>(begin_ + position_), zc::dtype{}, dims{remaining()})
      .with_owner(bytes_.owner());
}

void memory_sink::write(const std::byte* src, std::size_t n) {
  target_->insert(target_->end(), src, src + n);
}

buffer_view memory_sink::view() const {
  return zc::view(static_cast<const void*>(target_->data()), zc::dtype{}, dims{target_->size()});
}

std::vector<std::byte> memory_sink::take() {
  if (target_ != &own_) {
    throw error(errc::invalid_argument,
                "memory_sink::take: the bytes belong to the caller's vector");
  }
  return std::move(own_);
}

span_sink::span_sink(const buffer_view& destination)
    : destination_(destination),
      begin_(const_cast<std::byte*>(contiguous_begin(destination, "span_sink"))),
      capacity_(destination.nbytes()) {
  destination.require_writable("span_sink");
}

void span_sink::write(const std::byte* src, std::size_t n) {
  if (n > capacity_ - written_) {
    throw error(errc::limit_exceeded, "span_sink: writing " + std::to_string(n) + " bytes with " +
                                          std::to_string(capacity_ - written_) + " of " +
                                          std::to_string(capacity_) + " left");
  }
  if (n > 0) std::memcpy(begin_ + written_, src, n);
  written_ += n;
}

buffer_view span_sink::written_view() const {
  return view(static_cast<void*>(begin_), zc::dtype{}, dims{written_})
      .with_owner(destination_.owner());
}

}  // namespace zc
