// Scalar parameters and typed column reads, so a whole INSERT or SELECT is
// written without raw sqlite3_bind_* / sqlite3_column_* calls:
//
//   zc::sqlite::statement insert(db, "INSERT INTO images VALUES (?1, ?2, ?3, ?4)");
//   zc::sqlite::bind(insert, 1, id);                 // any integer type
//   zc::sqlite::bind(insert, 2, name);               // text, copied by SQLite
//   zc::sqlite::bind(insert, 3, zc::sqlite::null);   // or nullptr
//   zc::sqlite::bind(insert, 4, pixels_view);        // a blob (bind.hpp)
//   ...
//   auto id = zc::sqlite::column<std::int64_t>(select, 0);
//   auto name = zc::sqlite::column<std::string_view>(select, 1);  // until the next step
//   auto note = zc::sqlite::column<std::optional<std::string>>(select, 2);
//
// Binding: integers of every width bind as SQLite's 64-bit INTEGER; an
// unsigned value above INT64_MAX does not fit it and is refused
// (errc::overflow), never wrapped.  bool binds 0 or 1.  float and double
// bind as REAL.  Text binds as UTF-8 TEXT: text_lifetime::copy (the default)
// lets SQLite copy it now (SQLITE_TRANSIENT; text is not element data, so
// zc::bytes_copied() does not count it), text_lifetime::static_ promises
// that the characters outlive every use of the binding (SQLITE_STATIC), as
// for string literals.  Text longer than SQLITE_LIMIT_LENGTH is refused
// (errc::limit_exceeded, SQLITE_TOOBIG).  A failed bind (an index out of
// range, a busy statement) is sqlite_error with SQLite's code.
//
// Reading: column<T>(stmt, col) reads column `col` (0-based) of the current
// row without letting SQLite convert between types:
//   integers (any width, and bool)  an INTEGER value, range-checked against
//                                    T (errc::overflow naming the value)
//   double                          a REAL value, or an INTEGER one that a
//                                    double holds exactly (|v| <= 2^53)
//   std::string_view                a TEXT value: SQLite's bytes, valid until
//                                    the next step/reset/finalize
//   std::string                     a TEXT value, copied
//   std::optional<any of these>     std::nullopt for SQL NULL
// A NULL read as a non-optional type is errc::null_value; any other type
// mismatch is errc::dtype_mismatch; both name the column and the type it
// actually holds (e.g. "column 1 ('name') holds INTEGER, expected TEXT").
// Blobs are read with column_view (column.hpp).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "zc/export.hpp"

struct sqlite3_stmt;

namespace zc::sqlite {

/// SQL NULL as a parameter value: bind(stmt, i, zc::sqlite::null).
struct null_t {
  explicit constexpr null_t(int /*unused*/) noexcept {}
};
inline constexpr null_t null{0};

/// Who keeps bound text alive (see the file comment).
enum class text_lifetime : std::uint8_t {
  copy,     ///< SQLITE_TRANSIENT: SQLite copies it now
  static_,  ///< SQLITE_STATIC: the caller keeps it alive and unchanged
};

namespace detail {

template <class T>
inline constexpr bool is_character_v =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;

/// Integer types bind() and column() take: every signed and unsigned width
/// and bool; not the character types (bind text as std::string_view).
template <class T>
concept sql_integer = std::integral<T> && !is_character_v<T>;

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

ZC_API void bind_int64(sqlite3_stmt* stmt, int index, std::int64_t value);
/// Refuses (errc::overflow) an unsigned 64-bit value above INT64_MAX.
ZC_API void bind_uint64(sqlite3_stmt* stmt, int index, std::uint64_t value);

/// Whether column `col` of the current row is NULL (after checking that
/// there is a row and the column exists).
[[nodiscard]] ZC_API bool column_is_null(sqlite3_stmt* stmt, int col);
/// The INTEGER value in `col`, or the refusal described in the file comment.
[[nodiscard]] ZC_API std::int64_t column_int64(sqlite3_stmt* stmt, int col);
[[nodiscard]] ZC_API double column_double(sqlite3_stmt* stmt, int col);
/// The TEXT value's bytes, as SQLite holds them (valid until the next step).
[[nodiscard]] ZC_API std::string_view column_text_view(sqlite3_stmt* stmt, int col);
/// errc::overflow: `value` in `col` does not fit `target` ("int8_t", ...),
/// which holds [min, max].
[[noreturn]] ZC_API void throw_integer_range(sqlite3_stmt* stmt, int col, std::int64_t value,
                                             const char* target, std::int64_t min,
                                             std::uint64_t max);

template <class T>
constexpr const char* integer_name() noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_signed_v<T>) {
    switch (sizeof(T)) {
      case 1:
        return "int8_t";
      case 2:
        return "int16_t";
      case 4:
        return "int32_t";
      default:
        return "int64_t";
    }
  } else {
    switch (sizeof(T)) {
      case 1:
        return "uint8_t";
      case 2:
        return "uint16_t";
      case 4:
        return "uint32_t";
      default:
        return "uint64_t";
    }
  }
}

