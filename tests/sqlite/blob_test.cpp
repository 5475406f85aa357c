// read_into / write_from / blob_handle: incremental blob I/O straight into
// and out of views.
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "sqlite_fixture.hpp"
#include "zc/copy_stats.hpp"

namespace zc::test {
namespace {

class blob_test : public sqlite_test {
 protected:
  blob_test() { exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB, n INTEGER)"); }
};

TEST_F(blob_test, read_into_lands_in_callers_memory_without_allocating) {
  const auto bytes = pattern(1 << 20, 5);
  const std::int64_t rowid = insert_blob(bytes);
  std::vector<std::uint8_t> dst(bytes.size());
  const zc::buffer_view dst_view = zc::view(dst);
  ASSERT_EQ(dst_view.data(), dst.data());
  const std::uint64_t copied = zc::bytes_copied();
  {
    allocation_counter counter;
    EXPECT_EQ(zc::sqlite::read_into(db_, "blobs", "data", rowid, dst_view), bytes.size());
    EXPECT_EQ(counter.count(), 0u);
  }
  EXPECT_EQ(zc::bytes_copied(), copied);
  EXPECT_EQ(dst, bytes);
}

TEST_F(blob_test, read_into_any_layout) {
  // 64 x 1024 bytes stored; destinations: padded rows (long runs, direct)
  // and a transposed view (1-byte runs, through the bounce buffer).
  const auto bytes = pattern(64 * 1024, 1);
  const std::int64_t rowid = insert_blob(bytes);

  std::vector<std::uint8_t> padded(64 * 1100, 0xEE);
  const zc::buffer_view rows =
      zc::view(padded.data(), {64, 1024}, {1100, 1});  // 76 bytes of padding per row
  std::uint64_t copied = zc::bytes_copied();
  zc::sqlite::read_into(db_, "blobs", "data", rowid, rows);
  EXPECT_EQ(zc::bytes_copied(), copied);  // runs of 1024 bytes: straight in
  for (std::size_t r = 0; r < 64; ++r) {
    EXPECT_EQ(std::memcmp(padded.data() + r * 1100, bytes.data() + r * 1024, 1024), 0) << r;
    EXPECT_EQ(padded[r * 1100 + 1024], 0xEE);  // padding untouched
  }

  std::vector<std::uint8_t> column_major(64 * 1024);
  const zc::buffer_view t = zc::view(column_major.data(), {1024, 64}).transpose();  // 64x1024
  copied = zc::bytes_copied();
  zc::sqlite::read_into(db_, "blobs", "data", rowid, t);
  EXPECT_EQ(zc::bytes_copied() - copied, 64u * 1024u);  // staged, and says so
  for (std::size_t r = 0; r < 64; r += 7)
    for (std::size_t c = 0; c < 1024; c += 13)
      EXPECT_EQ(column_major[c * 64 + r], bytes[r * 1024 + c]);
}

TEST_F(blob_test, read_into_refusals) {
  const std::int64_t rowid = insert_blob(pattern(100));
  exec("INSERT INTO blobs(id, data) VALUES (10, NULL), (11, 42), (12, 'text')");
  std::vector<std::uint8_t> dst(100);
  std::string e = error_of(
      [&] {
        std::vector<std::uint8_t> small(99);
        zc::sqlite::read_into(db_, "blobs", "data", rowid, zc::view(small));
      },
      zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(e, "100 bytes");
  ZC_EXPECT_CONTAINS(e, "99");
  e = error_of([&] { zc::sqlite::read_into(db_, "blobs", "data", 999, zc::view(dst)); },
               zc::errc::out_of_range);
  ZC_EXPECT_CONTAINS(e, "no such rowid");
  error_of([&] { zc::sqlite::read_into(db_, "blobs", "data", 10, zc::view(dst)); },
           zc::errc::null_value);
  error_of([&] { zc::sqlite::read_into(db_, "blobs", "data", 11, zc::view(dst)); },
           zc::errc::dtype_mismatch);
  e = error_of([&] { zc::sqlite::read_into(db_, "nope", "data", rowid, zc::view(dst)); },
               zc::errc::backend);
  ZC_EXPECT_CONTAINS(e, "no such table");
  error_of([&] { zc::sqlite::read_into(db_, "blobs", "nope", rowid, zc::view(dst)); },
           zc::errc::backend);
  const std::vector<std::uint8_t> readonly(100);
  error_of([&] { zc::sqlite::read_into(db_, "blobs", "data", rowid, zc::view(readonly)); },
           zc::errc::readonly);
  // TEXT is readable as its bytes (SQLite's rule for blob handles).
  std::vector<std::uint8_t> four(4);
  zc::sqlite::read_into(db_, "blobs", "data", 12, zc::view(four));
  EXPECT_EQ(std::memcmp(four.data(), "text", 4), 0);
}

TEST_F(blob_test, handle_reopens_for_many_rows) {
  std::vector<std::int64_t> ids;
  for (unsigned i = 0; i < 5; ++i) ids.push_back(insert_blob(pattern(5000, i)));
  zc::sqlite::blob_handle h(db_, {"blobs", "data", ids[0]});
  std::vector<std::uint8_t> dst(5000);
  for (unsigned i = 0; i < 5; ++i) {
    h.reopen(ids[i]);
    EXPECT_EQ(h.rowid(), ids[i]);
    zc::sqlite::read_into(h, zc::view(dst));
    EXPECT_EQ(dst, pattern(5000, i)) << i;
  }
  error_of([&] { h.reopen(12345); }, zc::errc::out_of_range);
  // After a failed reopen SQLite aborts the handle: reads say so.
  error_of([&] { zc::sqlite::read_into(h, zc::view(dst)); }, zc::errc::expired);
}

TEST_F(blob_test, handle_expires_when_row_changes) {
  const std::int64_t rowid = insert_blob(pattern(3000));
  zc::sqlite::blob_handle h(db_, {.table = "blobs", .column = "data", .rowid = rowid});
  std::vector<std::uint8_t> dst(3000);
  zc::sqlite::read_into(h, zc::view(dst));
  exec("UPDATE blobs SET n = 1 WHERE id = " + std::to_string(rowid));
  try {
    zc::sqlite::read_into(h, zc::view(dst));
    FAIL();
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.code(), zc::errc::expired);
    EXPECT_EQ(e.primary_code(), SQLITE_ABORT);
    EXPECT_NE(std::string(e.what()).find("row changed"), std::string::npos) << e.what();
  }
  // SQLite has now dropped the handle's statement: sqlite3_blob_bytes() says
  // 0.  Every later call must still say "expired", not "the blob has 0 bytes"
  // (shape_mismatch) or "past the blob's end" (out_of_range).
  error_of([&] { zc::sqlite::read_into(h, zc::view(dst)); }, zc::errc::expired);
  error_of([&] { (void)h.size(); }, zc::errc::expired);
  error_of([&] { h.read(zc::view(dst).slice(0, 0, 10), 0); }, zc::errc::expired);
  std::vector<std::uint8_t> none;
  error_of([&] { h.read(zc::view(none), 0); }, zc::errc::expired);
  error_of([&] { h.reopen(rowid); }, zc::errc::expired);
}

TEST_F(blob_test, writable_handle_stays_expired_after_abort) {
  exec("INSERT INTO blobs(id, data) VALUES (1, zeroblob(64))");
  zc::sqlite::blob_handle h(db_, {"blobs", "data", 1}, zc::access::read_write);
  std::vector<std::uint8_t> src(64, 7);
  exec("UPDATE blobs SET n = 2 WHERE id = 1");
  error_of([&] { zc::sqlite::write_from(h, zc::view(src)); }, zc::errc::expired);
  const std::string e =
      error_of([&] { zc::sqlite::write_from(h, zc::view(src)); }, zc::errc::expired);
  ZC_EXPECT_CONTAINS(e, "SQLITE_ABORT");
  // Nothing reached the row.
  std::vector<std::uint8_t> back(64, 1);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, std::vector<std::uint8_t>(64));
}

TEST_F(blob_test, handle_checks_ranges) {
  const std::int64_t rowid = insert_blob(pattern(100));
  zc::sqlite::blob_handle h(db_, {.table = "blobs", .column = "data", .rowid = rowid});
  EXPECT_EQ(h.size(), 100u);
  std::vector<std::uint8_t> dst(10);
  h.read(zc::view(dst), 90);
  EXPECT_EQ(dst[0], pattern(100)[90]);
  error_of([&] { h.read(zc::view(dst), 91); }, zc::errc::out_of_range);
  error_of([&] { h.read_bytes(reinterpret_cast<std::byte*>(dst.data()), 1, 101); },
           zc::errc::out_of_range);
  error_of([&] { h.write(zc::view(dst), 0); }, zc::errc::readonly);
  zc::sqlite::blob_handle moved = std::move(h);
  EXPECT_EQ(moved.size(), 100u);
  error_of([&] { (void)h.size(); },
           zc::errc::invalid_argument);  // NOLINT(bugprone-use-after-move)
}

TEST_F(blob_test, write_from_any_layout_into_zeroblob) {
  std::vector<double> m(6 * 5);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<double>(i) + 0.5;
  const zc::buffer_view src = zc::view(m.data(), {6, 5}).transpose();  // 5x6, F-ordered memory
  exec("INSERT INTO blobs(id, data) VALUES (1, zeroblob(240))");
  EXPECT_EQ(zc::sqlite::write_from(db_, "blobs", "data", 1, src), 240u);
  std::vector<double> back(30);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back.data(), {5, 6}));
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 6; ++j) EXPECT_EQ(back[i * 6 + j], m[j * 5 + i]);
  // A contiguous source goes straight in: no staging, no allocation.
  const std::uint64_t copied = zc::bytes_copied();
  {
    allocation_counter counter;
    zc::sqlite::write_from(db_, "blobs", "data", 1, zc::view(m.data(), {30}));
    EXPECT_EQ(counter.count(), 0u);
  }
  EXPECT_EQ(zc::bytes_copied(), copied);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, m);
}

