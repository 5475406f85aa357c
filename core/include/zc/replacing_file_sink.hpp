// zc::replacing_file_sink: writes a file at a path without ever destroying
// what the path held.  The bytes go to a temporary file beside the
// destination, which replaces it (rename(2), atomic within a file system)
// only when commit() is called after the last byte.  Destroyed without
// commit() (an exception, a full disk, a refused input) it removes the
// temporary and leaves an existing file exactly as it was.
//
// What a replacement keeps and what it cannot:
//  - a symlink at the path stays a symlink: the file it finally points to is
//    the one replaced;
//  - the replaced file's permission bits, and its owner and group where the
//    process may set them, carry over; a new file gets 0666 & ~umask;
//  - other hard links of the old file keep the old bytes;
//  - no fsync: atomic for other processes, not durable across a power cut.
// A path naming something that is not a regular file (/dev/null, a FIFO) is
// written in place, since such a thing cannot be renamed over.
//
// Writes are unbuffered (one write(2) loop per call): callers hand it large
// pieces.
#pragma once

#include <filesystem>
#include <string>

#include "zc/export.hpp"
#include "zc/stream.hpp"

namespace zc {

class ZC_API replacing_file_sink : public byte_sink {
 public:
  /// Creates the temporary file (or opens the non-regular destination).
  /// Throws zc::error(io) naming the path and the system's reason.
  explicit replacing_file_sink(const std::filesystem::path& path);
  /// Not committed: closes and removes the temporary file.
  ~replacing_file_sink() override;
  replacing_file_sink(const replacing_file_sink&) = delete;
  replacing_file_sink& operator=(const replacing_file_sink&) = delete;

  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;

  /// Closes the file and renames it over the destination.  Throws
  /// zc::error(io) when a step fails; the destination is then untouched.
  /// Nothing may be written after it.
  void commit();

 private:
  void discard() noexcept;

  std::string destination_;  // the path finally written, symlinks followed
  std::string temporary_;    // empty when writing the destination in place
  int fd_ = -1;              // owned
};

}  // namespace zc
