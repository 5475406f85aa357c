// Where encoded PNG bytes go: a file path, a FILE* (borrowed), a growable
// byte vector (appended to), or any core zc::byte_sink (borrowed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "zc/export.hpp"
#include "zc/stream.hpp"

namespace zc::png {

class ZC_API sink {
 public:
  enum class kind : std::uint8_t { path, file, memory, stream };

  /// Creates or replaces the file at `path`.  The PNG is written to a
  /// temporary file beside it that replaces it (rename) only once complete
  /// and closed, so a failed encode leaves an existing file as it was and
  /// no partial file.  A symlink at `path` stays and its target is replaced;
  /// permission bits (and owner, where allowed) carry over; other hard links
  /// keep the old bytes.  A path that is not a regular file (/dev/stdout, a
  /// FIFO) is written in place.  Takes a std::filesystem::path,
  /// std::string, std::string_view or literal.
  static sink file(const std::filesystem::path& path);
  /// Writes at the current position of `file`; the caller closes it.
  static sink file(std::FILE* file);
  /// Appends to `bytes`, which grows as needed; the caller keeps it alive.
  /// A failed encode leaves it as it was (the partial PNG is cut off).
  static sink memory(std::vector<std::byte>& bytes);
  /// Writes to `stream`, which the caller keeps alive.
  static sink stream(zc::byte_sink& stream);

  [[nodiscard]] kind type() const noexcept { return kind_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::FILE* file_handle() const noexcept { return file_; }
  [[nodiscard]] std::vector<std::byte>* vector() const noexcept { return vector_; }
  [[nodiscard]] zc::byte_sink* byte_stream() const noexcept { return stream_; }

  /// "file 'x.png'", "FILE*", "memory", "byte sink": for messages.
  [[nodiscard]] std::string describe() const;

 private:
  sink() = default;
  kind kind_ = kind::memory;
  std::string path_;
  std::FILE* file_ = nullptr;                 // borrowed
  std::vector<std::byte>* vector_ = nullptr;  // borrowed
  zc::byte_sink* stream_ = nullptr;           // borrowed
};

}  // namespace zc::png
