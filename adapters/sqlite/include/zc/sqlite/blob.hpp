// Incremental blob I/O straight into and out of views.
//
// sqlite3_blob_read() copies from the database file into the caller's
// memory; for the full overflow pages of a large blob SQLite reads them
// from the file directly into that memory (its "direct overflow read"),
// skipping its page cache.  So read_into() a preallocated destination costs
// the destination and a few pages, where sqlite3_column_blob() first
// assembles the whole value in SQLite's own buffer.  write_from() is the
// mirror image with sqlite3_blob_write().
//
// Views of any layout work: each contiguous run of the view (C order) is one
// read or write call at the matching blob offset, so a contiguous view or one
// with long runs (a padded image row, a block of a big matrix) costs no
// staging buffer.  Runs shorter than 256 bytes (a transposed matrix: one element
// per run) would cost one SQLite call each, so they are gathered through a
// 64 KiB bounce buffer instead; those bytes are counted in zc::bytes_copied().
// Blob handles read TEXT values too (as their bytes), as SQLite allows.
//
// Rules SQLite sets and we surface:
//  - a blob handle never changes a blob's length: the row must already hold a
//    blob of exactly the view's byte length (INSERT ... zeroblob(n) first);
//    a different length is refused with errc::shape_mismatch naming both;
//  - lengths and offsets are int in this API; every narrowing is checked
//    (errc::overflow), none truncates;
//  - if the row is changed or deleted through another statement while a
//    handle is open, the handle expires: SQLITE_ABORT surfaces as
//    errc::expired, on that call and on every later one (size() included;
//    SQLite itself would say the blob is 0 bytes long); reopen() moves a
//    live handle to another row cheaply but cannot revive an expired one;
//  - a missing row, a NULL or non-blob value, or a missing table/column is a
//    sqlite_error with SQLite's message; its zc::errc comes from what SQLite
//    answers about the row, never from the message text (the table in
//    error.hpp: out_of_range for a missing row, null_value for NULL,
//    dtype_mismatch for an INTEGER or REAL value, backend otherwise).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "zc/buffer_view.hpp"  // zc::access
#include "zc/export.hpp"

struct sqlite3;
struct sqlite3_blob;

namespace zc::sqlite {

/// Where a blob lives: `schema`.`table`.`column` in row `rowid`.  A parameter
/// type: it borrows its names (string literals, std::string, string_view) for
/// the duration of the call, which copies what it keeps.  Spell it with
/// designated initializers:
///   zc::sqlite::read_into(db, {.table = "images", .column = "png", .rowid = id}, dst);
struct blob_address {
  std::string_view table;
  std::string_view column;
  std::int64_t rowid = 0;
  std::string_view schema = "main";
};

/// An open sqlite3_blob*: closes it when destroyed.  Movable, not copyable.
///
/// Outside a transaction, a handle's writes commit when it closes (SQLite
/// holds them in its cache until then), and that commit can fail: e.g.
/// SQLITE_BUSY while another connection reads, or an I/O error; SQLite then
/// rolls the writes back.  The destructor cannot report that, so after
/// writing call close(), which does (write_from() does it for you).
class ZC_API blob_handle {
 public:
  /// The spelling before zc::access existed (blob_handle::mode::read_write).
  using mode = zc::access;

  /// sqlite3_blob_open on `where`, for reading or for reading and writing.
  blob_handle(sqlite3* db, const blob_address& where, zc::access how = zc::access::read_only);