TEST_F(blob_test, write_from_refuses_other_length_and_missing_row) {
  exec("INSERT INTO blobs(id, data) VALUES (1, zeroblob(16))");
  std::vector<std::uint8_t> src(17);
  const std::string e =
      error_of([&] { zc::sqlite::write_from(db_, "blobs", "data", 1, zc::view(src)); },
               zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(e, "zeroblob(17)");
  error_of([&] { zc::sqlite::write_from(db_, "blobs", "data", 2, zc::view(src)); },
           zc::errc::out_of_range);
  // Nothing was written to row 1.
  std::vector<std::uint8_t> back(16, 1);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, std::vector<std::uint8_t>(16));
}

TEST_F(blob_test, blobs_written_by_others_are_readable) {
  exec("INSERT INTO blobs(id, data) VALUES (1, X'DEADBEEF'), (2, zeroblob(3)), (3, X'')");
  std::uint8_t four[4];
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(four));
  EXPECT_EQ(four[0], 0xDE);
  EXPECT_EQ(four[3], 0xEF);
  std::uint8_t three[3] = {9, 9, 9};
  zc::sqlite::read_into(db_, "blobs", "data", 2, zc::view(three));
  EXPECT_EQ(three[2], 0);
  std::vector<std::uint8_t> none;
  EXPECT_EQ(zc::sqlite::read_into(db_, "blobs", "data", 3, zc::view(none)), 0u);
}

