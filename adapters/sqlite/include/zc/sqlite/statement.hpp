// zc::sqlite::statement: an owning sqlite3_stmt* that counts rows, and
// checked_blob_view: a blob view that knows which row it came from.
//
// Why: sqlite3_column_blob() points into memory SQLite reuses on the next
// sqlite3_step/reset/finalize of the statement (or a type conversion of the
// column).  A plain buffer_view cannot notice that.  The statement wrapper
// bumps a generation number on every step(), reset() and finalize();
// column_view(statement&, col) returns a checked_blob_view stamped with the
// generation, and every access through it compares the stamp first and throws
// zc::error(expired) instead of reading freed memory.
//
// Limits (honest):
//  - The check is one integer compare per access of the checked view, so it
//    is on in every build type, not only in debug builds.
//  - Once you take a plain buffer_view out of it (get(), or the implicit
//    conversion), that buffer_view is unchecked, like any borrowed view: take
//    it out at the point of use, not before the next step.
//  - Stepping the raw handle yourself (sqlite3_step(st.get())) bypasses the
//    counter; use st.step()/st.reset() when you hold checked views.
//  - Not thread-safe: one statement, one thread (as SQLite's statements are).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace zc::sqlite {

namespace detail {
/// Shared between a statement and the views it handed out, so a view can
/// still tell "expired" after the statement itself is gone.
struct row_clock {
  std::uint64_t generation = 0;
  bool finalized = false;
};
}  // namespace detail

class ZC_API statement {
 public:
  /// An empty statement (get() == nullptr).
  statement() noexcept = default;
  /// Prepares `sql` (one statement; trailing SQL other than whitespace and
  /// ';' is refused with invalid_argument, so nothing is silently ignored).
  statement(sqlite3* db, std::string_view sql);
  /// Adopts a prepared statement: finalizes it when destroyed.  Movable, not
  /// copyable; a move leaves the source empty.
  explicit statement(sqlite3_stmt* adopted);

  [[nodiscard]] sqlite3_stmt* get() const noexcept { return stmt_.get(); }
  /// So every function taking a raw handle accepts a statement too.
  operator sqlite3_stmt*() const noexcept {  // NOLINT(google-explicit-constructor)
    return stmt_.get();
  }
  [[nodiscard]] sqlite3* db() const noexcept;

  /// sqlite3_step: true for a row, false when done; any other result throws
  /// sqlite_error with SQLite's message (SQLITE_BUSY, constraint, I/O ...).
  /// Expires every view of the previous row, whatever the outcome.
  bool step();
  /// Steps to completion, expecting no rows (INSERT/UPDATE/DDL); a row is
  /// refused with invalid_argument.
  void run();
  /// sqlite3_reset (bindings stay); expires the current row's views.
  void reset();
  void clear_bindings();
  /// Finalizes now (the destructor does it otherwise); expires views.
  void finalize() noexcept;

  /// Bumped by every step/reset/finalize.
  [[nodiscard]] std::uint64_t generation() const noexcept {
    return clock() ? clock()->generation : 0;
  }
  [[nodiscard]] const std::shared_ptr<detail::row_clock>& clock() const noexcept {
    return stmt_.get_deleter().clock;
  }

 private:
  /// sqlite3_finalize, and the statement's views expire with it.  It holds
  /// the clock so that moves carry both together (rule of zero).
  struct ZC_API finalizer {
    std::shared_ptr<detail::row_clock> clock;  // shared with checked views
    void operator()(sqlite3_stmt* stmt) const noexcept;
  };

  void advance() noexcept;

  std::unique_ptr<sqlite3_stmt, finalizer> stmt_;  // owned: finalized by us
};

/// A borrowed blob view stamped with the row it belongs to.
class ZC_API checked_blob_view {
 public:
  checked_blob_view(buffer_view view, std::shared_ptr<const detail::row_clock> clock,
                    std::uint64_t generation) noexcept
      : view_(std::move(view)), clock_(std::move(clock)), generation_(generation) {}

  /// The view, after checking that its row is still current; throws
  /// zc::error(expired) naming what happened to the statement.
  [[nodiscard]] const buffer_view& get() const;
  operator buffer_view() const { return get(); }  // NOLINT(google-explicit-constructor)
  /// True while the statement still sits on the row the view came from.
  [[nodiscard]] bool valid() const noexcept;

  // Checked shortcuts for the common queries.
  [[nodiscard]] const void* data() const { return get().data(); }
  [[nodiscard]] std::size_t nbytes() const { return get().nbytes(); }
  [[nodiscard]] std::size_t size() const { return get().size(); }
  [[nodiscard]] zc::dtype dtype() const { return get().dtype(); }
  [[nodiscard]] std::span<const std::int64_t> shape() const { return get().shape(); }

 private:
  buffer_view view_;                                // borrowed from SQLite
  std::shared_ptr<const detail::row_clock> clock_;  // the statement's counter
  std::uint64_t generation_;                        // the row the view belongs to
};

}  // namespace zc::sqlite
