#include "zc/sqlite/column.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "column_access.hpp"
#include "zc/sqlite/error.hpp"
#include "zc/sqlite/shape_text.hpp"

namespace zc::sqlite {

namespace detail {

const char* type_name(int sql_type) {
  switch (sql_type) {
    case SQLITE_INTEGER:
      return "INTEGER";
    case SQLITE_FLOAT:
      return "REAL";
    case SQLITE_TEXT:
      return "TEXT";
    case SQLITE_BLOB:
      return "BLOB";
    default:
      return "NULL";
  }
}

// "column 2 ('data')": how messages name a result column.
std::string column_label(sqlite3_stmt* stmt, int col) {
  const char* name = sqlite3_column_name(stmt, col);
  return "column " + std::to_string(col) + " ('" + (name != nullptr ? name : "?") + "')";
}

void require_row(sqlite3_stmt* stmt, int col, const char* what) {
  if (stmt == nullptr) {
    throw zc::error(zc::errc::invalid_argument, std::string(what) + ": null sqlite3_stmt*");
  }
  const int count = sqlite3_data_count(stmt);
  if (count == 0) {
    throw zc::error(zc::errc::invalid_argument,
                    std::string(what) +
                        ": expected a statement positioned on a row "
                        "(sqlite3_step returned SQLITE_ROW), found none");
  }
  if (col < 0 || col >= count) {
    throw zc::error(zc::errc::out_of_range, std::string(what) + ": column " + std::to_string(col) +
                                                " out of range: the row has " +
                                                std::to_string(count) + " columns");
  }
}

std::string_view text_value(sqlite3_stmt* stmt, int col, const std::string& refusal_prefix,
                            const std::string& reading) {
  const int type = sqlite3_column_type(stmt, col);
  if (type != SQLITE_TEXT) {
    throw zc::error(
        type == SQLITE_NULL ? zc::errc::null_value : zc::errc::dtype_mismatch,
        refusal_prefix + column_label(stmt, col) + " holds " + type_name(type) + ", expected TEXT");
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  const int n = sqlite3_column_bytes(stmt, col);
  if (text == nullptr) {
    throw_sqlite(sqlite3_db_handle(stmt), SQLITE_NOMEM, reading + " " + column_label(stmt, col));
  }
  return {text, static_cast<std::size_t>(n)};
}

}  // namespace detail

namespace {

std::string column_text(sqlite3_stmt* stmt, int col, const char* role) {
  detail::require_row(stmt, col, "zc::sqlite::column_view");
  return std::string(detail::text_value(stmt, col, "zc::sqlite: " + std::string(role) + " ",
                                        "reading " + std::string(role)));
}

}  // namespace

buffer_view column_view(sqlite3_stmt* stmt, int col) {
  detail::require_row(stmt, col, "zc::sqlite::column_view");
  const int type = sqlite3_column_type(stmt, col);
  if (type != SQLITE_BLOB) {
    // Refuse instead of letting sqlite3_column_blob convert: a conversion
    // would both change the bytes and invalidate earlier pointers.
    throw zc::error(type == SQLITE_NULL ? zc::errc::null_value : zc::errc::dtype_mismatch,
                    "zc::sqlite::column_view: " + detail::column_label(stmt, col) + " holds " +
                        detail::type_name(type) + ", expected a BLOB");
  }
  const void* p = sqlite3_column_blob(stmt, col);
  const int n = sqlite3_column_bytes(stmt, col);
  if (p == nullptr) {
    // Null means either a zero-length blob or an out-of-memory failure while
    // SQLite expanded the value (a zeroblob).  A failed allocation turns the
    // value into SQL NULL (vdbeMemGrow), so the type tells them apart;
    // sqlite3_errcode() would not, as it may still hold an earlier NOMEM.
    if (sqlite3_column_type(stmt, col) != SQLITE_BLOB) {
      detail::throw_sqlite(sqlite3_db_handle(stmt), SQLITE_NOMEM,
                           "reading the blob in " + detail::column_label(stmt, col));
    }
    return buffer_view(nullptr, zc::dtype{}, dims{0}, dims{1}, access::read_only);
  }
  return buffer_view(p, zc::dtype{}, dims{n}, dims{1}, access::read_only);
}

buffer_view as_typed(const buffer_view& bytes, zc::dtype type, const dims& shape,
                     alignment_policy policy, const std::string& what) {
  // Product of extents (counted as core counts: a zero extent empties the
  // shape whatever the others multiply to) and the byte length, overflow-checked.
  if (std::any_of(shape.begin(), shape.end(), [](std::int64_t e) { return e < 0; })) {
    throw zc::error(zc::errc::invalid_argument,
                    what + ": shape " + format_shape(shape) + " has a negative extent");
  }
  const std::optional<std::uint64_t> count = zc::detail::element_count(shape.span());
  if (!count) {
    throw zc::error(zc::errc::overflow,
                    what + ": shape " + format_shape(shape) + " overflows 64 bits");
  }
  std::uint64_t needed = 0;
  if (__builtin_mul_overflow(*count, static_cast<std::uint64_t>(type.itemsize()), &needed)) {
    throw zc::error(zc::errc::overflow, what + ": " + type.describe() + " x " +
                                            format_shape(shape) + " overflows 64 bits");
  }
  if (needed != bytes.nbytes()) {
    throw zc::error(zc::errc::shape_mismatch,
                    what + " has " + std::to_string(bytes.nbytes()) + " bytes, expected " +
                        std::to_string(needed) + " for " + type.describe() + " x " +
                        format_shape(shape) + " (" + std::to_string(type.itemsize()) +
                        " bytes per element)");
  }
  if (!bytes.is_c_contiguous()) {
    throw zc::error(zc::errc::layout,
                    what + ": expected contiguous bytes, found " + bytes.describe());
  }
  const std::size_t align = required_alignment(type);
  const auto address = reinterpret_cast<std::uintptr_t>(bytes.data());
  if (policy == alignment_policy::require && needed != 0 && address % align != 0) {
    throw zc::error(zc::errc::alignment,
                    what + " starts at address " + std::to_string(address) + ", which is not " +
                        std::to_string(align) + "-byte aligned as " + type.describe() +
                        " needs; read it into an aligned destination with read_into()/get_into(), "
                        "or pass alignment_policy::allow_unaligned and use only at<>()/zc::copy");
  }
  if (needed == 0) {
    // An empty blob may have a null pointer; any shape with a zero extent fits.
    return buffer_view(bytes.data(), type, shape, c_strides(shape, type.itemsize()),
                       access::read_only, bytes.owner());
  }
  return bytes.cast(type, shape);
}

buffer_view column_view(sqlite3_stmt* stmt, int col, zc::dtype type, const dims& shape,
                        alignment_policy policy) {
  const buffer_view bytes = column_view(stmt, col);
  return as_typed(bytes, type, shape, policy, "blob in " + detail::column_label(stmt, col));
}

buffer_view column_view(sqlite3_stmt* stmt, int col, companion_columns described_by,
                        alignment_policy policy) {
  // Companions first: reading other columns never moves this column's
  // pointer, but doing it first keeps that reasoning unnecessary.
  const std::string dtype_text = column_text(stmt, described_by.dtype, "dtype");
  const std::string shape_text = column_text(stmt, described_by.shape, "shape");
  const zc::dtype type = zc::dtype::parse(dtype_text);
  const dims shape = parse_shape(shape_text);
  return column_view(stmt, col, type, shape, policy);
}

checked_blob_view column_view(const statement& stmt, int col) {
  return {column_view(stmt.get(), col), stmt.clock(), stmt.generation()};
}

checked_blob_view column_view(const statement& stmt, int col, zc::dtype type, const dims& shape,
                              alignment_policy policy) {
  return {column_view(stmt.get(), col, type, shape, policy), stmt.clock(), stmt.generation()};
}

checked_blob_view column_view(const statement& stmt, int col, companion_columns described_by,
                              alignment_policy policy) {
  return {column_view(stmt.get(), col, described_by, policy), stmt.clock(), stmt.generation()};
}

}  // namespace zc::sqlite
