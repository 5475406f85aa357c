// zc::sqlite::array_store: n-d arrays in an ordinary, self-describing table.
//
// THE TABLE CONVENTION (what any program -- the sqlite3 shell, Python -- can
// rely on; like GeoPackage/MBTiles do for image tiles):
//
//   CREATE TABLE zc_arrays (
//     name       TEXT PRIMARY KEY NOT NULL,  -- the array's key
//     dtype      TEXT NOT NULL,  -- numpy type string: '|u1', '<f8', '>u2', '<c16', '|b1'
//                                --   (struct codes such as 'd' or '>H' are accepted on read)
//     shape      TEXT NOT NULL,  -- JSON array of extents in C order: '[480,640,3]';
//                                --   '[]' is a scalar (one element)
//     byte_order TEXT NOT NULL,  -- 'little', 'big', or 'none' for 1-byte types;
//                                --   must agree with dtype's prefix
//     data       BLOB NOT NULL   -- the elements in C (row-major) order, packed:
//                                --   length(data) = itemsize * product(shape)
//   );
//
// It is a rowid table (not WITHOUT ROWID) so that incremental blob I/O
// (sqlite3_blob_open) works on `data`.  The table name is a parameter
// (default "zc_arrays"); the constructor creates the table if missing.
// Rows written by others are readable as long as they follow the
// convention, e.g. from the shell:
//   INSERT INTO zc_arrays VALUES('ones', '|u1', '[2,2]', 'none', X'01010101');
// A PNG (or any file) is stored as a '|u1' array of shape [file_size]; the
// PNG adapter reads it from get(name).bytes() (memory source, zero-copy) or
// from open_reader(name) (streamed in chunks straight from the database).
//
// Copies:
//  - put() of a C-contiguous view binds its memory as it is (no copy by us;
//    SQLite writes it to its pages); a view of any other layout is stored
//    with zeroblob(n) + incremental writes of its contiguous runs, inside one
//    transaction, so no reader ever sees the zeros or half an array (runs
//    shorter than 256 bytes are gathered through a 64 KiB bounce buffer, counted
//    in zc::bytes_copied()).
//  - get() returns a view of SQLite's copy of the row value: zero-copy, kept
//    alive by the returned handle (and by every view taken from it).
//  - get_into() reads straight from the database file into the caller's
//    memory (sqlite3_blob_read), the path for aligned typed destinations.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/sqlite/blob_stream.hpp"
#include "zc/sqlite/column.hpp"
#include "zc/sqlite/statement.hpp"

struct sqlite3;

namespace zc::sqlite {

/// What a row of the store describes (no payload).
struct array_info {
  std::string name;
  zc::dtype dtype;
  dims shape;
  std::size_t nbytes = 0;  ///< length of the blob, bytes
  std::int64_t rowid = 0;  ///< for read_into()/blob_reader on the `data` column
};

/// One array of the store, read by get(): holds the statement that sits on
/// the row, so the views it hands out stay valid as long as the handle or any
/// of those views lives (they share ownership of the statement, which is
/// never stepped again).  While it lives, the connection keeps a read
/// transaction open: writers on other connections may wait, so do not keep
/// it longer than you use the data.
class ZC_API stored_array {
 public:
  [[nodiscard]] const array_info& info() const noexcept { return info_; }
  /// The blob as readonly '|u1' bytes; data() is sqlite3_column_blob's pointer.
  [[nodiscard]] buffer_view bytes() const;
  /// The blob as info().dtype x info().shape, C order, readonly.  Refuses
  /// (errc::alignment) a pointer not aligned for the dtype unless `policy`
  /// allows it -- SQLite promises no alignment for values stored on the
  /// page; then use array_store::get_into() with an aligned destination.
  [[nodiscard]] buffer_view view(alignment_policy policy = alignment_policy::require) const;

 private:
  friend class array_store;
  stored_array(std::shared_ptr<statement> stmt, array_info info, buffer_view bytes) noexcept
      : stmt_(std::move(stmt)), info_(std::move(info)), bytes_(std::move(bytes)) {}
  std::shared_ptr<statement> stmt_;  // positioned on the row; owner of bytes_
  array_info info_;
  buffer_view bytes_;
};

class ZC_API array_store {
 public:
  /// Uses (and creates if missing) `table` on `db`, which must outlive the
  /// store.  The name must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*).
  explicit array_store(sqlite3* db, std::string_view table = "zc_arrays");

  /// Stores `v` (any dtype, rank, layout) under `name`, replacing an array
  /// of that name.  All or nothing: on any failure (SQLITE_FULL,
  /// SQLITE_BUSY, a length over SQLITE_LIMIT_LENGTH, ...) the store is as it
  /// was.  Joins the caller's open transaction as a savepoint.
  void put(std::string_view name, const buffer_view& v);

  /// The array stored under `name` (see stored_array).  A missing name
  /// throws errc::out_of_range; a row that breaks the convention (length not
  /// itemsize x product(shape), bad dtype/shape text, byte_order not matching
  /// the dtype) throws shape_mismatch or invalid_format naming both sides.
  [[nodiscard]] stored_array get(std::string_view name) const;

  /// Reads the array straight into `dst` (writable, any layout), which must
  /// have the stored dtype (byte order included) and shape.  Returns the
  /// bytes read.
  std::size_t get_into(std::string_view name, const buffer_view& dst) const;

  /// A byte stream over the stored blob (e.g. for a PNG decoder).
  [[nodiscard]] blob_reader open_reader(std::string_view name) const;

  /// Metadata only (the blob is not loaded).
  [[nodiscard]] array_info info(std::string_view name) const;
  [[nodiscard]] std::optional<array_info> find(std::string_view name) const;
  [[nodiscard]] bool contains(std::string_view name) const { return find(name).has_value(); }
  /// Deletes `name`; returns whether it existed.
  bool remove(std::string_view name);
  /// All names, sorted.
  [[nodiscard]] std::vector<std::string> names() const;

  [[nodiscard]] const std::string& table() const noexcept { return table_; }
  [[nodiscard]] sqlite3* db() const noexcept { return db_; }

 private:
  sqlite3* db_;  // borrowed
  std::string table_;
};

/// 'little', 'big' or 'none' (1-byte types): the byte_order column's value.
[[nodiscard]] ZC_API std::string byte_order_text(zc::dtype type);

}  // namespace zc::sqlite
