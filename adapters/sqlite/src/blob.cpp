#include "zc/sqlite/blob.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <string>

#include "narrow.hpp"
#include "zc/copy_stats.hpp"
#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

namespace {

// "name" quoted as an SQL identifier (inner quotes doubled), for the
// diagnosis query below.
std::string quoted(std::string_view name) {
  std::string q = "\"";
  for (const char c : name) {
    q += c;
    if (c == '"') q += '"';
  }
  return q + '"';
}

// sqlite3_blob_open and sqlite3_blob_reopen answer SQLITE_ERROR for a
// missing row, a NULL value, a value of another type and a missing table
// alike; only the English message tells them apart.  Ask SQLite instead:
// one SELECT of the value's type (typeof() does not load a blob's bytes)
// says whether the row exists and what it holds.  Anything the query cannot
// settle stays backend.  The mapping is documented in error.hpp.
zc::errc diagnose_open_failure(sqlite3* db, const std::string& schema, const std::string& table,
                               const std::string& column, std::int64_t rowid) noexcept {
  try {
    const std::string sql = "SELECT typeof(" + quoted(column) + ") IN ('null', 'integer', 'real')" +
                            ", typeof(" + quoted(column) + ") = 'null' FROM " + quoted(schema) +
                            "." + quoted(table) + " WHERE rowid = ?1";
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
      sqlite3_finalize(raw);
      return zc::errc::backend;  // no such table or column: SQLite's message says which
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    sqlite3_bind_int64(raw, 1, rowid);
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) return zc::errc::out_of_range;
    if (rc != SQLITE_ROW || sqlite3_column_int(raw, 0) == 0) return zc::errc::backend;
    return sqlite3_column_int(raw, 1) != 0 ? zc::errc::null_value : zc::errc::dtype_mismatch;
  } catch (...) {  // std::bad_alloc building the query: keep the general code
    return zc::errc::backend;
  }
}

// Runs at least this long (bytes) go straight between SQLite and the view;
// shorter ones are batched through a bounce buffer of bounce_bytes.
constexpr std::size_t direct_run_bytes = 256;
constexpr std::size_t bounce_bytes = 64 * 1024;

bool use_bounce(const buffer_view& v) noexcept {
  return v.run_count() > 1 && v.run_length() < direct_run_bytes;
}

std::string location(const blob_address& where) {
  return std::string(where.table) + "." + std::string(where.column) + " at rowid " +
         std::to_string(where.rowid);
}

}  // namespace

void blob_handle::closer::operator()(sqlite3_blob* blob) const noexcept {
  sqlite3_blob_close(blob);
}

blob_handle::blob_handle(sqlite3* db, const blob_address& where, zc::access how)
    : db_(db),
      schema_(where.schema),
      table_(where.table),
      column_(where.column),
      rowid_(where.rowid),
      access_(how) {
  if (db == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::blob_handle: null sqlite3* handle");
  }
  sqlite3_blob* opened = nullptr;
  const int rc = sqlite3_blob_open(db, schema_.c_str(), table_.c_str(), column_.c_str(), rowid_,
                                   how == zc::access::read_write ? 1 : 0, &opened);
  blob_.reset(opened);  // SQLite sets it null on failure
  if (rc != SQLITE_OK) {
    throw_open_failure(rc, rowid_,
                       std::string("open blob ") +
                           (how == zc::access::read_write ? "for writing " : "") + location(where));
  }
}

void blob_handle::throw_open_failure(int rc, std::int64_t rowid, const std::string& what) const {
  // SQLite's message first: the diagnosis query replaces the connection's.
  const detail::failure_text f = detail::describe_failure(db_, rc, what);
  const zc::errc code = (rc & 0xff) == SQLITE_ERROR
                            ? diagnose_open_failure(db_, schema_, table_, column_, rowid)
                            : detail::errc_for(rc);
  throw sqlite_error(code, f.code, f.message);
}

void blob_handle::close() {
  if (blob_ == nullptr) return;
  sqlite3_blob* closing = blob_.release();  // SQLite frees the handle whatever the result
  const int rc = sqlite3_blob_close(closing);
  if (rc != SQLITE_OK) {
    detail::throw_sqlite(
        db_, rc,
        "close the blob handle on rowid " + std::to_string(rowid_) +
            (access_ == zc::access::read_write ? " (its writes did not commit and were rolled back)"
                                               : ""));
  }
}

