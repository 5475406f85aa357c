// Writing a PNG to a path without ever destroying what the path held: the
// bytes go to a temporary file beside the destination, which replaces the
// destination (rename(2), atomic within a file system) only once the PNG is
// complete.  A failed encode (disk full, a libpng error, a throwing caller)
// leaves an existing file exactly as it was and no temporary behind.
//
// What a replacement keeps and what it cannot:
//  - a symlink at the path stays a symlink: the file it points to (after
//    every hop) is the one replaced;
//  - the replaced file's permission bits, and its owner and group where the
//    process may set them, are carried over;
//  - hard links are not: other names of the old file keep the old bytes;
//  - no fsync: the replacement is atomic for other processes, not durable
//    across a power cut (call fsync on the directory yourself for that).
// A path naming something that is not a regular file (/dev/stdout, a FIFO,
// a device) is written in place, since such a thing cannot be renamed over.
#pragma once

#include <cstdio>
#include <string>

namespace zc::png::detail {

class file_replacement {
 public:
  /// Opens the temporary file (or the non-regular destination).  Throws
  /// zc::error(io) naming `path` and the reason when that fails.
  /// `what` prefixes error messages, e.g. "png::encode(file 'x.png')".
  file_replacement(const std::string& path, const std::string& what);
  /// Not committed: closes and removes the temporary file.
  ~file_replacement();
  file_replacement(const file_replacement&) = delete;
  file_replacement& operator=(const file_replacement&) = delete;

  /// Where the bytes go until commit(); owned by this object.
  [[nodiscard]] std::FILE* file() const noexcept { return file_; }
  /// Flushes and closes the file, then renames it over the destination.
  /// Throws zc::error(io) if any step fails (the destination is untouched).
  void commit();

 private:
  void discard() noexcept;

  std::string what_;
  std::string destination_;  // the path finally written (symlinks resolved)
  std::string temporary_;    // empty when writing the destination in place
  std::FILE* file_ = nullptr;
};

}  // namespace zc::png::detail
