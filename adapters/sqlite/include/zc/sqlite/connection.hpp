// zc::sqlite::connection: an owning sqlite3* for the common case of one
// database file.  Everything else in the adapter takes a plain sqlite3*, so
// this is optional; a connection converts to sqlite3* implicitly.
#pragma once

#include <cstdint>
#include <filesystem>

struct sqlite3;

namespace zc::sqlite {

class connection {
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
  /// Adopts an open handle: closes it when destroyed.
  explicit connection(sqlite3* adopted) noexcept : db_(adopted) {}
  /// sqlite3_close_v2: statements or blob handles still open keep the
  /// connection alive as a "zombie" until they are finalized, never dangling.
  ~connection();
  connection(connection&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  connection& operator=(connection&& other) noexcept;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  [[nodiscard]] sqlite3* get() const noexcept { return db_; }
  operator sqlite3*() const noexcept { return db_; }  // NOLINT(google-explicit-constructor)

  /// sqlite3_busy_timeout: how long a locked database is waited for before
  /// SQLITE_BUSY surfaces (0: fail at once, the default).
  void busy_timeout(int milliseconds);

 private:
  sqlite3* db_ = nullptr;  // owned
};

}  // namespace zc::sqlite
