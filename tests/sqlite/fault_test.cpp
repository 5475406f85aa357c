// Injected failures: read-only database, full disk, locked database,
// constraint failures, SQLITE_TOOBIG and I/O errors.  Each surfaces as a
// zc::error carrying SQLite's message and code, and leaves the database as
// it was.
#include "fault_vfs.hpp"
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

using zc::sqlite::array_store;
using zc::sqlite::sqlite_error;

template <class F>
sqlite_error expect_sqlite(F&& f, int primary) {
  try {
    f();
  } catch (const sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), primary) << e.what();
    EXPECT_NE(std::string(e.what()).find(zc::sqlite::code_name(e.sqlite_code())), std::string::npos)
        << e.what();
    return e;
  }
  ADD_FAILURE() << "no sqlite_error thrown";
  return sqlite_error(zc::errc::backend, 0, "");
}

class fault_test : public sqlite_test {
 protected:
  fault_test() {
    array_store store(db_);
    std::vector<std::uint8_t> a(1000, 1);
    store.put("a", zc::view(a));
  }
  std::vector<std::string> names() { return array_store(db_).names(); }
};

TEST_F(fault_test, read_only_database) {
  zc::sqlite::connection ro = open_again(zc::sqlite::connection::mode::read_only);
  array_store store(ro);
  std::vector<std::uint8_t> back(1000);
  store.get_into("a", zc::view(back));  // reading works
  EXPECT_EQ(back[999], 1);
  std::vector<std::uint8_t> b(10, 2);
  const auto e = expect_sqlite([&] { store.put("b", zc::view(b)); }, SQLITE_READONLY);
  EXPECT_NE(std::string(e.what()).find("readonly"), std::string::npos) << e.what();
  expect_sqlite(
      [&] {
        zc::sqlite::write_from(ro, "zc_arrays", "data", store.info("a").rowid, zc::view(back));
      },
      SQLITE_READONLY);
  EXPECT_EQ(names(), std::vector<std::string>{"a"});
  // A store cannot be created on a read-only connection.
  expect_sqlite([&] { array_store other(ro, "other"); }, SQLITE_READONLY);
}

TEST_F(fault_test, full_disk_via_page_limit) {
  zc::sqlite::statement pages(db_, "PRAGMA page_count");
  ASSERT_TRUE(pages.step());
  const int used = sqlite3_column_int(pages, 0);
  pages.finalize();
  exec("PRAGMA max_page_count = " + std::to_string(used + 8));
  std::vector<double> big(1 << 17, 1.0);  // 1 MiB: ~256 pages
  array_store store(db_);
  const auto e = expect_sqlite([&] { store.put("big", zc::view(big)); }, SQLITE_FULL);
  EXPECT_EQ(e.code(), zc::errc::backend);
  // Streamed (non-contiguous) puts fail the same way, all or nothing.
  expect_sqlite(
      [&] {
        store.put("big", zc::view(big.data(), {512, 256}).transpose());
      },
      SQLITE_FULL);
  EXPECT_EQ(names(), std::vector<std::string>{"a"});
  EXPECT_NE(sqlite3_get_autocommit(db_), 0);
  exec("PRAGMA max_page_count = 1000000");
  store.put("big", zc::view(big));
  EXPECT_EQ(store.info("big").nbytes, big.size() * 8);
}

