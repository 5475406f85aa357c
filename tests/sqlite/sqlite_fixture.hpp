// Shared setup for the SQLite adapter tests: a file-backed database in a
// fresh temporary directory, and small helpers to fill it.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "zc/sqlite.hpp"

namespace zc::test {

class sqlite_test : public ::testing::Test {
 protected:
  sqlite_test() : path_(dir_.file("test.db")), db_(path_) {}

  /// Runs SQL that returns no rows.
  void exec(const std::string& sql) { zc::sqlite::exec(db_, sql); }

  /// A second connection to the same file (for locking and staleness tests).
  [[nodiscard]] zc::sqlite::connection open_again(
      zc::sqlite::connection::mode m = zc::sqlite::connection::mode::read_write) const {
    return zc::sqlite::connection(path_, m);
  }

  /// Inserts `bytes` into blobs(data) with a transient copy; returns the rowid.
  std::int64_t insert_blob(const std::vector<std::uint8_t>& bytes) {
    zc::sqlite::statement st(db_, "INSERT INTO blobs(data) VALUES (?1)");
    sqlite3_bind_blob64(st, 1, bytes.empty() ? "" : static_cast<const void*>(bytes.data()),
                        bytes.size(), SQLITE_TRANSIENT);
    st.run();
    return sqlite3_last_insert_rowid(db_);
  }

  /// Bytes 0, 1, 2, ... (mod 251, so no period aligns with powers of two).
  static std::vector<std::uint8_t> pattern(std::size_t n, unsigned seed = 0) {
    std::vector<std::uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((i + seed) % 251);
    return out;
  }

  temp_dir dir_;
  std::string path_;
  zc::sqlite::connection db_;
};

}  // namespace zc::test
