// zc::sqlite::sqlite_error: a zc::error that also carries SQLite's result code.
//
// Every failure SQLite reports through this adapter surfaces as a
// sqlite_error, so `catch (const zc::error&)` catches it like any other
// refusal, and callers that care can branch on the (extended) result code,
// e.g. SQLITE_BUSY or SQLITE_CONSTRAINT_UNIQUE.  The message carries what we
// tried, SQLite's own message and the code's name, e.g.
//   "sqlite: INSERT INTO zc_arrays ...: database is locked (SQLITE_BUSY, code 5)"
//
// zc::errc mapping: SQLITE_TOOBIG -> limit_exceeded, SQLITE_ABORT on an
// incremental blob handle -> expired (the row changed under the handle),
// everything else -> backend.
#pragma once

#include <string>

#include "zc/error.hpp"

struct sqlite3;

namespace zc::sqlite {

class sqlite_error : public zc::error {
 public:
  sqlite_error(zc::errc code, int sqlite_code, const std::string& message)
      : zc::error(code, message), sqlite_code_(sqlite_code) {}
  /// SQLite's (extended, when known) result code; `sqlite_code() & 0xff` is
  /// the primary code.
  [[nodiscard]] int sqlite_code() const noexcept { return sqlite_code_; }
  [[nodiscard]] int primary_code() const noexcept { return sqlite_code_ & 0xff; }

 private:
  int sqlite_code_;
};

/// "SQLITE_BUSY", "SQLITE_CONSTRAINT_UNIQUE", ... ("SQLITE_<n>" when unknown).
[[nodiscard]] std::string code_name(int sqlite_code);

namespace detail {

/// Throws sqlite_error for `rc` (a failed call), quoting `what`, the
/// connection's message (when `db` is non-null and its error code is `rc`'s
/// primary code) or else sqlite3_errstr(rc), and the code's name.
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& what);

/// The zc::errc a result code maps to (see the file comment).
[[nodiscard]] zc::errc errc_for(int rc) noexcept;

}  // namespace detail
}  // namespace zc::sqlite
