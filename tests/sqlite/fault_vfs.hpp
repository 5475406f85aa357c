// A test VFS that wraps SQLite's default one and fails writes on demand, to
// inject I/O errors (SQLITE_IOERR_WRITE) at chosen points of a transaction.
#pragma once

#include <string>

struct sqlite3;

namespace zc::test {

/// Registers the VFS (once) and returns its name for sqlite3_open_v2.
const char* fault_vfs_name();

/// The next `n` writes (to any file opened through the VFS) succeed, every
/// later one fails with SQLITE_IOERR_WRITE.  Negative: never fail.
void fail_writes_after(int n);

/// Opens `path` through the VFS (read-write, create).
sqlite3* open_faulty(const std::string& path);

}  // namespace zc::test
