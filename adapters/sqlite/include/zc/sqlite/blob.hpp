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
//    sqlite_error with SQLite's message (errc::out_of_range for a missing
//    row, errc::null_value for NULL, backend otherwise).
#pragma once

#include <cstddef>
#include <cstdint>

#include "zc/buffer_view.hpp"

struct sqlite3;
struct sqlite3_blob;

namespace zc::sqlite {

/// An open sqlite3_blob*: closes it when destroyed.
///
/// Outside a transaction, a handle's writes commit when it closes (SQLite
/// holds them in its cache until then), and that commit can fail: e.g.
/// SQLITE_BUSY while another connection reads, or an I/O error; SQLite then
/// rolls the writes back.  The destructor cannot report that, so after
/// writing call close(), which does (write_from() does it for you).
class blob_handle {
 public:
  enum class mode : std::uint8_t { read_only, read_write };

  /// sqlite3_blob_open on `schema`.`table`.`column` at `rowid`.
  blob_handle(sqlite3* db, const char* table, const char* column, std::int64_t rowid,
              mode m = mode::read_only, const char* schema = "main");
  ~blob_handle();
  blob_handle(blob_handle&& other) noexcept;
  blob_handle& operator=(blob_handle&& other) noexcept;
  blob_handle(const blob_handle&) = delete;
  blob_handle& operator=(const blob_handle&) = delete;

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

  [[nodiscard]] sqlite3_blob* get() const noexcept { return blob_; }
  [[nodiscard]] sqlite3* db() const noexcept { return db_; }
  [[nodiscard]] std::int64_t rowid() const noexcept { return rowid_; }

 private:
  void close_quietly() noexcept;
  void check_range(std::size_t n, std::size_t offset, const char* what) const;
  /// After sqlite3_blob_read/write of `n` bytes at `offset`: throws
  /// sqlite_error unless `rc` is SQLITE_OK, marking the handle aborted on
  /// SQLITE_ABORT.  `verb` is "read" or "write".
  void check_transfer(int rc, const char* verb, std::size_t n, std::size_t offset);

  sqlite3_blob* blob_ = nullptr;  // owned
  sqlite3* db_ = nullptr;         // borrowed: must outlive the handle
  std::int64_t rowid_ = 0;
  mode mode_ = mode::read_only;
  // SQLite aborted the handle (a read or write saw SQLITE_ABORT, or reopen()
  // failed): it refuses every later call and reports the length as 0, so we
  // answer errc::expired ourselves.  aborted_by_ says why, for the message.
  bool aborted_ = false;
  const char* aborted_by_ = "";  // static text
};

/// Reads the blob at `table`.`column`, row `rowid`, straight into `dst`
/// (writable, any layout); the blob must be exactly dst.nbytes() long.
/// Returns dst.nbytes().
std::size_t read_into(sqlite3* db, const char* table, const char* column, std::int64_t rowid,
                      const buffer_view& dst);
/// The same through an open handle (reopen() it for many rows).
std::size_t read_into(blob_handle& blob, const buffer_view& dst);

/// Writes `src` (any layout) into the existing blob at `table`.`column`,
/// row `rowid`, which must be exactly src.nbytes() long (zeroblob(n)), and
/// closes the handle, reporting a commit that failed (see blob_handle).
/// Returns src.nbytes().
std::size_t write_from(sqlite3* db, const char* table, const char* column, std::int64_t rowid,
                       const buffer_view& src);
/// The same through an open handle; the bytes are only durable once the
/// handle is closed (blob.close()) or the enclosing transaction commits.
std::size_t write_from(blob_handle& blob, const buffer_view& src);

}  // namespace zc::sqlite
