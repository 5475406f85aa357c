// bind() for integers, doubles, text and NULL, and column<T>(): a whole
// INSERT and SELECT without raw sqlite3_bind_* / sqlite3_column_* calls.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "expect_error.hpp"
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

class value_test : public sqlite_test {
 protected:
  value_test() { exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v ANY, note TEXT) STRICT"); }

  /// Binds `value` as parameter 1 of "SELECT ?1" and returns the row's statement.
  template <class T>
  zc::sqlite::statement select_value(const T& value) {
    zc::sqlite::statement st(db_, "SELECT ?1, typeof(?1)");
    zc::sqlite::bind(st, 1, value);
    EXPECT_TRUE(st.step());
    return st;
  }

  zc::sqlite::statement select(std::string_view sql) {
    zc::sqlite::statement st(db_, sql);
    EXPECT_TRUE(st.step());
    return st;
  }
};

TEST_F(value_test, whole_insert_and_select_without_raw_calls) {
  const std::vector<std::uint8_t> pixels = pattern(48);
  const std::string name = "tile (3, 4)";
  zc::sqlite::statement insert(db_, "INSERT INTO t(id, v, note) VALUES (?1, ?2, ?3)");
  zc::sqlite::bind(insert, 1, std::int64_t{7});
  zc::sqlite::bind(insert, 2, zc::view(pixels));
  zc::sqlite::bind(insert, 3, name);
  insert.run();
  insert.reset();
  zc::sqlite::bind(insert, 1, 8u);
  zc::sqlite::bind(insert, 2, 2.5);
  zc::sqlite::bind(insert, 3, zc::sqlite::null);
  insert.run();

  zc::sqlite::statement st(db_, "SELECT id, v, note FROM t ORDER BY id");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(zc::sqlite::column<std::int64_t>(st, 0), 7);
  EXPECT_EQ(zc::sqlite::column_view(st, 1).get().to_bytes().size(), pixels.size());
  EXPECT_EQ(zc::sqlite::column<std::string>(st, 2), name);
  ASSERT_TRUE(st.step());
  EXPECT_EQ(zc::sqlite::column<std::uint32_t>(st, 0), 8u);
  EXPECT_EQ(zc::sqlite::column<double>(st, 1), 2.5);
  EXPECT_EQ(zc::sqlite::column<std::optional<std::string>>(st, 2), std::nullopt);
  EXPECT_FALSE(st.step());
}