std::size_t blob_handle::size() const {
  if (blob_ == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::blob_handle: no open blob");
  }
  if (aborted_) {
    // SQLite's blob_bytes() says 0 for an aborted handle; do not pass that on.
    throw sqlite_error(zc::errc::expired, SQLITE_ABORT,
                       "zc::sqlite::blob_handle: the handle on rowid " + std::to_string(rowid_) +
                           " expired (" + aborted_by_ +
                           "); SQLite cannot revive it: open a new handle (SQLITE_ABORT, code " +
                           std::to_string(SQLITE_ABORT) + ")");
  }
  return static_cast<std::size_t>(sqlite3_blob_bytes(blob_.get()));
}

void blob_handle::check_range(std::size_t n, std::size_t offset, const char* what) const {
  const std::size_t length = size();
  if (offset > length || n > length - offset) {
    throw zc::error(zc::errc::out_of_range,
                    std::string("zc::sqlite::blob_handle::") + what + ": bytes [" +
                        std::to_string(offset) + ", " + std::to_string(offset) + " + " +
                        std::to_string(n) + ") pass the blob's end at " + std::to_string(length) +
                        " bytes (rowid " + std::to_string(rowid_) + ")");
  }
}

void blob_handle::check_transfer(int rc, const char* verb, std::size_t n, std::size_t offset) {
  if (rc == SQLITE_OK) return;
  const bool row_changed = (rc & 0xff) == SQLITE_ABORT;
  if (row_changed) {
    // SQLite has finalized the handle's statement: from now on it reports
    // the blob as 0 bytes long, which must not pass for a length.
    aborted_ = true;
    aborted_by_ = "its row changed since the handle was opened";
  }
  detail::throw_sqlite(db_, rc,
                       std::string(verb) + " " + std::to_string(n) + " bytes at offset " +
                           std::to_string(offset) + " of the blob at rowid " +
                           std::to_string(rowid_) +
                           (row_changed ? " (the row changed since the handle was opened)" : ""));
}

void blob_handle::read_bytes(std::byte* dst, std::size_t n, std::size_t offset) {
  check_range(n, offset, "read");
  if (n == 0) return;
  // In range of a blob whose length is an int, so both fit an int.
  const int rc = sqlite3_blob_read(blob_.get(), dst, detail::to_int(n, "blob read length"),
                                   detail::to_int(offset, "blob read offset"));
  check_transfer(rc, "read", n, offset);
}

void blob_handle::write_bytes(const std::byte* src, std::size_t n, std::size_t offset) {
  if (access_ != zc::access::read_write) {
    throw zc::error(zc::errc::readonly,
                    "zc::sqlite::blob_handle::write: expected a handle opened with "
                    "mode::read_write, found a read-only one");
  }
  check_range(n, offset, "write");
  if (n == 0) return;
  const int rc = sqlite3_blob_write(blob_.get(), src, detail::to_int(n, "blob write length"),
                                    detail::to_int(offset, "blob write offset"));
  check_transfer(rc, "write", n, offset);
}

void blob_handle::read(const buffer_view& dst, std::size_t offset) {
  dst.require_writable("zc::sqlite::blob_handle::read");
  check_range(dst.nbytes(), offset, "read");
  if (dst.empty()) return;
  if (!use_bounce(dst)) {
    // Straight into the caller's memory, one sqlite3_blob_read per run.
    dst.for_each_run([&](std::byte* p, std::size_t n) {
      read_bytes(p, n, offset);
      offset += n;
    });
    return;
  }
  // Many short runs: one SQLite call per run would cost far more than a
  // memcpy, so read chunks into a bounce buffer and scatter them.
  const std::size_t total = dst.nbytes();
  const std::size_t capacity = std::min(total, bounce_bytes);
  const std::unique_ptr<std::byte[]> buffer(new std::byte[capacity]);
  std::size_t filled = 0;    // bytes in buffer
  std::size_t consumed = 0;  // of them already scattered
  std::size_t fetched = 0;   // bytes read from the blob so far
  dst.for_each_run([&](std::byte* p, std::size_t n) {
    while (n > 0) {
      if (consumed == filled) {
        filled = std::min(capacity, total - fetched);
        read_bytes(buffer.get(), filled, offset + fetched);
        fetched += filled;
        consumed = 0;
      }
      const std::size_t k = std::min(n, filled - consumed);
      std::memcpy(p, buffer.get() + consumed, k);
      consumed += k;
      p += k;
      n -= k;
    }
  });
  zc::detail::count_copied(total);
}

