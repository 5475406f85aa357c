// Where PNG bytes are read from: a file path, a FILE* (borrowed), a memory
// view (zero-copy, bounds-checked), or any core zc::byte_source (borrowed,
// pulled in small chunks so the compressed file is never staged).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/stream.hpp"

namespace zc::png {

class ZC_API source {
 public:
  enum class kind : std::uint8_t { path, file, memory, stream };

  /// Opens `path` when reading starts and closes it when reading ends.
  /// Takes a std::filesystem::path, std::string, std::string_view or literal.
  static source file(const std::filesystem::path& path);
  /// Reads from the current position of `file`; the caller keeps it open
  /// and closes it.  A null FILE* is refused with invalid_argument.
  static source file(std::FILE* file);
  /// Reads the bytes of `bytes` (any dtype, read as its bytes; must be
  /// C-contiguous).  No copy: the view (and its owner, if any) is kept.
  static source memory(const buffer_view& bytes);
  /// Pulls from `stream`, which the caller keeps alive while reading.
  static source stream(zc::byte_source& stream);

  [[nodiscard]] kind type() const noexcept { return kind_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::FILE* file_handle() const noexcept { return file_; }
  [[nodiscard]] const buffer_view& bytes() const noexcept { return bytes_; }
  [[nodiscard]] zc::byte_source* byte_stream() const noexcept { return stream_; }

  /// "file 'x.png'", "FILE*", "memory (123 bytes)", "byte stream": for messages.
  [[nodiscard]] std::string describe() const;

 private:
  source() = default;
  kind kind_ = kind::memory;
  std::string path_;
  std::FILE* file_ = nullptr;          // borrowed
  buffer_view bytes_;                  // keeps the memory's owner alive
  zc::byte_source* stream_ = nullptr;  // borrowed
};

}  // namespace zc::png
