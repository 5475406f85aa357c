// The one place a png::source or png::sink becomes a core byte stream.
// Every reader (libpng's read callback, the fast decoder) and every writer
// (libpng's write callback, the fast encoder) uses the stream opened here,
// so the kinds of source and sink are told apart here and nowhere else:
//   source: a path -> stdio_source over the file opened here; a FILE* ->
//           stdio_source; memory -> memory_source (zero-copy: borrow()
//           lends the caller's bytes in place); a byte_source -> itself.
//   sink:   a path -> replacing_file_sink (the file changes only on
//           commit()); a FILE* -> stdio_sink; a vector -> memory_sink (cut
//           back if the encode fails); a byte_sink -> itself.
// source::describe() and sink::describe() are defined here too.
//
// Errors: a stream opened here throws zc::error without naming the call;
// rethrow() puts what() in front ("png::decode_into(FILE*): reading the PNG
// file failed: ...").  The caller's own byte_source/byte_sink's exceptions,
// and std::bad_alloc, go through as they are.
//
// Lifetime: lives in the public call's frame.  What it opened (a path's
// file, a temporary file) it closes; what it borrows (a FILE*, the caller's
// memory, vector or stream) outlives it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "zc/png/sink.hpp"
#include "zc/png/source.hpp"
#include "zc/replacing_file_sink.hpp"
#include "zc/stream.hpp"

namespace zc::png::detail {

class opened_source {
 public:
  /// Opens a path (zc::error(io) naming it and the reason when that fails).
  /// `operation` names the public call in messages: "png::decode_into".
  opened_source(const source& src, const char* operation);
  opened_source(const opened_source&) = delete;
  opened_source& operator=(const opened_source&) = delete;

  [[nodiscard]] zc::byte_source& stream() noexcept { return *stream_; }
  /// "png::decode_into(file 'x.png')", for messages.
  [[nodiscard]] const std::string& what() const noexcept { return what_; }
  /// Throws `e`, an exception from stream(), as the caller sees it (see the
  /// file comment).
  [[noreturn]] void rethrow(const std::exception_ptr& e) const;

 private:
  struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };

  std::string what_;
  std::unique_ptr<std::FILE, file_closer> opened_file_;  // a path's, opened here
  std::variant<std::monostate, zc::stdio_source, zc::memory_source> own_;
  zc::byte_source* stream_ = nullptr;  // own_'s stream or the caller's
  bool callers_stream_ = false;        // stream_ is the caller's byte_source
};

class opened_sink {
 public:
  /// Opens a path's temporary file (zc::error(io) naming the path and the
  /// reason when that fails).  `operation`: "png::encode".
  opened_sink(const sink& dst, const char* operation);
  /// Not committed (any failure): a memory sink's vector is cut back to its
  /// size before the encode (shrinking cannot throw), a path's temporary
  /// file is removed and the file at the path stays as it was.
  ~opened_sink();
  opened_sink(const opened_sink&) = delete;
  opened_sink& operator=(const opened_sink&) = delete;

  [[nodiscard]] zc::byte_sink& stream() noexcept { return *stream_; }
  /// "png::encode(file 'x.png')", for messages.
  [[nodiscard]] const std::string& what() const noexcept { return what_; }
  /// Throws `e`, an exception from stream(), as the caller sees it.
  [[noreturn]] void rethrow(const std::exception_ptr& e) const;
  /// After the last byte: flushes the stream and, for a path, renames the
  /// temporary file over the destination.  Errors as rethrow().
  void commit();

 private:
  std::string what_;
  std::variant<std::monostate, zc::replacing_file_sink, zc::stdio_sink, zc::memory_sink> own_;
  zc::byte_sink* stream_ = nullptr;  // own_'s stream or the caller's
  bool callers_stream_ = false;      // stream_ is the caller's byte_sink
  // A memory sink's vector until commit(), and its size (bytes) before.
  std::vector<std::byte>* appended_to_ = nullptr;
  std::size_t size_before_ = 0;
};

}  // namespace zc::png::detail
