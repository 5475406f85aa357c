// Views as blob parameters, with no copy by us.  (Integers, doubles, text
// and NULL bind through the overloads in value.hpp.)
//
// The blob's bytes are the view's elements in C order, so only a
// C-contiguous view can be handed to SQLite as one pointer.  Who keeps the
// memory alive until SQLite is done (the statement is re-bound, cleared or
// finalized, not merely stepped) is the caller's choice:
//   automatic          the view's owner if it has one (hold_owner), else the
//                      caller, as for any borrowed view (caller_keeps_alive)
//   caller_keeps_alive SQLITE_STATIC: SQLite uses the pointer as it is
//   hold_owner         SQLite's destructor callback releases a reference to
//                      the view's owner when it is done (a small registry
//                      entry, never a payload copy); a view without owner is
//                      refused
//   copy               SQLITE_TRANSIENT: SQLite makes its own copy now (the
//                      explicit staging path, e.g. when the memory dies next)
// An empty view binds an empty blob (X''), not NULL.  A non-contiguous (or
// only F-contiguous) view is refused with errc::layout; bind_streamed() binds
// zeroblob(n) instead and streams the elements in after the row exists.
// Lengths go to sqlite3_bind_blob64 as 64-bit numbers and are checked against
// the connection's SQLITE_LIMIT_LENGTH first: over-long is refused with
// errc::limit_exceeded naming both numbers, never truncated to int.
#pragma once

#include <cstdint>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/sqlite/blob.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace zc::sqlite {

enum class blob_lifetime : std::uint8_t { automatic, caller_keeps_alive, hold_owner, copy };

/// Binds `v`'s bytes to parameter `index` (1-based, as in SQLite).
ZC_API void bind(sqlite3_stmt* stmt, int index, const buffer_view& v,
                 blob_lifetime lifetime = blob_lifetime::automatic);

/// The second half of a streamed bind: writes the view into the blob once
/// the row exists.  Holds the view (and so its owner).
class ZC_API streamed_blob {
 public:
  explicit streamed_blob(buffer_view source) noexcept : source_(std::move(source)) {}
  /// write_from(db, where, source()).
  void write(sqlite3* db, const blob_address& where) const;
  /// write_from(db, table, column, rowid, source()).
  void write(sqlite3* db, std::string_view table, std::string_view column,
             std::int64_t rowid) const;
  [[nodiscard]] const buffer_view& source() const noexcept { return source_; }

 private:
  buffer_view source_;
};

/// Binds zeroblob(v.nbytes()) to parameter `index`, for a view of any
/// layout; after sqlite3_step() created the row, call
/// `.write(db, table, column, sqlite3_last_insert_rowid(db))`.  Do both in
/// one transaction so no reader sees the zeros.
[[nodiscard]] ZC_API streamed_blob bind_streamed(sqlite3_stmt* stmt, int index,
                                                 const buffer_view& v);

namespace detail {
/// How many owner references SQLite still holds through hold_owner binds
/// (for tests: proves the destructor callback ran).
[[nodiscard]] ZC_API std::size_t held_owner_count() noexcept;
/// Refuses `n` bytes above the connection's SQLITE_LIMIT_LENGTH.  Used by the
/// adapter's sources only (no ZC_API: not exported from a shared libzc_sqlite).
void check_length_limit(sqlite3* db, std::uint64_t n, const char* what);
}  // namespace detail

}  // namespace zc::sqlite
