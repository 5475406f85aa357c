// Blob columns of the current row as readonly views, with no copy by us.
//
// What SQLite promises about sqlite3_column_blob()'s pointer, and so what
// these views inherit:
//  - it points into the statement's own copy of the value (for a blob that
//    spills onto overflow pages SQLite has already assembled that copy: the
//    view adds nothing to it);
//  - it is valid only until the next step/reset/finalize of the statement or
//    a type conversion of that column (we never convert: TEXT, numbers and
//    NULL are refused, not coerced);
//  - alignment is whatever SQLite's allocator gave (8 bytes with the default
//    allocator, less for a custom one), so typed views check the real
//    pointer against the element type and refuse (errc::alignment) unless
//    the caller opts into unaligned access (at<>() and zc::copy are
//    memcpy-based and safe with it; Eigen maps are not).
//
// The returned views are borrowed (no owner).  column_view(sqlite3_stmt*, ..)
// cannot notice expiry; column_view(statement&, ..) returns a
// checked_blob_view that does (see statement.hpp).  For a view that outlives
// the row, use array_store::get() (the view owns its statement) or
// read_into() (the bytes land in your memory).
//
// Values: an empty blob gives an empty view (SQLite returns a null pointer
// for it; the view's data() is null too).  SQL NULL throws
// errc::null_value; a value of another type throws errc::dtype_mismatch;
// SQLite running out of memory while assembling the value throws
// sqlite_error with SQLITE_NOMEM.  None of these is confused with another.
#pragma once

#include <cstdint>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/sqlite/statement.hpp"

struct sqlite3_stmt;

namespace zc::sqlite {

/// Whether a typed view may start at an address not aligned for its type.
enum class alignment_policy : std::uint8_t {
  require,          ///< refuse (errc::alignment) unless aligned for the element type
  allow_unaligned,  ///< accept; only memcpy-based access (at<>, zc::copy) is then safe
};

/// The companion TEXT columns that describe a blob column in the same row:
/// a dtype string ("<f8", "|u1", struct codes) and a shape ("[3,4]").
struct companion_columns {
  int dtype;
  int shape;
};

/// The bytes of the blob in column `col` of the current row: readonly,
/// '|u1', 1-d, borrowed, data() == sqlite3_column_blob(stmt, col).
[[nodiscard]] ZC_API buffer_view column_view(sqlite3_stmt* stmt, int col);

/// The blob read as `shape` elements of `type` in C order.  The blob's length
/// must equal itemsize * product(shape) (else errc::shape_mismatch naming
/// both); the pointer must be aligned for `type` unless `policy` allows.
[[nodiscard]] ZC_API buffer_view column_view(sqlite3_stmt* stmt, int col, zc::dtype type,
                                             const dims& shape,
                                             alignment_policy policy = alignment_policy::require);

/// As above, with dtype and shape read from companion TEXT columns.
[[nodiscard]] ZC_API buffer_view column_view(sqlite3_stmt* stmt, int col,
                                             companion_columns described_by,
                                             alignment_policy policy = alignment_policy::require);

/// The same three, stamped with the statement's row: accesses after the
/// statement moved on throw errc::expired.
[[nodiscard]] ZC_API checked_blob_view column_view(const statement& stmt, int col);
[[nodiscard]] ZC_API checked_blob_view
column_view(const statement& stmt, int col, zc::dtype type, const dims& shape,
            alignment_policy policy = alignment_policy::require);
[[nodiscard]] ZC_API checked_blob_view
column_view(const statement& stmt, int col, companion_columns described_by,
            alignment_policy policy = alignment_policy::require);

/// The alignment (bytes) a typed view of `type` needs: one component (the
/// item size, or half of it for complex types), as alignof does.
[[nodiscard]] constexpr std::size_t required_alignment(zc::dtype type) noexcept {
  return type.swap_unit();
}

/// Reinterprets a contiguous byte view as `shape` elements of `type` (C
/// order) with the length and alignment checks above.  `what` names the
/// source in error messages, e.g. "blob in column 2 ('data')".  Zero-copy;
/// keeps `bytes`' owner.
[[nodiscard]] ZC_API buffer_view as_typed(const buffer_view& bytes, zc::dtype type,
                                          const dims& shape, alignment_policy policy,
                                          const std::string& what);

}  // namespace zc::sqlite
