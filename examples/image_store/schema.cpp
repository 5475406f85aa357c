// Opening the store's layout, and the words for what went wrong with it.
#include "schema.hpp"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <zc/sqlite.hpp>

#include "pipeline.hpp"

namespace image_store {

std::string reason_of(const std::exception& e, sqlite3* db) {
  // SQLite's text for the result code says why in words; the adapter's full
  // message also quotes the statement, which means nothing to the user.
  if (const auto* sql = dynamic_cast<const zc::sqlite::sqlite_error*>(&e)) {
    int code = sql->sqlite_code();
    // COMMIT reports the primary code only; the connection knows the detail.
    if (db != nullptr && code == sql->primary_code() &&
        (sqlite3_extended_errcode(db) & 0xff) == code) {
      code = sqlite3_extended_errcode(db);
    }
    std::string out =
        std::string(sqlite3_errstr(sql->primary_code())) + " (" + zc::sqlite::code_name(code);
    const int primary = sql->primary_code();
    if (db != nullptr &&
        (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN)) {
      if (const int err = sqlite3_system_errno(db); err != 0) {
        out += "; system: " + std::string(std::strerror(err));
      }
    }
    return out + ")";
  }
  return e.what();
}

void stop_with_database_error(const std::string& doing, const std::string& database,
                              const std::exception& e, sqlite3* db, const char* joiner) {
  throw run_stopped(doing + joiner + " database '" + database + "': " + reason_of(e, db));
}

void open_schema(sqlite3* db) {
  zc::sqlite::statement version(db, "PRAGMA user_version");
  version.step();
  const int found = sqlite3_column_int(version, 0);
  version.finalize();
  zc::sqlite::statement tables(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  tables.step();
  const int table_count = sqlite3_column_int(tables, 0);
  tables.finalize();
  if (found == schema_version) return;  // nothing to write: a read-only copy still reports
  // user_version marks a database as ours: one made by something else (or
  // by a later layout) is refused instead of half-written.
  if (found > schema_version || (found == 0 && table_count != 0)) {
    throw zc::error(zc::errc::invalid_format,
                    "it is not an image store of layout " + std::to_string(schema_version) +
                        " (user_version " + std::to_string(found) + ", " +
                        std::to_string(table_count) + " table(s)); pass another --db");
  }
  zc::sqlite::transaction tx(db);
  if (found == 0) zc::sqlite::exec(db, schema_sql);
  zc::sqlite::exec(db, state_sql);
  zc::sqlite::exec(db, "PRAGMA user_version = " + std::to_string(schema_version));
  tx.commit();
}

}  // namespace image_store