template <class>
inline constexpr bool unsupported_column_type = false;

}  // namespace detail

/// Binds an integer of any width (bool as 0/1) to parameter `index` (1-based).
template <detail::sql_integer T>
void bind(sqlite3_stmt* stmt, int index, T value) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
    detail::bind_uint64(stmt, index, static_cast<std::uint64_t>(value));
  } else {
    detail::bind_int64(stmt, index, static_cast<std::int64_t>(value));
  }
}

/// Binds a REAL (float widens exactly to double).
ZC_API void bind(sqlite3_stmt* stmt, int index, double value);
inline void bind(sqlite3_stmt* stmt, int index, float value) {
  bind(stmt, index, static_cast<double>(value));
}

/// Binds SQL NULL.
ZC_API void bind(sqlite3_stmt* stmt, int index, null_t);
inline void bind(sqlite3_stmt* stmt, int index, std::nullptr_t) { bind(stmt, index, null); }

/// Binds UTF-8 text; see text_lifetime.
ZC_API void bind(sqlite3_stmt* stmt, int index, std::string_view text,
                 text_lifetime lifetime = text_lifetime::copy);
/// String literals and C strings bind as text (not as a pointer or bool);
/// a null pointer binds SQL NULL, as sqlite3_bind_text does.
inline void bind(sqlite3_stmt* stmt, int index, const char* text,
                 text_lifetime lifetime = text_lifetime::copy) {
  if (text == nullptr) {
    bind(stmt, index, null);
  } else {
    bind(stmt, index, std::string_view(text), lifetime);
  }
}
inline void bind(sqlite3_stmt* stmt, int index, const std::string& text,
                 text_lifetime lifetime = text_lifetime::copy) {
  bind(stmt, index, std::string_view(text), lifetime);
}

/// Column `col` (0-based) of the current row as T; see the file comment.
template <class T>
[[nodiscard]] T column(sqlite3_stmt* stmt, int col) {
  if constexpr (detail::is_optional_v<T>) {
    if (detail::column_is_null(stmt, col)) return std::nullopt;
    return T(column<typename T::value_type>(stmt, col));
  } else if constexpr (std::is_same_v<T, bool>) {
    const std::int64_t v = detail::column_int64(stmt, col);
    if (v != 0 && v != 1) detail::throw_integer_range(stmt, col, v, "bool", 0, 1);
    return v == 1;
  } else if constexpr (detail::sql_integer<T>) {
    const std::int64_t v = detail::column_int64(stmt, col);
    if (!std::in_range<T>(v)) {
      detail::throw_integer_range(stmt, col, v, detail::integer_name<T>(),
                                  static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                                  static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
    }
    return static_cast<T>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return detail::column_double(stmt, col);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    return detail::column_text_view(stmt, col);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string(detail::column_text_view(stmt, col));
  } else {
    static_assert(detail::unsupported_column_type<T>,
                  "zc::sqlite::column<T>: T must be an integer type, bool, double, "
                  "std::string_view, std::string, or std::optional of one of them; "
                  "read blobs with zc::sqlite::column_view");
  }
}

}  // namespace zc::sqlite