TEST_F(value_test, integers_of_every_width_bind_as_integer) {
  auto roundtrip = [&](auto value) {
    using T = decltype(value);
    zc::sqlite::statement st = select_value(value);
    EXPECT_EQ(zc::sqlite::column<std::string_view>(st, 1), "integer");
    EXPECT_EQ(zc::sqlite::column<T>(st, 0), value);
  };
  roundtrip(std::numeric_limits<std::int8_t>::min());
  roundtrip(std::numeric_limits<std::uint8_t>::max());
  roundtrip(std::numeric_limits<std::int16_t>::min());
  roundtrip(std::numeric_limits<std::uint16_t>::max());
  roundtrip(std::numeric_limits<std::int32_t>::min());
  roundtrip(std::numeric_limits<std::uint32_t>::max());
  roundtrip(std::numeric_limits<std::int64_t>::min());
  roundtrip(std::numeric_limits<std::int64_t>::max());
  roundtrip(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
  roundtrip(true);
  roundtrip(false);
  roundtrip(static_cast<unsigned long>(42));
  roundtrip(static_cast<long long>(-42));
}

TEST_F(value_test, uint64_above_int64_max_is_refused_not_wrapped) {
  zc::sqlite::statement st(db_, "SELECT ?1");
  const std::uint64_t too_big = std::uint64_t{1} << 63;
  const std::string e =
      zc::test::error_of([&] { zc::sqlite::bind(st, 1, too_big); }, zc::errc::overflow);
  ZC_EXPECT_CONTAINS(e, "9223372036854775808");
  ZC_EXPECT_CONTAINS(e, "9223372036854775807");
  // Nothing was bound: the parameter is still NULL.
  ASSERT_TRUE(st.step());
  EXPECT_EQ(zc::sqlite::column<std::optional<std::int64_t>>(st, 0), std::nullopt);
}

TEST_F(value_test, doubles_and_floats_bind_as_real) {
  zc::sqlite::statement d = select_value(-0.125);
  EXPECT_EQ(zc::sqlite::column<std::string_view>(d, 1), "real");
  EXPECT_EQ(zc::sqlite::column<double>(d, 0), -0.125);
  zc::sqlite::statement f = select_value(1.5f);
  EXPECT_EQ(zc::sqlite::column<std::string_view>(f, 1), "real");
  EXPECT_EQ(zc::sqlite::column<double>(f, 0), 1.5);
}

TEST_F(value_test, text_binds_copied_or_static_as_asked) {
  std::string text = "h\xC3\xA9llo";  // UTF-8, not NUL-terminated in the view below
  const std::string_view part = std::string_view(text).substr(0, 3);
  zc::sqlite::statement copied(db_, "SELECT ?1, typeof(?1)");
  zc::sqlite::bind(copied, 1, part);  // copy is the default
  zc::sqlite::statement borrowed(db_, "SELECT ?1");
  zc::sqlite::bind(borrowed, 1, std::string_view(text), zc::sqlite::text_lifetime::static_);
  text[0] = 'j';  // the static bind sees the change, the copy does not
  ASSERT_TRUE(copied.step());
  ASSERT_TRUE(borrowed.step());
  EXPECT_EQ(zc::sqlite::column<std::string_view>(copied, 0), "h\xC3\xA9");
  EXPECT_EQ(zc::sqlite::column<std::string_view>(copied, 1), "text");
  EXPECT_EQ(zc::sqlite::column<std::string>(borrowed, 0), "j\xC3\xA9llo");
  // Literals and empty text: text, not a pointer, a bool or NULL.
  zc::sqlite::statement literal = select_value("abc");
  EXPECT_EQ(zc::sqlite::column<std::string_view>(literal, 1), "text");
  zc::sqlite::statement empty = select_value(std::string_view());
  EXPECT_EQ(zc::sqlite::column<std::string_view>(empty, 1), "text");
  EXPECT_EQ(zc::sqlite::column<std::string_view>(empty, 0), "");
}

TEST_F(value_test, null_binds_as_null) {
  zc::sqlite::statement a = select_value(zc::sqlite::null);
  EXPECT_EQ(zc::sqlite::column<std::string_view>(a, 1), "null");
  const char* no_text = nullptr;  // a null C string is NULL, as in sqlite3_bind_text
  zc::sqlite::statement c = select_value(no_text);
  EXPECT_EQ(zc::sqlite::column<std::string_view>(c, 1), "null");
  zc::sqlite::statement b = select_value(nullptr);
  EXPECT_EQ(zc::sqlite::column<std::string_view>(b, 1), "null");
  EXPECT_EQ(zc::sqlite::column<std::optional<double>>(b, 0), std::nullopt);
  EXPECT_EQ(zc::sqlite::column<std::optional<std::string_view>>(b, 0), std::nullopt);
  EXPECT_EQ(zc::sqlite::column<std::optional<std::int32_t>>(select_value(5), 0),
            std::optional<std::int32_t>(5));
}

TEST_F(value_test, bind_refusals_carry_sqlite_codes) {
  zc::sqlite::statement st(db_, "SELECT ?1");
  const std::string e = zc::test::error_of([&] { zc::sqlite::bind(st, 2, 1); }, zc::errc::backend);
  ZC_EXPECT_CONTAINS(e, "SQLITE_RANGE");
  zc::test::error_of([&] { zc::sqlite::bind(st, 0, 1.0); }, zc::errc::backend);
  zc::test::error_of([&] { zc::sqlite::bind(st, 5, "x"); }, zc::errc::backend);
  zc::test::error_of([&] { zc::sqlite::bind(st, 5, zc::sqlite::null); }, zc::errc::backend);
  zc::test::error_of([&] { zc::sqlite::bind(static_cast<sqlite3_stmt*>(nullptr), 1, 1); },
                     zc::errc::invalid_argument);
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 10);
  const std::string long_text = zc::test::error_of(
      [&] { zc::sqlite::bind(st, 1, std::string(11, 'x')); }, zc::errc::limit_exceeded);
  ZC_EXPECT_CONTAINS(long_text, "11 bytes");
}

