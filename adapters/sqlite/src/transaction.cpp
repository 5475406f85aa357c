#include "zc/sqlite/transaction.hpp"

#include <sqlite3.h>

#include <atomic>
#include <string>

#include "zc/error.hpp"
#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

void exec(sqlite3* db, std::string_view sql_text) {
  if (db == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::exec: null sqlite3* handle");
  }
  const std::string sql(sql_text);  // sqlite3_exec reads a NUL-terminated string
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) detail::throw_sqlite(db, rc, "exec '" + sql + "'");
}

namespace {
// Savepoint names only need to be unique among the savepoints open on one
// connection at a time; a process-wide counter is simplest.
std::atomic<std::uint64_t> next_savepoint{0};
}  // namespace

transaction::transaction(sqlite3* db) : db_(db) {
  if (db == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::transaction: null sqlite3* handle");
  }
  nested_ = sqlite3_get_autocommit(db) == 0;
  if (nested_) {
    savepoint_ = "zc_tx_" + std::to_string(next_savepoint.fetch_add(1));
    exec(db_, "SAVEPOINT " + savepoint_);
  } else {
    exec(db_, "BEGIN IMMEDIATE");
  }
  active_ = true;
}

transaction::~transaction() { rollback(); }

void transaction::commit() {
  if (!active_) {
    throw zc::error(zc::errc::invalid_argument,
                    "zc::sqlite::transaction::commit: expected an active transaction, found one "
                    "already committed or rolled back");
  }
  exec(db_, nested_ ? "RELEASE " + savepoint_ : std::string("COMMIT"));
  active_ = false;
}

void transaction::rollback() noexcept {
  if (!active_) return;
  active_ = false;
  if (nested_) {
    // ROLLBACK TO undoes the savepoint's writes but leaves it open; RELEASE
    // then removes it without committing anything.
    const std::string sql = "ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_;
    sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  } else if (sqlite3_get_autocommit(db_) == 0) {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL
    // or SQLITE_IOERR in some cases); a second ROLLBACK would only fail.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

}  // namespace zc::sqlite