TEST_F(fault_test, locked_by_another_connection) {
  array_store store(db_);
  zc::sqlite::connection other = open_again();
  zc::sqlite::exec(other, "BEGIN EXCLUSIVE");
  std::vector<std::uint8_t> b(10, 2), back(1000);
  expect_sqlite([&] { store.put("b", zc::view(b)); }, SQLITE_BUSY);
  expect_sqlite([&] { (void)store.get("a"); }, SQLITE_BUSY);
  expect_sqlite([&] { zc::sqlite::read_into(db_, "zc_arrays", "data", 1, zc::view(back)); },
                SQLITE_BUSY);
  // Even opening a store needs to read the schema.
  expect_sqlite([&] { array_store again(db_); }, SQLITE_BUSY);
  zc::sqlite::exec(other, "COMMIT");
  store.put("b", zc::view(b));
  EXPECT_EQ(names(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(fault_test, write_from_reports_a_commit_that_failed) {
  // Outside a transaction a blob handle's writes commit when the handle
  // closes.  A reader on another connection (SHARED lock) makes that commit
  // fail with SQLITE_BUSY and SQLite rolls the writes back: write_from must
  // say so, not return success for bytes that never reached the file.
  exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  exec("INSERT INTO blobs VALUES (1, zeroblob(100)), (2, zeroblob(100))");
  zc::sqlite::connection other = open_again();
  zc::sqlite::statement reading(other, "SELECT id FROM blobs");
  ASSERT_TRUE(reading.step());  // holds its SHARED lock while on the row
  std::vector<std::uint8_t> src(100, 7);
  const auto e = expect_sqlite(
      [&] { zc::sqlite::write_from(db_, "blobs", "data", 1, zc::view(src)); }, SQLITE_BUSY);
  EXPECT_NE(std::string(e.what()).find("database is locked"), std::string::npos) << e.what();
  // The same through a blob_writer: close() reports it.
  zc::sqlite::blob_writer writer(db_, "blobs", "data", 2);
  writer.write(zc::view(src));
  expect_sqlite([&] { writer.close(); }, SQLITE_BUSY);
  reading.finalize();
  EXPECT_NE(sqlite3_get_autocommit(db_), 0);
  // Nothing was half-written; a retry succeeds.
  std::vector<std::uint8_t> back(100, 1);
  for (std::int64_t row : {1, 2}) {
    zc::sqlite::read_into(db_, "blobs", "data", row, zc::view(back));
    EXPECT_EQ(back, std::vector<std::uint8_t>(100)) << row;
  }
  EXPECT_EQ(zc::sqlite::write_from(db_, "blobs", "data", 1, zc::view(src)), 100u);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, src);
}

TEST_F(fault_test, write_from_outside_a_transaction_is_all_or_nothing) {
  // write_from in autocommit mode with writes failing after 0, 1, 2, ...
  // successful file writes (journal, database): either the whole source
  // reached the row, or SQLITE_IOERR surfaced and the row kept its zeros.
  std::vector<std::int32_t> values(128 * 1024);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int32_t>(i) + 1;
  const zc::buffer_view contiguous = zc::view(values.data(), {512, 256});
  const zc::buffer_view strided = contiguous.transpose();  // bounce buffer, many chunks
  const std::vector<std::int32_t> zeros(values.size());
  int failures = 0;
  int successes = 0;
  for (int after = 0; after < 1000; after += 23) {
    const std::string path = dir_.file("wf" + std::to_string(after) + ".db");
    const zc::buffer_view& src = after % 2 == 0 ? contiguous : strided;
    bool reported_success = false;
    {
      zc::sqlite::connection db(open_faulty(path));
      zc::sqlite::exec(db, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
      zc::sqlite::exec(
          db, "INSERT INTO blobs VALUES (1, zeroblob(" + std::to_string(src.nbytes()) + "))");
      fail_writes_after(after);
      try {
        zc::sqlite::write_from(db, "blobs", "data", 1, src);
        reported_success = true;
        ++successes;
      } catch (const sqlite_error& e) {
        ++failures;
        EXPECT_EQ(e.primary_code(), SQLITE_IOERR) << e.what();
      }
      fail_writes_after(-1);
    }
    zc::sqlite::connection db(path);  // rolls back a hot journal if one was left
    std::vector<std::int32_t> back(values.size());
    zc::sqlite::read_into(db, "blobs", "data", 1, zc::view(back));
    if (reported_success || back != zeros) {
      std::vector<std::int32_t> expected(values.size());  // src's elements in C order
      zc::copy(src, zc::view(expected.data(), {src.shape()[0], src.shape()[1]}));
      EXPECT_TRUE(back == expected)
          << (reported_success ? "reported success but the row does not hold the source"
                               : "half-written")
          << " after " << after << " writes";
    }
  }
  EXPECT_GT(failures, 3);
  EXPECT_GT(successes, 0);
}

TEST_F(fault_test, constraint_failures_carry_extended_codes) {
  exec("CREATE TABLE images (key TEXT UNIQUE, data BLOB CHECK (length(data) <= 4))");
  std::vector<std::uint8_t> four(4, 1), five(5, 1);
  zc::sqlite::statement ins(db_, "INSERT INTO images VALUES (?1, ?2)");
  sqlite3_bind_text(ins, 1, "k", -1, SQLITE_STATIC);
  zc::sqlite::bind(ins, 2, zc::view(four));
  ins.run();
  ins.reset();
  auto e = expect_sqlite([&] { ins.run(); }, SQLITE_CONSTRAINT);
  EXPECT_EQ(e.sqlite_code(), SQLITE_CONSTRAINT_UNIQUE);
  EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: images.key"), std::string::npos)
      << e.what();
  ins.reset();
  sqlite3_bind_text(ins, 1, "k2", -1, SQLITE_STATIC);
  zc::sqlite::bind(ins, 2, zc::view(five));
  e = expect_sqlite([&] { ins.run(); }, SQLITE_CONSTRAINT);
  EXPECT_EQ(e.sqlite_code(), SQLITE_CONSTRAINT_CHECK);
}

TEST_F(fault_test, sqlite_own_too_big_maps_to_limit_exceeded) {
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 4096);
  exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  const auto e = expect_sqlite([&] { exec("INSERT INTO blobs(data) VALUES (zeroblob(5000))"); },
                               SQLITE_TOOBIG);
  EXPECT_EQ(e.code(), zc::errc::limit_exceeded);
}

TEST_F(fault_test, io_errors_leave_the_store_as_it_was) {
  // Writes fail after 0, 1, 2, ... successful writes: wherever the failure
  // lands in the transaction, put() reports SQLITE_IOERR and the store keeps
  // exactly its old contents.
  std::vector<std::int32_t> values(64 * 1024);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int32_t>(i);
  const zc::buffer_view contiguous = zc::view(values.data(), {256, 256});
  const zc::buffer_view strided = contiguous.transpose();
  int failures = 0;
  for (int after = 0; after < 200; after += 3) {
    const std::string path = dir_.file("io" + std::to_string(after) + ".db");
    {
      zc::sqlite::connection db(open_faulty(path));
      array_store store(db);
      std::vector<std::uint8_t> old(500, 9);
      store.put("a", zc::view(old));
      fail_writes_after(after);
      try {
        zc::sqlite::transaction tx(db);
        store.put("a", after % 2 == 0 ? contiguous : strided);
        store.put("b", contiguous);
        tx.commit();
        fail_writes_after(-1);
        continue;  // enough writes allowed: the write completed
      } catch (const sqlite_error& e) {
        fail_writes_after(-1);
        ++failures;
        EXPECT_EQ(e.primary_code(), SQLITE_IOERR) << e.what();
        EXPECT_NE(std::string(e.what()).find("SQLITE_IOERR"), std::string::npos) << e.what();
      }
    }
    // Reopen (SQLite rolls back a hot journal if one was left): old contents.
    zc::sqlite::connection db(path);
    array_store store(db);
    const auto got = store.get("a");
    ASSERT_EQ(got.info().nbytes, 500u) << after;
    EXPECT_EQ((got.view().at<const std::uint8_t>(499)), 9) << after;
    EXPECT_FALSE(store.contains("b")) << after;
  }
  EXPECT_GT(failures, 3);
}

}  // namespace
}  // namespace zc::test
