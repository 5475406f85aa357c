// zc::sqlite::sqlite_error: a zc::error that also carries SQLite's result code.
//
// Every failure SQLite reports through this adapter surfaces as a
// sqlite_error, so `catch (const zc::error&)` catches it like any other
// refusal, and callers that care can branch on the (extended) result code,
// e.g. SQLITE_BUSY or SQLITE_CONSTRAINT_UNIQUE.  The message carries what we
// tried, SQLite's own message and the code's name, e.g.
//   "sqlite: INSERT INTO zc_arrays ...: database is locked (SQLITE_BUSY, code 5)"
//
// THE MAPPING (the one place it is written down; detail::errc_for and
// blob.cpp's open diagnosis implement it).  The zc::errc is chosen from
// SQLite's result codes and from what SQLite answers to a query, never by
// searching its English message text:
//
//   SQLite reports                         zc::errc          where
//   -------------------------------------  ----------------  --------------------------
//   SQLITE_TOOBIG                          limit_exceeded    any call
//   SQLITE_ABORT (row changed under it)    expired           blob handles
//   SQLITE_ERROR from sqlite3_blob_open /  out_of_range      blob handles: SELECT finds
//     sqlite3_blob_reopen, and then ...                        no row with that rowid
//                                          null_value        ... the value is NULL
//                                          dtype_mismatch    ... INTEGER or REAL (TEXT
//                                                              and BLOB are readable)
//                                          backend           ... anything else (missing
//                                                              table/column, WITHOUT
//                                                              ROWID, indexed column)
//   every other code (BUSY, IOERR, NOMEM,  backend           any call
//     CONSTRAINT_*, READONLY, CANTOPEN ...)
//
// Refusals that are ours, not SQLite's, use the codes their headers name:
// a view longer than SQLITE_LIMIT_LENGTH is refused before binding
// (sqlite_error, limit_exceeded, SQLITE_TOOBIG); a column read as the wrong
// type (column_view, column<T>) is zc::error dtype_mismatch, a NULL one
// null_value (column.hpp).
#pragma once

#include <string>

#include "zc/error.hpp"
#include "zc/export.hpp"

struct sqlite3;

namespace zc::sqlite {

class ZC_API sqlite_error : public zc::error {
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
[[nodiscard]] ZC_API std::string code_name(int sqlite_code);

// Used by the adapter's sources only: not exported from a shared
// libzc_sqlite (no ZC_API).
namespace detail {

/// A failed call as SQLite describes it: the (extended, when known) code
/// and "sqlite: <what>: <SQLite's message> (<code name>, code <n>)".  Take
/// it before running anything else on the connection, which would replace
/// the connection's message.
struct failure_text {
  int code = 0;
  std::string message;
};
[[nodiscard]] failure_text describe_failure(sqlite3* db, int rc, const std::string& what);

/// Throws sqlite_error for `rc` (a failed call), quoting `what`, the
/// connection's message (when `db` is non-null and its error code is `rc`'s
/// primary code) or else sqlite3_errstr(rc), and the code's name; the
/// zc::errc is errc_for(rc).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const std::string& what);

/// The zc::errc a result code maps to (see the file comment).
[[nodiscard]] zc::errc errc_for(int rc) noexcept;

}  // namespace detail
}  // namespace zc::sqlite
