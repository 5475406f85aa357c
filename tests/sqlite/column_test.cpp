// column_view: blob columns of the current row as readonly views.
#include <cstring>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

class column_view_test : public sqlite_test {
 protected:
  column_view_test() {
    exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB, dtype TEXT, shape TEXT)");
  }
  // Prepares and steps onto the first row of `sql`.
  zc::sqlite::statement row(const std::string& sql) {
    zc::sqlite::statement st(db_, sql);
    EXPECT_TRUE(st.step());
    return st;
  }
};

TEST_F(column_view_test, points_at_sqlite_own_copy) {
  const auto bytes = pattern(1000);
  insert_blob(bytes);
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  sqlite3_stmt* raw = st.get();
  const zc::buffer_view v = zc::sqlite::column_view(raw, 0);
  EXPECT_EQ(v.data(), sqlite3_column_blob(raw, 0));
  EXPECT_EQ(v.nbytes(), 1000u);
  EXPECT_EQ(v.rank(), 1u);
  EXPECT_TRUE(v.readonly());
  EXPECT_EQ(v.dtype(), zc::dtype_of<std::uint8_t>());
  EXPECT_FALSE(v.owner());
  EXPECT_EQ(std::memcmp(v.data(), bytes.data(), bytes.size()), 0);
}

TEST_F(column_view_test, large_blob_no_allocation_by_adapter) {
  // 4 MiB spills onto overflow pages: SQLite assembles its value during
  // step(); column_view must add nothing, not even a small allocation.
  insert_blob(pattern(4 << 20, 3));
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  allocation_counter counter;
  const zc::buffer_view v = zc::sqlite::column_view(st.get(), 0);
  EXPECT_EQ(counter.count(), 0u);
  EXPECT_EQ(v.data(), sqlite3_column_blob(st.get(), 0));
  EXPECT_EQ(v.nbytes(), std::size_t{4} << 20);
}

TEST_F(column_view_test, typed_view_checks_length_against_shape) {
  const std::vector<double> values{1.5, 2.5, 3.5, 4.5, 5.5, 6.5};
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  zc::sqlite::bind(ins, 1, zc::view(values));
  ins.run();
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  const zc::buffer_view m = zc::sqlite::column_view(st.get(), 0, zc::dtype_of<double>(), {2, 3});
  EXPECT_EQ(m.data(), sqlite3_column_blob(st.get(), 0));
  ASSERT_EQ(m.rank(), 2u);
  EXPECT_EQ(m.shape(1), 3);
  EXPECT_EQ(m.stride(0), 24);
  EXPECT_EQ((m.at<const double>(1, 2)), 6.5);
  try {
    (void)zc::sqlite::column_view(st.get(), 0, zc::dtype_of<double>(), {2, 4});
    FAIL() << "wrong shape accepted";
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::shape_mismatch);
    EXPECT_NE(std::string(e.what()).find("48 bytes"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected 64"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)zc::sqlite::column_view(st.get(), 0, zc::dtype_of<float>(), {5}), zc::error);
}

TEST_F(column_view_test, companion_columns_describe_the_blob) {
  const std::vector<std::uint16_t> values{1, 2, 3, 4, 5, 6};
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data, dtype, shape) VALUES (?1, ?2, ?3)");
  zc::sqlite::bind(ins, 1, zc::view(values));
  const std::string type = zc::dtype_of<std::uint16_t>().str();
  sqlite3_bind_text(ins, 2, type.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ins, 3, "[3, 2]", -1, SQLITE_STATIC);
  ins.run();
  zc::sqlite::statement st = row("SELECT data, dtype, shape FROM blobs");
  const zc::buffer_view v =
      zc::sqlite::column_view(st.get(), 0, zc::sqlite::companion_columns{1, 2});
  EXPECT_EQ(v.dtype(), zc::dtype_of<std::uint16_t>());
  EXPECT_EQ(v.shape(0), 3);
  EXPECT_EQ((v.at<const std::uint16_t>(2, 1)), 6);
  // Bad companion text is refused with invalid_format.
  exec("UPDATE blobs SET shape = '[3;2]'");
  zc::sqlite::statement bad = row("SELECT data, dtype, shape FROM blobs");
  try {
    (void)zc::sqlite::column_view(bad.get(), 0, zc::sqlite::companion_columns{1, 2});
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::invalid_format);
  }
  exec("UPDATE blobs SET shape = NULL");
  zc::sqlite::statement null_shape = row("SELECT data, dtype, shape FROM blobs");
  try {
    (void)zc::sqlite::column_view(null_shape.get(), 0, zc::sqlite::companion_columns{1, 2});
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::null_value);
  }
}

TEST_F(column_view_test, empty_blob_is_an_empty_view) {
  exec("INSERT INTO blobs(data) VALUES (X'')");
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  const zc::buffer_view v = zc::sqlite::column_view(st.get(), 0);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.nbytes(), 0u);
  EXPECT_EQ(v.data(), nullptr);
  const zc::buffer_view typed = zc::sqlite::column_view(st.get(), 0, zc::dtype_of<float>(), {0, 3});
  EXPECT_EQ(typed.size(), 0u);
  EXPECT_EQ(typed.shape(1), 3);
}