void blob_handle::write(const buffer_view& src, std::size_t offset) {
  check_range(src.nbytes(), offset, "write");
  if (src.empty()) return;
  if (!use_bounce(src)) {
    src.for_each_run([&](std::byte* p, std::size_t n) {
      write_bytes(p, n, offset);
      offset += n;
    });
    return;
  }
  // Gather short runs into chunks (see read()).
  const std::size_t capacity = std::min(src.nbytes(), bounce_bytes);
  const std::unique_ptr<std::byte[]> buffer(new std::byte[capacity]);
  std::size_t filled = 0;
  src.for_each_run([&](std::byte* p, std::size_t n) {
    while (n > 0) {
      const std::size_t k = std::min(n, capacity - filled);
      std::memcpy(buffer.get() + filled, p, k);
      filled += k;
      p += k;
      n -= k;
      if (filled == capacity) {
        write_bytes(buffer.get(), filled, offset);
        offset += filled;
        filled = 0;
      }
    }
  });
  if (filled != 0) write_bytes(buffer.get(), filled, offset);
  zc::detail::count_copied(src.nbytes());
}

void blob_handle::reopen(std::int64_t rowid) {
  if (blob_ == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::blob_handle::reopen: no open blob");
  }
  const int rc = sqlite3_blob_reopen(blob_.get(), rowid);
  if (rc != SQLITE_OK) {
    // After a failed reopen SQLite aborts the handle for good: every later
    // call fails, which we report as expired.
    aborted_ = true;
    aborted_by_ = "moving it to this row with reopen() failed";
    rowid_ = rowid;
    throw_open_failure(rc, rowid, "reopen blob at rowid " + std::to_string(rowid));
  }
  rowid_ = rowid;
}

std::size_t read_into(blob_handle& blob, const buffer_view& dst) {
  const std::size_t length = blob.size();
  if (length != dst.nbytes()) {
    throw zc::error(zc::errc::shape_mismatch,
                    "zc::sqlite::read_into: the blob at rowid " + std::to_string(blob.rowid()) +
                        " has " + std::to_string(length) + " bytes, the destination " +
                        dst.describe() + " needs " + std::to_string(dst.nbytes()));
  }
  blob.read(dst, 0);
  return length;
}

std::size_t read_into(sqlite3* db, const blob_address& where, const buffer_view& dst) {
  dst.require_writable("zc::sqlite::read_into");
  blob_handle blob(db, where, zc::access::read_only);
  return read_into(blob, dst);
}

std::size_t read_into(sqlite3* db, std::string_view table, std::string_view column,
                      std::int64_t rowid, const buffer_view& dst) {
  return read_into(db, blob_address{table, column, rowid}, dst);
}

std::size_t write_from(blob_handle& blob, const buffer_view& src) {
  const std::size_t length = blob.size();
  if (length != src.nbytes()) {
    throw zc::error(zc::errc::shape_mismatch,
                    "zc::sqlite::write_from: the blob at rowid " + std::to_string(blob.rowid()) +
                        " has " + std::to_string(length) + " bytes, the source " + src.describe() +
                        " has " + std::to_string(src.nbytes()) +
                        " (blob handles cannot resize: insert zeroblob(" +
                        std::to_string(src.nbytes()) + ") first)");
  }
  blob.write(src, 0);
  return length;
}

std::size_t write_from(sqlite3* db, std::string_view table, std::string_view column,
                       std::int64_t rowid, const buffer_view& src) {
  return write_from(db, blob_address{table, column, rowid}, src);
}

std::size_t write_from(sqlite3* db, const blob_address& where, const buffer_view& src) {
  blob_handle blob(db, where, zc::access::read_write);
  const std::size_t n = write_from(blob, src);
  // Outside a transaction this is the commit; it can fail (SQLITE_BUSY ...).
  blob.close();
  return n;
}

}  // namespace zc::sqlite
