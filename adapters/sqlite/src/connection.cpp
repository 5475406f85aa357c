#include "zc/sqlite/connection.hpp"

#include <sqlite3.h>

#include <string>

#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

connection::connection(const std::filesystem::path& path, mode m) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (m == mode::read_write) flags = SQLITE_OPEN_READWRITE;
  if (m == mode::read_only) flags = SQLITE_OPEN_READONLY;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // SQLite hands out a handle even on failure (for the message); close it.
    sqlite3* failed = db_;
    db_ = nullptr;
    try {
      detail::throw_sqlite(failed, rc, "open '" + path.string() + "'");
    } catch (...) {
      sqlite3_close_v2(failed);
      throw;
    }
  }
  // Report extended codes (SQLITE_CONSTRAINT_UNIQUE, SQLITE_IOERR_WRITE ...).
  sqlite3_extended_result_codes(db_, 1);
}

connection::~connection() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

connection& connection::operator=(connection&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

void connection::busy_timeout(int milliseconds) {
  const int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) detail::throw_sqlite(db_, rc, "busy_timeout");
}

}  // namespace zc::sqlite
