// The smallest byte-stream interface: a source reads into a view, a sink
// writes from a view.  Core implements them for file descriptors, files, C
// streams (FILE*) and memory; the SQLite adapter's blob reader/writer
// implements them too, and the PNG adapter reads from and writes to any of
// them, so adapters never include each other.
//
// Lifetimes: a stream borrows what it is given (a descriptor, a view) unless
// it says it owns it; memory_source keeps the view's owner alive.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"

namespace zc {

/// Something bytes can be read from, in order.
class ZC_API byte_source {
 public:
  virtual ~byte_source() = default;
  /// Reads up to `max_bytes` into `dst`; returns the count, 0 only at the end
  /// of the stream.  Throws zc::error on failure.
  virtual std::size_t read_some(std::byte* dst, std::size_t max_bytes) = 0;

  /// Fills `dst` (any layout, C order) until full or the stream ends;
  /// returns the bytes read.
  std::size_t read(const buffer_view& dst);
  /// Fills `dst` entirely; a stream that ends first throws zc::error(truncated).
  void read_exact(const buffer_view& dst);

  /// Zero-copy reading, for a source whose bytes already lie in memory: up
  /// to `max_bytes` of its next bytes in place (fewer only at its end),
  /// consumed as if read, valid as long as the source's memory.  std::nullopt
  /// from a source that can only copy into the caller's memory (the
  /// default: read_some then); borrow(0) asks which kind a source is without
  /// consuming anything.
  virtual std::optional<std::span<const std::byte>> borrow(std::size_t max_bytes);
};

/// Something bytes can be written to, in order.
class ZC_API byte_sink {
 public:
  virtual ~byte_sink() = default;
  /// Writes all `n` bytes or throws zc::error.
  virtual void write(const std::byte* src, std::size_t n) = 0;
  /// Pushes buffered bytes to their destination (default: nothing buffered).
  virtual void flush() {}

  /// Writes every byte of `src` (any layout, C order), run by run: no staging.
  void write(const buffer_view& src);
};

/// Reads a file descriptor it borrows (the caller closes it).  A nonblocking
/// descriptor is waited for (poll) instead of failing with EAGAIN.
class ZC_API fd_source : public byte_source {
 public:
  explicit fd_source(int fd) noexcept : fd_(fd) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;

 private:
  int fd_;  // borrowed
};

/// Writes to a file descriptor it borrows (the caller closes it).  A
/// nonblocking descriptor whose buffer is full is waited for (poll).
class ZC_API fd_sink : public byte_sink {
 public:
  explicit fd_sink(int fd) noexcept : fd_(fd) {}
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;

 private:
  int fd_;  // borrowed
};

/// Opens `path` for reading and owns the descriptor.
class ZC_API file_source : public byte_source {
 public:
  explicit file_source(const std::string& path);
  ~file_source() override;
  file_source(const file_source&) = delete;
  file_source& operator=(const file_source&) = delete;
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;

 private:
  int fd_;  // owned
  std::string path_;
};

/// Creates or truncates `path` and owns the descriptor.
class ZC_API file_sink : public byte_sink {
 public:
  explicit file_sink(const std::string& path);
  ~file_sink() override;
  file_sink(const file_sink&) = delete;
  file_sink& operator=(const file_sink&) = delete;
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;
  /// fsync()s the file.
  void flush() override;

 private:
  int fd_;  // owned
  std::string path_;
};

/// Reads a C stream it borrows (the caller closes it) from its current
/// position, taking exactly the bytes returned (stdio may buffer ahead of
/// them; the stream's position does not move past them).  A read error is
/// zc::error(io): "reading <name> failed: <strerror>".
class ZC_API stdio_source : public byte_source {
 public:
  /// Throws zc::error(invalid_argument) for a null `file`.
  explicit stdio_source(std::FILE* file, std::string name = "the FILE*");
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;

 private:
  std::FILE* file_;  // borrowed
  std::string name_;
};

/// Writes to a C stream it borrows (the caller closes it) at its current
/// position.  Failures are zc::error(io): "writing <name> failed:
/// <strerror>", "flushing <name> failed: <strerror>".
class ZC_API stdio_sink : public byte_sink {
 public:
  /// Throws zc::error(invalid_argument) for a null `file`.
  explicit stdio_sink(std::FILE* file, std::string name = "the FILE*");
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;
  /// fflush(3)es the stream.
  void flush() override;

 private:
  std::FILE* file_;  // borrowed
  std::string name_;
};

/// A bounds-checked cursor over a contiguous view (any dtype: read as its
/// bytes).  No copy of the input; keeps the view's owner alive.
class ZC_API memory_source : public byte_source {
 public:
  /// Throws zc::error(layout) if `bytes` is not contiguous.
  explicit memory_source(const buffer_view& bytes);
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;
  /// The next bytes in place: never a copy.
  std::optional<std::span<const std::byte>> borrow(std::size_t max_bytes) override;
  /// Bytes consumed so far / left.
  [[nodiscard]] std::size_t position() const noexcept { return position_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return size_ - position_; }
  /// The unread bytes as a readonly view (zero-copy).
  [[nodiscard]] buffer_view rest() const;

 private:
  buffer_view bytes_;  // the input; holds its owner
  const std::byte* begin_;
  std::size_t size_;
  std::size_t position_ = 0;
};

/// Appends to a growable byte vector: the sink owns it, or writes into one
/// the caller owns and keeps alive.
class ZC_API memory_sink : public byte_sink {
 public:
  memory_sink() noexcept : target_(&own_) {}
  explicit memory_sink(std::vector<std::byte>& target) noexcept : target_(&target) {}
  memory_sink(const memory_sink&) = delete;
  memory_sink& operator=(const memory_sink&) = delete;
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;
  [[nodiscard]] const std::vector<std::byte>& bytes() const noexcept { return *target_; }
  /// A readonly byte view of what was written (valid until the next write).
  [[nodiscard]] buffer_view view() const;
  /// Moves the bytes out (only for a sink that owns them).
  std::vector<std::byte> take();

 private:
  std::vector<std::byte> own_;
  std::vector<std::byte>* target_;  // &own_ or the caller's vector
};

/// Writes into a fixed, caller-owned writable contiguous view; writing past
/// its end throws zc::error(limit_exceeded) and writes nothing of that call.
class ZC_API span_sink : public byte_sink {
 public:
  explicit span_sink(const buffer_view& destination);
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;
  [[nodiscard]] std::size_t written() const noexcept { return written_; }
  /// The written prefix as a view (zero-copy).
  [[nodiscard]] buffer_view written_view() const;

 private:
  buffer_view destination_;
  std::byte* begin_;
  std::size_t capacity_;
  std::size_t written_ = 0;
};

}  // namespace zc
