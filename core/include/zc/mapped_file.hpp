// zc::map_file: a whole file as a '|u1' buffer_view over a memory mapping,
// the way np.memmap and Python's mmap module see a file.  No byte is read or
// copied when mapping: pages are brought in by the kernel when first touched.
//
// Ownership: the view's owner holds the mapping; it is unmapped when the
// last copy of the view (or of any view made from it) is gone.  The file
// descriptor is closed before map_file returns (a mapping does not need it).
//
// The one hazard of mapping: if the file is truncated (by this or another
// process) while it is mapped, touching a page beyond the new end of file
// raises SIGBUS, which kills the process unless it handles the signal.
// Nothing a library can do at map time prevents that; zcbridge does this:
//  - map_file() maps exactly the size fstat() reports at that moment, so the
//    view never reaches past the file as it was when mapped;
//  - it does not pre-fault (no MAP_POPULATE) and installs no signal handler:
//    a fault is reported by the kernel exactly where it happens;
//  - mapping::private_copy does not protect against it either: pages not yet
//    copied are still read from the file.
// Map only files no one shrinks while you use them (or read them with
// zc::read_into instead).  Growing a mapped file is harmless: the view keeps
// its size.
//
// Durability: writes through a read_write, mapping::shared view reach the
// page cache at once (visible to every reader of the file, as with
// np.memmap mode 'r+') and the disk when the kernel writes them back; the
// library does not msync().
#pragma once

#include <filesystem>

#include "zc/access.hpp"
#include "zc/buffer_view.hpp"
#include "zc/export.hpp"

namespace zc {

/// How writes through a read_write mapping are shared.
enum class mapping {
  /// Writes reach the file (MAP_SHARED); a read_only view sees what other
  /// writers put in the file.
  shared,
  /// Copy-on-write (MAP_PRIVATE): the view is writable under read_write, but
  /// writes stay in this process's memory and never reach the file (as
  /// np.memmap mode 'c').  The file only needs to be readable.
  private_copy,
};

/// Maps all of `path` as a 1-d '|u1' view of the file's size.
///  - access::read_only: a readonly view (the file is opened O_RDONLY);
///  - access::read_write: a writable view; with mapping::shared the file must
///    be writable and writes reach it, with mapping::private_copy they do not.
/// An empty file gives an empty view (nothing is mapped).  Strings convert to
/// std::filesystem::path.
/// Throws zc::error(io) naming the file and the system's reason when it is
/// missing, a directory, not permitted, or not a regular file (a FIFO, a
/// device, a socket: those cannot be mapped as a file of known size).
ZC_API buffer_view map_file(const std::filesystem::path& path, access mode = access::read_only,
                            mapping kind = mapping::shared);

}  // namespace zc
