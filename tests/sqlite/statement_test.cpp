// statement + checked_blob_view: views that notice their row is gone.
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

class statement_test : public sqlite_test {
 protected:
  statement_test() {
    exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
    insert_blob(pattern(100, 1));
    insert_blob(pattern(200, 2));
  }
};

void expect_expired(const zc::sqlite::checked_blob_view& v, const char* what) {
  EXPECT_FALSE(v.valid());
  try {
    (void)v.get();
    FAIL() << "expired view readable after " << what;
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::expired);
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)v.data(), zc::error);
  EXPECT_THROW((void)v.nbytes(), zc::error);
}

TEST_F(statement_test, checked_view_is_valid_on_its_row) {
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st.step());
  const zc::sqlite::checked_blob_view v = zc::sqlite::column_view(st, 0);
  EXPECT_TRUE(v.valid());
  EXPECT_EQ(v.data(), sqlite3_column_blob(st.get(), 0));
  EXPECT_EQ(v.nbytes(), 100u);
  // The contract spelling: converts to a plain buffer_view after the check.
  zc::buffer_view b = zc::sqlite::column_view(st, 0);
  EXPECT_EQ(b.data(), v.data());
}

TEST_F(statement_test, view_expires_on_step) {
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st.step());
  const auto first = zc::sqlite::column_view(st, 0);
  const std::uint64_t generation = st.generation();
  ASSERT_TRUE(st.step());
  EXPECT_GT(st.generation(), generation);
  expect_expired(first, "stepped or reset");
  const auto second = zc::sqlite::column_view(st, 0);
  EXPECT_EQ(second.nbytes(), 200u);
}

TEST_F(statement_test, view_expires_on_reset) {
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st.step());
  const auto v = zc::sqlite::column_view(st, 0, zc::dtype_of<std::uint8_t>(), {10, 10});
  EXPECT_EQ(v.shape()[0], 10);
  st.reset();
  expect_expired(v, "stepped or reset");
}

TEST_F(statement_test, view_expires_when_statement_is_finalized_or_destroyed) {
  std::optional<zc::sqlite::checked_blob_view> v;
  {
    zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
    ASSERT_TRUE(st.step());
    v = zc::sqlite::column_view(st, 0);
    EXPECT_TRUE(v->valid());
  }
  expect_expired(*v, "finalized");
  zc::sqlite::statement st2(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st2.step());
  const auto w = zc::sqlite::column_view(st2, 0);
  st2.finalize();
  expect_expired(w, "finalized");
}

TEST_F(statement_test, moved_statement_keeps_views_valid) {
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st.step());
  const auto v = zc::sqlite::column_view(st, 0);
  zc::sqlite::statement moved = std::move(st);
  EXPECT_TRUE(v.valid());  // same statement, same row
  ASSERT_TRUE(moved.step());
  EXPECT_FALSE(v.valid());
}

TEST_F(statement_test, move_assigning_over_a_live_statement_expires_its_views) {
  zc::sqlite::statement st(db_, "SELECT data FROM blobs ORDER BY id");
  ASSERT_TRUE(st.step());
  const auto v = zc::sqlite::column_view(st, 0);
  zc::sqlite::statement other(db_, "SELECT data FROM blobs ORDER BY id DESC");
  ASSERT_TRUE(other.step());
  const auto w = zc::sqlite::column_view(other, 0);
  st = std::move(other);  // st's old statement is finalized
  expect_expired(v, "finalized");
  EXPECT_TRUE(w.valid());  // other's row moved along with it
  EXPECT_EQ(st.get() != nullptr, true);
  EXPECT_EQ(other.get(), nullptr);  // NOLINT(bugprone-use-after-move)
}

TEST_F(statement_test, prepare_refuses_bad_or_multiple_statements) {
  try {
    zc::sqlite::statement bad(db_, "SELEC data FROM blobs");
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_ERROR);
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
  try {
    zc::sqlite::statement two(db_, "SELECT 1; SELECT 2");
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("SELECT 2"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(zc::sqlite::statement(db_, "SELECT 1 ;\n"));
  EXPECT_THROW(zc::sqlite::statement(db_, "  "), zc::error);
  EXPECT_THROW(zc::sqlite::statement(nullptr, "SELECT 1"), zc::error);
}

TEST_F(statement_test, run_refuses_rows_and_empty_statement_refuses_step) {
  zc::sqlite::statement st(db_, "SELECT 1");
  EXPECT_THROW(st.run(), zc::error);
  zc::sqlite::statement empty;
  EXPECT_THROW((void)empty.step(), zc::error);
  EXPECT_EQ(empty.get(), nullptr);
}

}  // namespace
}  // namespace zc::test