TEST_F(blob_test, blob_address_names_the_blob_in_any_schema) {
  const auto bytes = pattern(300, 3);
  const std::int64_t rowid = insert_blob(bytes);
  std::vector<std::uint8_t> dst(300);
  EXPECT_EQ(zc::sqlite::read_into(db_, {.table = "blobs", .column = "data", .rowid = rowid},
                                  zc::view(dst)),
            300u);
  EXPECT_EQ(dst, bytes);
  // Another schema: an attached database (path as std::filesystem::path).
  const std::filesystem::path other = dir_.file("other.db");
  exec("ATTACH DATABASE '" + other.string() + "' AS aux");
  exec("CREATE TABLE aux.blobs (id INTEGER PRIMARY KEY, data BLOB)");
  exec("INSERT INTO aux.blobs(id, data) VALUES (5, zeroblob(300))");
  const zc::sqlite::blob_address aux{
      .table = "blobs", .column = "data", .rowid = 5, .schema = "aux"};
  EXPECT_EQ(zc::sqlite::write_from(db_, aux, zc::view(bytes)), 300u);
  std::vector<std::uint8_t> back(300);
  zc::sqlite::blob_reader reader(db_, aux);
  reader.read(zc::view(back));
  EXPECT_EQ(back, bytes);
  // The main schema's row 5 does not exist: the address really chose aux.
  error_of(
      [&] {
        zc::sqlite::read_into(db_, {"blobs", "data", 5}, zc::view(back));
      },
      zc::errc::out_of_range);
}

TEST_F(blob_test, names_may_be_strings_or_string_views) {
  const auto bytes = pattern(64, 9);
  const std::int64_t rowid = insert_blob(bytes);
  const std::string table = "blobs";
  // A view into a longer string: not NUL-terminated where the name ends.
  const std::string columns = "data,n";
  const std::string_view column = std::string_view(columns).substr(0, 4);
  std::vector<std::uint8_t> dst(64);
  zc::sqlite::read_into(db_, table, column, rowid, zc::view(dst));
  EXPECT_EQ(dst, bytes);
  const auto other = pattern(64, 1);
  zc::sqlite::write_from(db_, table, column, rowid, zc::view(other));
  zc::sqlite::blob_reader reader(db_, table, column, rowid);
  reader.read(zc::view(dst));
  EXPECT_EQ(dst, other);
  zc::sqlite::blob_writer writer(db_, std::string_view(table), column, rowid);
  writer.write(zc::view(bytes));
  writer.close();
  zc::sqlite::read_into(db_, table, column, rowid, zc::view(dst));
  EXPECT_EQ(dst, bytes);
  // Connections take a std::filesystem::path (or any string), stores and
  // exec() a std::string_view.
  zc::sqlite::connection again(std::filesystem::path(path_),
                               zc::sqlite::connection::mode::read_only);
  zc::sqlite::read_into(again, table, column, rowid, zc::view(dst));
  EXPECT_EQ(dst, bytes);
  const std::string store_name = "arrays_and_more";
  zc::sqlite::array_store store(db_, std::string_view(store_name).substr(0, 6));
  EXPECT_EQ(store.table(), "arrays");
  const std::string sql = "DELETE FROM blobs; trailing text not part of the view";
  zc::sqlite::exec(db_, std::string_view(sql).substr(0, 17));
  error_of([&] { zc::sqlite::read_into(db_, table, column, rowid, zc::view(dst)); },
           zc::errc::out_of_range);
}

