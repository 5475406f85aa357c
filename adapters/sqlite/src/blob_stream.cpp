#include "zc/sqlite/blob_stream.hpp"

#include <algorithm>
#include <string>

namespace zc::sqlite {

blob_reader::blob_reader(sqlite3* db, const blob_address& where)
    : blob_reader(blob_handle(db, where, zc::access::read_only)) {}

blob_reader::blob_reader(sqlite3* db, std::string_view table, std::string_view column,
                         std::int64_t rowid, std::string_view schema)
    : blob_reader(db, blob_address{table, column, rowid, schema}) {}

blob_reader::blob_reader(blob_handle handle) : handle_(std::move(handle)), size_(handle_.size()) {}

std::size_t blob_reader::read_some(std::byte* dst, std::size_t max_bytes) {
  const std::size_t n = std::min(max_bytes, remaining());
  if (n == 0) return 0;
  handle_.read_bytes(dst, n, position_);
  position_ += n;
  return n;
}

void blob_reader::seek(std::size_t offset) {
  if (offset > size_) {
    throw zc::error(zc::errc::out_of_range, "zc::sqlite::blob_reader::seek: offset " +
                                                std::to_string(offset) + " is past the blob's " +
                                                std::to_string(size_) + " bytes");
  }
  position_ = offset;
}

blob_writer::blob_writer(sqlite3* db, const blob_address& where)
    : blob_writer(blob_handle(db, where, zc::access::read_write)) {}

blob_writer::blob_writer(sqlite3* db, std::string_view table, std::string_view column,
                         std::int64_t rowid, std::string_view schema)
    : blob_writer(db, blob_address{table, column, rowid, schema}) {}

blob_writer::blob_writer(blob_handle handle) : handle_(std::move(handle)), size_(handle_.size()) {}

void blob_writer::write(const std::byte* src, std::size_t n) {
  if (n > remaining()) {
    throw zc::error(zc::errc::limit_exceeded,
                    "zc::sqlite::blob_writer: writing " + std::to_string(n) + " bytes at offset " +
                        std::to_string(position_) + " would pass the blob's fixed length of " +
                        std::to_string(size_) + " bytes (insert zeroblob(total) first)");
  }
  handle_.write_bytes(src, n, position_);
  position_ += n;
}

}  // namespace zc::sqlite
