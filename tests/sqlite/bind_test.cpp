// bind: views as blob parameters without a copy by us.
#include <cstring>
#include <memory>

#include "allocation_counter.hpp"
#include "sqlite_fixture.hpp"
#include "zc/copy_stats.hpp"

namespace zc::test {
namespace {

class bind_test : public sqlite_test {
 protected:
  bind_test() { exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)"); }

  // The stored bytes of row `rowid`, read back through SQL.
  std::vector<std::uint8_t> stored(std::int64_t rowid) {
    zc::sqlite::statement st(db_, "SELECT data FROM blobs WHERE id = ?1");
    sqlite3_bind_int64(st, 1, rowid);
    EXPECT_TRUE(st.step());
    return zc::sqlite::column_view(st.get(), 0).to_vector<std::uint8_t>();
  }
};

TEST_F(bind_test, static_bind_stores_the_view_without_copy_or_allocation) {
  std::vector<float> values(1 << 16);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.5f;
  const zc::buffer_view v = zc::view(values.data(), {256, 256});
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  const std::uint64_t copied = zc::bytes_copied();
  sqlite3_int64 used_before = sqlite3_memory_used();
  {
    allocation_counter counter;
    zc::sqlite::bind(ins, 1, v, zc::sqlite::blob_lifetime::caller_keeps_alive);
    EXPECT_EQ(counter.count(), 0u);
  }
  // SQLite took the pointer as it is: no payload-sized allocation inside it.
  EXPECT_LT(sqlite3_memory_used() - used_before, 4096);
  EXPECT_EQ(zc::bytes_copied(), copied);
  ins.run();
  const auto bytes = stored(sqlite3_last_insert_rowid(db_));
  ASSERT_EQ(bytes.size(), v.nbytes());
  EXPECT_EQ(std::memcmp(bytes.data(), values.data(), bytes.size()), 0);
}

TEST_F(bind_test, copy_lifetime_is_sqlite_transient_and_counted) {
  auto values = pattern(100000, 7);
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  const std::uint64_t copied = zc::bytes_copied();
  const sqlite3_int64 used_before = sqlite3_memory_used();
  zc::sqlite::bind(ins, 1, zc::view(values), zc::sqlite::blob_lifetime::copy);
  EXPECT_GE(sqlite3_memory_used() - used_before, 100000);  // SQLite's own copy
  EXPECT_EQ(zc::bytes_copied() - copied, 100000u);
  // The copy is independent of our memory.
  std::fill(values.begin(), values.end(), std::uint8_t{0});
  ins.run();
  EXPECT_EQ(stored(sqlite3_last_insert_rowid(db_)), pattern(100000, 7));
}

TEST_F(bind_test, hold_owner_keeps_memory_alive_until_sqlite_is_done) {
  auto owner = std::make_shared<std::vector<double>>(1000, 2.5);
  const std::weak_ptr<std::vector<double>> watch = owner;
  const std::size_t held = zc::sqlite::detail::held_owner_count();
  {
    zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
    zc::sqlite::bind(ins, 1, zc::view(owner));  // automatic: the view has an owner
    EXPECT_EQ(zc::sqlite::detail::held_owner_count(), held + 1);
    owner.reset();
    EXPECT_FALSE(watch.expired());  // SQLite still holds it through the bind
    ins.run();
    ins.reset();
    ins.run();  // the binding survives reset: the memory must too
    EXPECT_FALSE(watch.expired());
  }  // finalize: SQLite calls the destructor
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(zc::sqlite::detail::held_owner_count(), held);
  const auto bytes = stored(2);
  ASSERT_EQ(bytes.size(), 8000u);
  double d = 0;
  std::memcpy(&d, bytes.data() + 8 * 999, 8);
  EXPECT_EQ(d, 2.5);
}

TEST_F(bind_test, hold_owner_refuses_borrowed_view_and_releases_on_failed_bind) {
  std::vector<int> values(10, 1);
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  try {
    zc::sqlite::bind(ins, 1, zc::view(values), zc::sqlite::blob_lifetime::hold_owner);
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::invalid_argument);
  }
  auto owner = std::make_shared<std::vector<int>>(10, 1);
  const std::weak_ptr<std::vector<int>> watch = owner;
  const std::size_t held = zc::sqlite::detail::held_owner_count();
  try {
    zc::sqlite::bind(ins, 7, zc::view(owner));  // no parameter 7
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_RANGE);
  }
  EXPECT_EQ(zc::sqlite::detail::held_owner_count(), held);
  owner.reset();
  EXPECT_TRUE(watch.expired());
}

TEST_F(bind_test, empty_view_binds_empty_blob_not_null) {
  std::vector<double> none;
  zc::sqlite::statement q(db_, "SELECT typeof(?1), length(?1)");
  zc::sqlite::bind(q, 1, zc::view(none));
  ASSERT_TRUE(q.step());
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "blob");
  EXPECT_EQ(sqlite3_column_int(q, 1), 0);
}

TEST_F(bind_test, non_contiguous_view_is_refused_or_streamed) {
  std::vector<std::int32_t> values(12);
  for (int i = 0; i < 12; ++i) values[static_cast<std::size_t>(i)] = i;
  const zc::buffer_view m = zc::view(values.data(), {3, 4});
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  for (const zc::buffer_view& v : {m.transpose(), m.slice(1, 0, {}, 2)}) {
    try {
      zc::sqlite::bind(ins, 1, v);
      FAIL() << v.describe();
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), zc::errc::layout);
      EXPECT_NE(std::string(e.what()).find("bind_streamed"), std::string::npos) << e.what();
    }
  }
  // Streamed: zeroblob(n) now, the elements (C order of the view) after the row exists.
  const zc::buffer_view t = m.transpose();  // 4x3
  zc::sqlite::transaction tx(db_);
  const zc::sqlite::streamed_blob pending = zc::sqlite::bind_streamed(ins, 1, t);
  ins.run();
  const std::int64_t rowid = sqlite3_last_insert_rowid(db_);
  pending.write(db_, "blobs", "data", rowid);
  tx.commit();
  const auto bytes = stored(rowid);
  ASSERT_EQ(bytes.size(), 48u);
  std::int32_t got[12];
  std::memcpy(got, bytes.data(), 48);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(got[i * 3 + j], j * 4 + i);
}

TEST_F(bind_test, over_long_is_refused_without_truncation) {
  std::vector<std::uint8_t> small(2000);
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 1000);
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  try {
    zc::sqlite::bind(ins, 1, zc::view(small));
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.code(), zc::errc::limit_exceeded);
    EXPECT_EQ(e.sqlite_code(), SQLITE_TOOBIG);
    EXPECT_NE(std::string(e.what()).find("2000"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1000"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)zc::sqlite::bind_streamed(ins, 1, zc::view(small)), zc::error);
  // 4 GiB + 16 bytes: truncated to int it would be 16 bytes and "fit".  Only
  // the descriptor is built; no byte of it is ever read.
  std::byte tiny[16];
  const zc::buffer_view huge(tiny, zc::dtype{}, dims{(std::int64_t{1} << 32) + 16}, dims{1},
                             zc::access::read_only);
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 0x7fffffff);  // capped by SQLite at its maximum
  try {
    zc::sqlite::bind(ins, 1, huge);
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::limit_exceeded);
    EXPECT_NE(std::string(e.what()).find("4294967312"), std::string::npos) << e.what();
  }
  // Nothing bound: the parameter is still NULL.
  EXPECT_EQ(sqlite3_bind_parameter_count(ins), 1);
}

}  // namespace
}  // namespace zc::test
