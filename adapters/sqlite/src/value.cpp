// Scalar binds and typed column reads (value.hpp).
#include "zc/sqlite/value.hpp"

#include <sqlite3.h>

#include <string>

#include "column_access.hpp"
#include "zc/error.hpp"
#include "zc/sqlite/bind.hpp"
#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

namespace {

constexpr const char* bind_name = "zc::sqlite::bind";
constexpr const char* column_name = "zc::sqlite::column";

void require_statement(sqlite3_stmt* stmt) {
  if (stmt == nullptr) {
    throw zc::error(zc::errc::invalid_argument, std::string(bind_name) + ": null sqlite3_stmt*");
  }
}

void check_bind(sqlite3_stmt* stmt, int rc, int index, const char* kind) {
  if (rc != SQLITE_OK) {
    detail::throw_sqlite(sqlite3_db_handle(stmt), rc,
                         std::string("bind ") + kind + " parameter " + std::to_string(index) +
                             " of '" + sqlite3_sql(stmt) + "'");
  }
}

// The refusal for a value of the wrong type: null_value for NULL, else
// dtype_mismatch, naming the column and what it holds.
[[noreturn]] void throw_wrong_type(sqlite3_stmt* stmt, int col, int type, const char* expected) {
  throw zc::error(type == SQLITE_NULL ? zc::errc::null_value : zc::errc::dtype_mismatch,
                  std::string(column_name) + ": " + detail::column_label(stmt, col) + " holds " +
                      detail::type_name(type) + ", expected " + expected +
                      (type == SQLITE_NULL ? " (read it as std::optional to accept NULL)" : ""));
}

}  // namespace

namespace detail {

void bind_int64(sqlite3_stmt* stmt, int index, std::int64_t value) {
  require_statement(stmt);
  check_bind(stmt, sqlite3_bind_int64(stmt, index, value), index, "integer");
}

void bind_uint64(sqlite3_stmt* stmt, int index, std::uint64_t value) {
  require_statement(stmt);
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (value > max) {
    throw zc::error(zc::errc::overflow, std::string(bind_name) + ": parameter " +
                                            std::to_string(index) + ": the unsigned value " +
                                            std::to_string(value) +
                                            " does not fit SQLite's 64-bit signed INTEGER (max " +
                                            std::to_string(max) + ")");
  }
  check_bind(stmt, sqlite3_bind_int64(stmt, index, static_cast<std::int64_t>(value)), index,
             "integer");
}

bool column_is_null(sqlite3_stmt* stmt, int col) {
  require_row(stmt, col, column_name);
  return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

std::int64_t column_int64(sqlite3_stmt* stmt, int col) {
  require_row(stmt, col, column_name);
  const int type = sqlite3_column_type(stmt, col);
  if (type != SQLITE_INTEGER) throw_wrong_type(stmt, col, type, "INTEGER");
  return sqlite3_column_int64(stmt, col);
}

double column_double(sqlite3_stmt* stmt, int col) {
  require_row(stmt, col, column_name);
  const int type = sqlite3_column_type(stmt, col);
  if (type == SQLITE_FLOAT) return sqlite3_column_double(stmt, col);
  if (type != SQLITE_INTEGER) throw_wrong_type(stmt, col, type, "REAL or INTEGER");
  // An INTEGER is read as double only when the double holds it exactly.
  const std::int64_t v = sqlite3_column_int64(stmt, col);
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  if (v < -exact || v > exact) {
    throw zc::error(zc::errc::overflow,
                    std::string(column_name) + ": " + column_label(stmt, col) + " holds INTEGER " +
                        std::to_string(v) +
                        ", which a double cannot hold exactly (|v| <= 2^53); read it as "
                        "std::int64_t");
  }
  return static_cast<double>(v);
}

std::string_view column_text_view(sqlite3_stmt* stmt, int col) {
  require_row(stmt, col, column_name);
  return text_value(stmt, col, std::string(column_name) + ": ", "reading the text in");
}

void throw_integer_range(sqlite3_stmt* stmt, int col, std::int64_t value, const char* target,
                         std::int64_t min, std::uint64_t max) {
  throw zc::error(zc::errc::overflow, std::string(column_name) + ": " + column_label(stmt, col) +
                                          " holds " + std::to_string(value) + ", outside " +
                                          target + "'s range [" + std::to_string(min) + ", " +
                                          std::to_string(max) + "]");
}

}  // namespace detail

void bind(sqlite3_stmt* stmt, int index, double value) {
  require_statement(stmt);
  check_bind(stmt, sqlite3_bind_double(stmt, index, value), index, "real");
}

void bind(sqlite3_stmt* stmt, int index, std::string_view text, text_lifetime lifetime) {
  require_statement(stmt);
  detail::check_length_limit(sqlite3_db_handle(stmt), text.size(), "bind text");
  // A null data pointer would bind NULL: empty text stays empty text.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(stmt,
             sqlite3_bind_text64(stmt, index, data, text.size(),
                                 lifetime == text_lifetime::copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                 SQLITE_UTF8),
             index, "text");
}

void bind(sqlite3_stmt* stmt, int index, null_t /*unused*/) {
  require_statement(stmt);
  check_bind(stmt, sqlite3_bind_null(stmt, index), index, "null");
}

}  // namespace zc::sqlite
