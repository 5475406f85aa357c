// transaction: all-or-nothing multi-row writes.
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

class transaction_test : public sqlite_test {
 protected:
  transaction_test() { exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"); }
  int count() {
    zc::sqlite::statement st(db_, "SELECT count(*) FROM t");
    EXPECT_TRUE(st.step());
    return sqlite3_column_int(st, 0);
  }
};

TEST_F(transaction_test, commit_keeps_and_destructor_rolls_back) {
  {
    zc::sqlite::transaction tx(db_);
    EXPECT_FALSE(tx.nested());
    exec("INSERT INTO t(v) VALUES (1)");
    tx.commit();
    EXPECT_FALSE(tx.active());
    EXPECT_THROW(tx.commit(), zc::error);
  }
  EXPECT_EQ(count(), 1);
  try {
    zc::sqlite::transaction tx(db_);
    exec("INSERT INTO t(v) VALUES (2)");
    throw std::runtime_error("failure half-way");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(count(), 1);
  EXPECT_NE(sqlite3_get_autocommit(db_), 0);  // no transaction left open
}

TEST_F(transaction_test, nests_as_savepoint) {
  zc::sqlite::transaction outer(db_);
  exec("INSERT INTO t(v) VALUES (1)");
  {
    zc::sqlite::transaction inner(db_);
    EXPECT_TRUE(inner.nested());
    exec("INSERT INTO t(v) VALUES (2)");
  }  // inner rolled back only
  EXPECT_EQ(count(), 1);
  {
    zc::sqlite::transaction inner(db_);
    exec("INSERT INTO t(v) VALUES (3)");
    inner.commit();
  }
  EXPECT_EQ(count(), 2);
  outer.rollback();
  EXPECT_EQ(count(), 0);
}

TEST_F(transaction_test, begin_fails_when_another_connection_writes) {
  zc::sqlite::connection other = open_again();
  zc::sqlite::exec(other, "BEGIN IMMEDIATE");
  try {
    zc::sqlite::transaction tx(db_);
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_BUSY);
    EXPECT_NE(std::string(e.what()).find("SQLITE_BUSY"), std::string::npos) << e.what();
  }
  zc::sqlite::exec(other, "ROLLBACK");
  EXPECT_NO_THROW(zc::sqlite::transaction{db_});
}

TEST_F(transaction_test, exec_reports_sqlite_message) {
  try {
    exec("INSERT INTO missing VALUES (1)");
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.code(), zc::errc::backend);
    EXPECT_NE(std::string(e.what()).find("no such table: missing"), std::string::npos) << e.what();
  }
  EXPECT_THROW(zc::sqlite::exec(nullptr, "SELECT 1"), zc::error);
  EXPECT_THROW(zc::sqlite::transaction{nullptr}, zc::error);
}

}  // namespace
}  // namespace zc::test
