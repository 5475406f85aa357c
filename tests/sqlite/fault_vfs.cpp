#include "fault_vfs.hpp"

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

namespace zc::test {
namespace {

std::atomic<int> writes_left{-1};  // -1: never fail

// Our file object: SQLite allocates szOsFile bytes; the real file follows.
struct faulty_file {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_vfs* real_vfs() { return sqlite3_vfs_find(nullptr); }
sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<faulty_file*>(f)->real; }

int x_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xRead(real(f), p, n, off);
}
int x_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  int left = writes_left.load();
  if (left == 0) return SQLITE_IOERR_WRITE;
  if (left > 0) writes_left.store(left - 1);
  return real(f)->pMethods->xWrite(real(f), p, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return real(f)->pMethods->xTruncate(real(f), size);
}
int x_sync(sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real(f)->pMethods->xFileSize(real(f), size);
}
int x_lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int x_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int x_check_reserved(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }

// Version 1: no shared memory (no WAL) and no mmap, which these tests do not need.
const sqlite3_io_methods faulty_methods = {
    1,       x_close,  x_read,           x_write,        x_truncate,    x_sync,   x_file_size,
    x_lock,  x_unlock, x_check_reserved, x_file_control, x_sector_size, x_device, nullptr,
    nullptr, nullptr,  nullptr,          nullptr,        nullptr};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<faulty_file*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  const int rc = real_vfs()->xOpen(real_vfs(), name, file->real, flags, out_flags);
  // SQLite calls xClose only if pMethods is set: set it only on success.
  file->base.pMethods = rc == SQLITE_OK ? &faulty_methods : nullptr;
  return rc;
}
int x_delete(sqlite3_vfs*, const char* name, int sync) {
  return real_vfs()->xDelete(real_vfs(), name, sync);
}
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs()->xAccess(real_vfs(), name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return real_vfs()->xFullPathname(real_vfs(), name, n, out);
}
int x_randomness(sqlite3_vfs*, int n, char* out) {
  return real_vfs()->xRandomness(real_vfs(), n, out);
}
int x_sleep(sqlite3_vfs*, int us) { return real_vfs()->xSleep(real_vfs(), us); }
int x_current_time(sqlite3_vfs*, double* t) { return real_vfs()->xCurrentTime(real_vfs(), t); }
int x_last_error(sqlite3_vfs*, int n, char* out) {
  return real_vfs()->xGetLastError(real_vfs(), n, out);
}

sqlite3_vfs make_vfs() {
  sqlite3_vfs v{};
  v.iVersion = 1;
  v.szOsFile = static_cast<int>(sizeof(faulty_file)) + real_vfs()->szOsFile;
  v.mxPathname = real_vfs()->mxPathname;
  v.zName = "zc_faulty";
  v.xOpen = x_open;
  v.xDelete = x_delete;
  v.xAccess = x_access;
  v.xFullPathname = x_full_pathname;
  v.xRandomness = x_randomness;
  v.xSleep = x_sleep;
  v.xCurrentTime = x_current_time;
  v.xGetLastError = x_last_error;
  return v;
}

}  // namespace

const char* fault_vfs_name() {
  static sqlite3_vfs vfs = [] {
    sqlite3_vfs v = make_vfs();
    return v;
  }();
  static const int registered = sqlite3_vfs_register(&vfs, 0);
  if (registered != SQLITE_OK) throw std::runtime_error("cannot register the fault VFS");
  return vfs.zName;
}

void fail_writes_after(int n) { writes_left.store(n); }

sqlite3* open_faulty(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                 fault_vfs_name());
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    throw std::runtime_error("cannot open through the fault VFS");
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

}  // namespace zc::test