  /// The blob's length in bytes.
  [[nodiscard]] std::size_t size() const;
  /// Fills `dst` (any layout, C order) from blob bytes [offset, offset + dst.nbytes()).
  void read(const buffer_view& dst, std::size_t offset = 0);
  /// Writes `src` (any layout, C order) to blob bytes [offset, offset + src.nbytes()).
  void write(const buffer_view& src, std::size_t offset = 0);
  /// Raw access: exactly `n` bytes at `offset` (bounds-checked).
  void read_bytes(std::byte* dst, std::size_t n, std::size_t offset);
  void write_bytes(const std::byte* src, std::size_t n, std::size_t offset);
  /// Points the handle at another row of the same table and column
  /// (sqlite3_blob_reopen, much cheaper than a new handle).  If it fails
  /// (e.g. no such row) SQLite aborts the handle: every later call throws
  /// errc::expired.
  void reopen(std::int64_t rowid);
  /// Closes the handle now (sqlite3_blob_close) and reports a failure as
  /// sqlite_error, e.g. SQLITE_BUSY when the commit of a write outside a
  /// transaction could not take its lock; the writes are then rolled back.
  /// The handle is closed either way; closing a closed handle does nothing.
  void close();

  [[nodiscard]] sqlite3_blob* get() const noexcept { return blob_.get(); }
  [[nodiscard]] sqlite3* db() const noexcept { return db_; }
  [[nodiscard]] std::int64_t rowid() const noexcept { return rowid_; }

 private:
  /// sqlite3_blob_close, for a handle nobody closed explicitly: either
  /// close() already reported, or an exception is already on its way.
  struct ZC_API closer {
    void operator()(sqlite3_blob* blob) const noexcept;
  };

  void check_range(std::size_t n, std::size_t offset, const char* what) const;
  /// After sqlite3_blob_read/write of `n` bytes at `offset`: throws
  /// sqlite_error unless `rc` is SQLITE_OK, marking the handle aborted on
  /// SQLITE_ABORT.  `verb` is "read" or "write".
  void check_transfer(int rc, const char* verb, std::size_t n, std::size_t offset);
  /// Throws the sqlite_error for a failed open or reopen of this handle's
  /// table and column at `rowid` (see error.hpp for how the code is chosen).
  [[noreturn]] void throw_open_failure(int rc, std::int64_t rowid, const std::string& what) const;

  std::unique_ptr<sqlite3_blob, closer> blob_;  // owned
  sqlite3* db_ = nullptr;                       // borrowed: must outlive the handle
  // NUL-terminated copies of the names (SQLite's API takes C strings; they
  // are also what a failed reopen() is diagnosed with).  Names, not data:
  // short ones stay in std::string's inline buffer.
  std::string schema_;
  std::string table_;
  std::string column_;
  std::int64_t rowid_ = 0;
  zc::access access_ = zc::access::read_only;
  // SQLite aborted the handle (a read or write saw SQLITE_ABORT, or reopen()
  // failed): it refuses every later call and reports the length as 0, so we
  // answer errc::expired ourselves.  aborted_by_ says why, for the message.
  bool aborted_ = false;
  const char* aborted_by_ = "";  // static text
};

/// Reads the blob at `where` straight into `dst` (writable, any layout); the
/// blob must be exactly dst.nbytes() long.  Returns dst.nbytes().
ZC_API std::size_t read_into(sqlite3* db, const blob_address& where, const buffer_view& dst);
/// read_into(db, {table, column, rowid}, dst) in the "main" schema.
ZC_API std::size_t read_into(sqlite3* db, std::string_view table, std::string_view column,
                             std::int64_t rowid, const buffer_view& dst);
/// The same through an open handle (reopen() it for many rows).
ZC_API std::size_t read_into(blob_handle& blob, const buffer_view& dst);

/// Writes `src` (any layout) into the existing blob at `where`, which must be
/// exactly src.nbytes() long (zeroblob(n)), and closes the handle, reporting
/// a commit that failed (see blob_handle).  Returns src.nbytes().
ZC_API std::size_t write_from(sqlite3* db, const blob_address& where, const buffer_view& src);
/// write_from(db, {table, column, rowid}, src) in the "main" schema.
ZC_API std::size_t write_from(sqlite3* db, std::string_view table, std::string_view column,
                              std::int64_t rowid, const buffer_view& src);
/// The same through an open handle; the bytes are only durable once the
/// handle is closed (blob.close()) or the enclosing transaction commits.
ZC_API std::size_t write_from(blob_handle& blob, const buffer_view& src);

}  // namespace zc::sqlite
