#include "zc/sqlite/connection.hpp"

#include <sqlite3.h>

#include <string>

#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

void connection::closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

connection::connection(const std::filesystem::path& path, mode m) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (m == mode::read_write) flags = SQLITE_OPEN_READWRITE;
  if (m == mode::read_only) flags = SQLITE_OPEN_READONLY;
  sqlite3* opened = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &opened, flags, nullptr);
  // SQLite hands out a handle even on failure (for the message); we close it.
  std::unique_ptr<sqlite3, closer> handle(opened);
  if (rc != SQLITE_OK) detail::throw_sqlite(opened, rc, "open '" + path.string() + "'");
  // Report extended codes (SQLITE_CONSTRAINT_UNIQUE, SQLITE_IOERR_WRITE ...).
  sqlite3_extended_result_codes(opened, 1);
  db_ = std::move(handle);
}

void connection::busy_timeout(int milliseconds) {
  const int rc = sqlite3_busy_timeout(db_.get(), milliseconds);
  if (rc != SQLITE_OK) detail::throw_sqlite(db_.get(), rc, "busy_timeout");
}

}  // namespace zc::sqlite
