// How the adapter reads a column of the current row: the checks and the
// wording that column_view and column<T> share (defined in column.cpp).
#pragma once

#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace zc::sqlite::detail {

/// "INTEGER", "REAL", "TEXT", "BLOB" or "NULL" for an SQLITE_* type code.
[[nodiscard]] const char* type_name(int sql_type);
/// "column 2 ('data')": how messages name a result column.
[[nodiscard]] std::string column_label(sqlite3_stmt* stmt, int col);
/// Refuses a null statement, a statement not on a row, or a column out of
/// range; `what` starts the message ("zc::sqlite::column_view").
void require_row(sqlite3_stmt* stmt, int col, const char* what);
/// The TEXT value in `col` (valid until the next step); refuses NULL
/// (null_value) and other types (dtype_mismatch) with
/// refusal_prefix + "column 1 ('x') holds INTEGER, expected TEXT", and an
/// out-of-memory failure as sqlite_error naming `reading` and the column.
[[nodiscard]] std::string_view text_value(sqlite3_stmt* stmt, int col,
                                          const std::string& refusal_prefix,
                                          const std::string& reading);

}  // namespace zc::sqlite::detail
