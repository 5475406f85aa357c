// zc::sqlite::connection: an owning sqlite3* for the common case of one
// database file.  Everything else in the adapter takes a plain sqlite3*, so
// this is optional; a connection converts to sqlite3* implicitly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "zc/export.hpp"

struct sqlite3;

namespace zc::sqlite {

class ZC_API connection {
 public:
  enum class mode : std::uint8_t {
    read_write_create,  ///< open for writing, create the file if missing
    read_write,         ///< open for writing; a missing file is an error
    read_only,          ///< open for reading only: every write fails with SQLITE_READONLY
  };

  /// sqlite3_open_v2(path); failure throws sqlite_error (SQLITE_CANTOPEN ...).
  /// Takes a std::filesystem::path, std::string, string_view or literal;
  /// ":memory:" and "file:" URIs pass through as SQLite reads them.
  explicit connection(const std::filesystem::path& path, mode m = mode::read_write_create);
  /// Adopts an open handle: closes it when destroyed.  Movable, not
  /// copyable; a move leaves the source empty.
  explicit connection(sqlite3* adopted) noexcept : db_(adopted) {}

  [[nodiscard]] sqlite3* get() const noexcept { return db_.get(); }
  operator sqlite3*() const noexcept { return db_.get(); }  // NOLINT(google-explicit-constructor)

  /// sqlite3_busy_timeout: how long a locked database is waited for before
  /// SQLITE_BUSY surfaces (0: fail at once, the default).
  void busy_timeout(int milliseconds);

 private:
  /// sqlite3_close_v2: statements or blob handles still open keep the
  /// connection alive as a "zombie" until they are finalized, never dangling.
  struct ZC_API closer {
    void operator()(sqlite3* db) const noexcept;
  };
  std::unique_ptr<sqlite3, closer> db_;  // owned
};

}  // namespace zc::sqlite