TEST_F(blob_test, open_failures_are_classified_without_reading_sqlites_message) {
  // A table whose name is SQLite's "missing row" wording: searching the
  // message for "no such rowid" would call this out_of_range; it is a
  // missing table (backend), and SQLite's own message is still quoted.
  std::vector<std::uint8_t> dst(4);
  std::string e =
      error_of([&] { zc::sqlite::read_into(db_, "no such rowid", "data", 1, zc::view(dst)); },
               zc::errc::backend);
  ZC_EXPECT_CONTAINS(e, "no such table");
  // Quotes in names are quoted, not injected, by the diagnosis query.
  exec("CREATE TABLE \"we\"\"ird\" (\"da\"\"ta\" BLOB)");
  exec("INSERT INTO \"we\"\"ird\" VALUES (NULL), (7)");
  error_of([&] { zc::sqlite::read_into(db_, "we\"ird", "da\"ta", 1, zc::view(dst)); },
           zc::errc::null_value);
  error_of([&] { zc::sqlite::read_into(db_, "we\"ird", "da\"ta", 2, zc::view(dst)); },
           zc::errc::dtype_mismatch);
  error_of([&] { zc::sqlite::read_into(db_, "we\"ird", "da\"ta", 3, zc::view(dst)); },
           zc::errc::out_of_range);
  // A REAL value is a type mismatch too; an indexed column opened for
  // writing is refused by SQLite for another reason: backend.
  exec("INSERT INTO blobs(id, data) VALUES (20, 1.5), (21, X'00000000')");
  error_of([&] { zc::sqlite::read_into(db_, "blobs", "data", 20, zc::view(dst)); },
           zc::errc::dtype_mismatch);
  exec("CREATE INDEX blobs_n ON blobs(n)");
  exec("UPDATE blobs SET n = X'00000000' WHERE id = 21");
  e = error_of([&] { zc::sqlite::write_from(db_, "blobs", "n", 21, zc::view(dst)); },
               zc::errc::backend);
  ZC_EXPECT_CONTAINS(e, "SQLITE_ERROR");
  // reopen() is diagnosed the same way.
  zc::sqlite::blob_handle h(db_, {"blobs", "data", 21});
  error_of([&] { h.reopen(20); }, zc::errc::dtype_mismatch);
}

TEST_F(blob_test, handles_follow_the_rule_of_zero) {
  static_assert(std::is_nothrow_move_constructible_v<zc::sqlite::blob_handle>);
  static_assert(std::is_nothrow_move_assignable_v<zc::sqlite::blob_handle>);
  static_assert(!std::is_copy_constructible_v<zc::sqlite::blob_handle>);
  static_assert(std::is_same_v<zc::sqlite::blob_handle::mode, zc::access>);
  static_assert(std::is_nothrow_move_assignable_v<zc::sqlite::statement>);
  static_assert(!std::is_copy_constructible_v<zc::sqlite::statement>);
  static_assert(std::is_nothrow_move_assignable_v<zc::sqlite::connection>);
  static_assert(!std::is_copy_constructible_v<zc::sqlite::connection>);
  exec("INSERT INTO blobs(id, data) VALUES (1, X'01'), (2, X'0202')");
  zc::sqlite::blob_handle a(db_, {"blobs", "data", 1});
  zc::sqlite::blob_handle b(db_, {"blobs", "data", 2});
  sqlite3_blob* const raw_b = b.get();
  a = std::move(b);  // closes a's blob, takes b's
  EXPECT_EQ(a.get(), raw_b);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(a.rowid(), 2);
  EXPECT_EQ(b.get(), nullptr);  // NOLINT(bugprone-use-after-move)
  a.close();
  EXPECT_EQ(a.get(), nullptr);
  a.close();  // closing twice does nothing
}

}  // namespace
}  // namespace zc::test