TEST_F(column_view_test, null_and_other_types_are_distinguished) {
  exec("INSERT INTO blobs(data) VALUES (NULL), ('text'), (42), (1.5)");
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  const zc::errc expected[] = {zc::errc::null_value, zc::errc::dtype_mismatch,
                               zc::errc::dtype_mismatch, zc::errc::dtype_mismatch};
  const char* found[] = {"NULL", "TEXT", "INTEGER", "REAL"};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(st.step());
    try {
      (void)zc::sqlite::column_view(st.get(), 0);
      FAIL() << "row " << i << " accepted";
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), expected[i]);
      EXPECT_NE(std::string(e.what()).find(found[i]), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("BLOB"), std::string::npos) << e.what();
    }
    // The refused value was not converted: still its own type.
    EXPECT_NE(sqlite3_column_type(st.get(), 0), SQLITE_BLOB);
  }
}

TEST_F(column_view_test, refuses_without_row_or_out_of_range_column) {
  insert_blob(pattern(8));
  zc::sqlite::statement st(db_, "SELECT data FROM blobs");
  try {
    (void)zc::sqlite::column_view(st.get(), 0);  // not stepped yet
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::invalid_argument);
  }
  ASSERT_TRUE(st.step());
  try {
    (void)zc::sqlite::column_view(st.get(), 1);
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::out_of_range);
  }
  EXPECT_THROW((void)zc::sqlite::column_view(static_cast<sqlite3_stmt*>(nullptr), 0), zc::error);
  EXPECT_FALSE(st.step());
  EXPECT_THROW((void)zc::sqlite::column_view(st.get(), 0), zc::error);  // done: no row
}

TEST_F(column_view_test, misaligned_elements_are_refused_unless_allowed) {
  // A one-byte header followed by doubles: the doubles start at an odd
  // address whatever SQLite's allocator promises for the value itself.
  std::vector<std::uint8_t> bytes(1 + 3 * sizeof(double));
  const double values[3] = {0.25, -1.0, 1e300};
  std::memcpy(bytes.data() + 1, values, sizeof values);
  insert_blob(bytes);
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  const zc::buffer_view payload = zc::sqlite::column_view(st.get(), 0).slice(0, 1, {});
  try {
    (void)zc::sqlite::as_typed(payload, zc::dtype_of<double>(), {3},
                               zc::sqlite::alignment_policy::require, "payload");
    FAIL() << "misaligned doubles accepted";
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::alignment);
    EXPECT_NE(std::string(e.what()).find("8-byte aligned"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("read_into"), std::string::npos) << e.what();
  }
  const zc::buffer_view unaligned = zc::sqlite::as_typed(
      payload, zc::dtype_of<double>(), {3}, zc::sqlite::alignment_policy::allow_unaligned, "p");
  EXPECT_EQ(unaligned.data(), payload.data());
  EXPECT_EQ((unaligned.at<const double>(2)), 1e300);
  // One-byte elements never need alignment.
  EXPECT_NO_THROW((void)zc::sqlite::as_typed(payload, zc::dtype_of<std::uint8_t>(), {24},
                                             zc::sqlite::alignment_policy::require, "p"));
}

TEST_F(column_view_test, empty_blob_takes_an_empty_shape_whose_other_extents_overflow) {
  // {2^62, 2^62, 0} has no element, as core's views of that shape do; the
  // product was checked for overflow before the zero was seen.
  insert_blob({});
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  const zc::buffer_view bytes = zc::sqlite::column_view(st.get(), 0);
  constexpr std::int64_t huge = std::int64_t{1} << 62;
  const zc::buffer_view v = zc::sqlite::as_typed(bytes, zc::dtype_of<double>(), {huge, huge, 0},
                                                 zc::sqlite::alignment_policy::require, "empty");
  EXPECT_EQ(v.shape_dims(), (dims{huge, huge, 0}));
  EXPECT_EQ(v.nbytes(), 0u);
  EXPECT_EQ(code_of([&] {
              (void)zc::sqlite::as_typed(bytes, zc::dtype_of<double>(), {huge, 4},
                                         zc::sqlite::alignment_policy::require, "big");
            }),
            zc::errc::overflow);
}

TEST_F(column_view_test, typed_view_of_sqlite_value_is_aligned) {
  // Observed, not promised: with the default allocator SQLite's value buffer
  // is 8-byte aligned, so typed views of whole blobs are accepted.
  const std::vector<double> values(100, 1.0);
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  zc::sqlite::bind(ins, 1, zc::view(values));
  ins.run();
  zc::sqlite::statement st = row("SELECT data FROM blobs");
  const zc::buffer_view v = zc::sqlite::column_view(st.get(), 0, zc::dtype_of<double>(), {100});
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % alignof(double), 0u);
}

}  // namespace
}  // namespace zc::test