TEST_F(value_test, column_refuses_other_types_naming_what_it_holds) {
  zc::sqlite::statement st = select("SELECT 1, 2.5, 'text', x'00', NULL, 3000000000");
  std::string e = zc::test::error_of([&] { (void)zc::sqlite::column<double>(st, 2); },
                                     zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(e, "column 2 (''text'') holds TEXT, expected REAL or INTEGER");
  e = zc::test::error_of([&] { (void)zc::sqlite::column<std::int64_t>(st, 1); },
                         zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(e, "holds REAL, expected INTEGER");
  e = zc::test::error_of([&] { (void)zc::sqlite::column<std::string_view>(st, 3); },
                         zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(e, "holds BLOB, expected TEXT");
  e = zc::test::error_of([&] { (void)zc::sqlite::column<std::string>(st, 0); },
                         zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(e, "holds INTEGER, expected TEXT");
  // NULL is an error unless asked for as std::optional.
  e = zc::test::error_of([&] { (void)zc::sqlite::column<std::int64_t>(st, 4); },
                         zc::errc::null_value);
  ZC_EXPECT_CONTAINS(e, "holds NULL");
  ZC_EXPECT_CONTAINS(e, "std::optional");
  zc::test::error_of([&] { (void)zc::sqlite::column<std::string_view>(st, 4); },
                     zc::errc::null_value);
  // Values that do not fit the target are refused, never truncated.
  e = zc::test::error_of([&] { (void)zc::sqlite::column<std::int32_t>(st, 5); },
                         zc::errc::overflow);
  ZC_EXPECT_CONTAINS(e, "3000000000, outside int32_t's range");
  EXPECT_EQ(zc::sqlite::column<std::uint32_t>(st, 5), 3000000000u);
  e = zc::test::error_of([&] { (void)zc::sqlite::column<bool>(st, 5); }, zc::errc::overflow);
  ZC_EXPECT_CONTAINS(e, "bool");
  EXPECT_TRUE(zc::sqlite::column<bool>(st, 0));
  // INTEGER reads as double only when exact.
  EXPECT_EQ(zc::sqlite::column<double>(st, 0), 1.0);
  zc::sqlite::statement big = select("SELECT 9007199254740993");
  zc::test::error_of([&] { (void)zc::sqlite::column<double>(big, 0); }, zc::errc::overflow);
  zc::sqlite::statement negative = select("SELECT -1");
  zc::test::error_of([&] { (void)zc::sqlite::column<std::uint8_t>(negative, 0); },
                     zc::errc::overflow);
  // Out-of-range columns and statements without a row.
  zc::test::error_of([&] { (void)zc::sqlite::column<double>(st, 6); }, zc::errc::out_of_range);
  zc::sqlite::statement unstepped(db_, "SELECT 1");
  zc::test::error_of([&] { (void)zc::sqlite::column<std::int64_t>(unstepped, 0); },
                     zc::errc::invalid_argument);
}

TEST_F(value_test, text_view_is_sqlites_own_bytes) {
  zc::sqlite::statement st = select("SELECT 'abcdef'");
  const std::string_view v = zc::sqlite::column<std::string_view>(st, 0);
  EXPECT_EQ(static_cast<const void*>(v.data()), sqlite3_column_text(st, 0));
  EXPECT_EQ(v, "abcdef");
}

}  // namespace
}  // namespace zc::test
