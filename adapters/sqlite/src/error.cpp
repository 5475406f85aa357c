#include "zc/sqlite/error.hpp"

#include <sqlite3.h>

namespace zc::sqlite {

std::string code_name(int sqlite_code) {
  switch (sqlite_code) {
    // Extended codes the adapter's callers are most likely to branch on.
    case SQLITE_CONSTRAINT_UNIQUE:
      return "SQLITE_CONSTRAINT_UNIQUE";
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return "SQLITE_CONSTRAINT_PRIMARYKEY";
    case SQLITE_CONSTRAINT_NOTNULL:
      return "SQLITE_CONSTRAINT_NOTNULL";
    case SQLITE_CONSTRAINT_CHECK:
      return "SQLITE_CONSTRAINT_CHECK";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "SQLITE_CONSTRAINT_FOREIGNKEY";
    case SQLITE_READONLY_DBMOVED:
      return "SQLITE_READONLY_DBMOVED";
    case SQLITE_BUSY_SNAPSHOT:
      return "SQLITE_BUSY_SNAPSHOT";
    default:
      break;
  }
  switch (sqlite_code & 0xff) {
    case SQLITE_OK:
      return "SQLITE_OK";
    case SQLITE_ERROR:
      return "SQLITE_ERROR";
    case SQLITE_INTERNAL:
      return "SQLITE_INTERNAL";
    case SQLITE_PERM:
      return "SQLITE_PERM";
    case SQLITE_ABORT:
      return "SQLITE_ABORT";
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
      return "SQLITE_NOMEM";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_INTERRUPT:
      return "SQLITE_INTERRUPT";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_NOTFOUND:
      return "SQLITE_NOTFOUND";
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_PROTOCOL:
      return "SQLITE_PROTOCOL";
    case SQLITE_SCHEMA:
      return "SQLITE_SCHEMA";
    case SQLITE_TOOBIG:
      return "SQLITE_TOOBIG";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
      return "SQLITE_MISMATCH";
    case SQLITE_MISUSE:
      return "SQLITE_MISUSE";
    case SQLITE_RANGE:
      return "SQLITE_RANGE";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    case SQLITE_ROW:
      return "SQLITE_ROW";
    case SQLITE_DONE:
      return "SQLITE_DONE";
    default:
      return "SQLITE_" + std::to_string(sqlite_code);
  }
}

namespace detail {

zc::errc errc_for(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_TOOBIG:
      return zc::errc::limit_exceeded;
    case SQLITE_ABORT:
      return zc::errc::expired;
    default:
      return zc::errc::backend;
  }
}

failure_text describe_failure(sqlite3* db, int rc, const std::string& what) {
  failure_text f{rc, {}};
  std::string text;
  // The connection's message is only about this failure if its code agrees;
  // otherwise (no db, or another call overwrote it) use the generic text.
  if (db != nullptr && (sqlite3_errcode(db) & 0xff) == (rc & 0xff)) {
    text = sqlite3_errmsg(db);
    f.code = sqlite3_extended_errcode(db);
  } else {
    text = sqlite3_errstr(rc);
  }
  f.message = "sqlite: " + what + ": " + text + " (" + code_name(f.code) + ", code " +
              std::to_string(f.code) + ")";
  return f;
}

void throw_sqlite(sqlite3* db, int rc, const std::string& what) {
  failure_text f = describe_failure(db, rc, what);
  throw sqlite_error(errc_for(rc), f.code, f.message);
}

}  // namespace detail
}  // namespace zc::sqlite
