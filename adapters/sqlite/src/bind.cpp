#include "zc/sqlite/bind.hpp"

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>

#include "zc/copy_stats.hpp"
#include "zc/sqlite/blob.hpp"
#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

namespace {

// SQLite's destructor callback receives only the data pointer, so the owners
// we hold for hold_owner binds are found by that pointer.  A multimap: the
// same memory may be bound to several parameters at once.
struct owner_registry {
  std::mutex mutex;
  std::unordered_multimap<const void*, std::shared_ptr<const void>> owners;
};

owner_registry& registry() {
  static owner_registry* r = new owner_registry;  // never destroyed: callbacks may run late
  return *r;
}

void release_owner(void* data) noexcept {
  owner_registry& r = registry();
  std::shared_ptr<const void> dying;  // released outside the lock
  {
    const std::lock_guard<std::mutex> lock(r.mutex);
    const auto it = r.owners.find(data);
    if (it == r.owners.end()) return;
    dying = std::move(it->second);
    r.owners.erase(it);
  }
}

void check_bind(sqlite3_stmt* stmt, int rc, int index) {
  if (rc != SQLITE_OK) {
    detail::throw_sqlite(
        sqlite3_db_handle(stmt), rc,
        "bind blob parameter " + std::to_string(index) + " of '" + sqlite3_sql(stmt) + "'");
  }
}

}  // namespace

namespace detail {

std::size_t held_owner_count() noexcept {
  owner_registry& r = registry();
  const std::lock_guard<std::mutex> lock(r.mutex);
  return r.owners.size();
}

void check_length_limit(sqlite3* db, std::uint64_t n, const char* what) {
  const int limit = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1);
  if (n > static_cast<std::uint64_t>(limit)) {
    throw sqlite_error(zc::errc::limit_exceeded, SQLITE_TOOBIG,
                       std::string("sqlite: ") + what + ": " + std::to_string(n) +
                           " bytes exceed the connection's SQLITE_LIMIT_LENGTH of " +
                           std::to_string(limit) + " bytes (SQLITE_TOOBIG)");
  }
}

}  // namespace detail

void bind(sqlite3_stmt* stmt, int index, const buffer_view& v, blob_lifetime lifetime) {
  if (stmt == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::bind: null sqlite3_stmt*");
  }
  if (!v.is_c_contiguous()) {
    throw zc::error(zc::errc::layout,
                    "zc::sqlite::bind: expected a C-contiguous view (the blob is its bytes in "
                    "C order), found " +
                        v.describe() +
                        "; use bind_streamed() to stream it, or zc::copy it into one");
  }
  const std::uint64_t n = v.nbytes();
  detail::check_length_limit(sqlite3_db_handle(stmt), n, "bind");
  if (n == 0) {
    // A null pointer would bind SQL NULL; an empty view is an empty blob.
    check_bind(stmt, sqlite3_bind_zeroblob(stmt, index, 0), index);
    return;
  }
  const void* p = v.data();
  if (lifetime == blob_lifetime::automatic) {
    lifetime = v.owner() ? blob_lifetime::hold_owner : blob_lifetime::caller_keeps_alive;
  }
  switch (lifetime) {
    case blob_lifetime::caller_keeps_alive:
      check_bind(stmt, sqlite3_bind_blob64(stmt, index, p, n, SQLITE_STATIC), index);
      return;
    case blob_lifetime::copy:
      // SQLite makes the copy, but at our caller's request: count it.
      zc::detail::count_copied(n);
      check_bind(stmt, sqlite3_bind_blob64(stmt, index, p, n, SQLITE_TRANSIENT), index);
      return;
    case blob_lifetime::hold_owner: {
      if (!v.owner()) {
        throw zc::error(zc::errc::invalid_argument,
                        "zc::sqlite::bind: blob_lifetime::hold_owner needs a view with an owner, "
                        "found a borrowed " +
                            v.describe());
      }
      {
        owner_registry& r = registry();
        const std::lock_guard<std::mutex> lock(r.mutex);
        r.owners.emplace(p, v.owner());
      }
      // SQLite calls release_owner when done, and also when the bind fails,
      // so the entry never leaks (sqlite3_bind_blob docs).
      check_bind(stmt, sqlite3_bind_blob64(stmt, index, p, n, &release_owner), index);
      return;
    }
    case blob_lifetime::automatic:
      break;  // resolved above
  }
}

streamed_blob bind_streamed(sqlite3_stmt* stmt, int index, const buffer_view& v) {
  if (stmt == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::bind_streamed: null sqlite3_stmt*");
  }
  const std::uint64_t n = v.nbytes();
  detail::check_length_limit(sqlite3_db_handle(stmt), n, "bind_streamed");
  check_bind(stmt, sqlite3_bind_zeroblob64(stmt, index, n), index);
  return streamed_blob(v);
}

void streamed_blob::write(sqlite3* db, const blob_address& where) const {
  write_from(db, where, source_);
}

void streamed_blob::write(sqlite3* db, std::string_view table, std::string_view column,
                          std::int64_t rowid) const {
  write_from(db, blob_address{table, column, rowid}, source_);
}

}  // namespace zc::sqlite
