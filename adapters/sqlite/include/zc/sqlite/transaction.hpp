// zc::sqlite::transaction: all-or-nothing writes, the easy way.
//
// A multi-row write (several blobs, or a zeroblob row followed by streamed
// blob writes) must never be seen half done.  A transaction object begins
// when constructed and rolls back when destroyed unless commit() ran, so an
// exception anywhere in between leaves the database as it was.
//
// Nesting: outside any transaction it runs BEGIN IMMEDIATE (takes the write
// lock up front, so a busy database fails at the start with SQLITE_BUSY
// rather than half-way through); inside the caller's transaction it uses a
// SAVEPOINT, so library code (array_store::put) can wrap its own steps and
// still compose with the caller's larger transaction.
//
// Errors: BEGIN/COMMIT failures (SQLITE_BUSY, SQLITE_IOERR, ...) throw
// sqlite_error.  A failed commit leaves the transaction open; the destructor
// then rolls it back.  The destructor never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "zc/export.hpp"

struct sqlite3;

namespace zc::sqlite {

/// Runs `sql` (any number of statements, no result rows wanted) or throws
/// sqlite_error with SQLite's message.
ZC_API void exec(sqlite3* db, std::string_view sql);

class ZC_API transaction {
 public:
  /// Begins a transaction (or a savepoint inside an open one) on `db`,
  /// which must outlive this object.
  explicit transaction(sqlite3* db);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  /// Makes the writes durable (COMMIT or RELEASE).  Throws sqlite_error on
  /// failure; the writes are then rolled back by the destructor.
  void commit();
  /// Undoes the writes now (the destructor does it otherwise).
  void rollback() noexcept;

  /// True while neither commit() nor rollback() has finished.
  [[nodiscard]] bool active() const noexcept { return active_; }
  /// True when this object is a SAVEPOINT inside an outer transaction.
  [[nodiscard]] bool nested() const noexcept { return nested_; }

 private:
  sqlite3* db_;            // borrowed
  std::string savepoint_;  // "zc_tx_<n>" when nested, else empty
  bool nested_ = false;
  bool active_ = false;
};

}  // namespace zc::sqlite
