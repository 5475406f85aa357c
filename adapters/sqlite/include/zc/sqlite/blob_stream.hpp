// Incremental blob handles as core byte streams (zc/stream.hpp), so any
// consumer of a zc::byte_source -- e.g. the PNG adapter's decoder -- reads a
// blob straight from the database in the chunks it asks for: peak memory is
// its destination plus its chunk, never the whole stored blob.
//
// read_some(dst, n) is one sqlite3_blob_read of min(n, remaining) bytes into
// dst: no staging buffer.  The writer's write(src, n) is one
// sqlite3_blob_write; it cannot grow the blob (SQLite's rule), so writing
// past the end is refused with errc::limit_exceeded and writes nothing of
// that call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zc/export.hpp"
#include "zc/sqlite/blob.hpp"
#include "zc/stream.hpp"

namespace zc::sqlite {

class ZC_API blob_reader : public zc::byte_source {
 public:
  /// Opens the blob at `where` read-only.
  blob_reader(sqlite3* db, const blob_address& where);
  /// blob_reader(db, {table, column, rowid, schema}).
  blob_reader(sqlite3* db, std::string_view table, std::string_view column, std::int64_t rowid,
              std::string_view schema = "main");
  /// Reads through a handle you opened (it is moved in and owned).
  explicit blob_reader(blob_handle handle);

  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t position() const noexcept { return position_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return size_ - position_; }
  /// Moves the read position (0..size()); beyond the end throws out_of_range.
  void seek(std::size_t offset);
  [[nodiscard]] blob_handle& handle() noexcept { return handle_; }

 private:
  blob_handle handle_;
  std::size_t size_;
  std::size_t position_ = 0;
};

class ZC_API blob_writer : public zc::byte_sink {
 public:
  /// Opens the blob at `where` for writing; its length is fixed (zeroblob(n) first).
  blob_writer(sqlite3* db, const blob_address& where);
  /// blob_writer(db, {table, column, rowid, schema}).
  blob_writer(sqlite3* db, std::string_view table, std::string_view column, std::int64_t rowid,
              std::string_view schema = "main");
  explicit blob_writer(blob_handle handle);

  void write(const std::byte* src, std::size_t n) override;
  using zc::byte_sink::write;
  /// Closes the handle and reports a failed commit (see blob_handle::close):
  /// call it when done writing; the destructor cannot report.
  void close() { handle_.close(); }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t written() const noexcept { return position_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return size_ - position_; }
  [[nodiscard]] blob_handle& handle() noexcept { return handle_; }

 private:
  blob_handle handle_;
  std::size_t size_;
  std::size_t position_ = 0;
};

}  // namespace zc::sqlite
