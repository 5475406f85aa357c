// SQLite's own allocations, counted through SQLITE_CONFIG_MALLOC (so this
// binary runs alone): which paths make SQLite stage a payload-sized buffer,
// which do not, and out-of-memory reported as such.
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "allocation_counter.hpp"
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

// ---- a counting allocator in front of malloc ---------------------------
// Each block carries its size in an 8-byte header (SQLite needs 8-byte
// alignment, which malloc + 16 keeps).
std::atomic<bool> fail_next{false};
std::atomic<std::size_t> largest{0};

constexpr std::size_t header = 16;

void* x_malloc(int n) {
  if (fail_next.exchange(false)) return nullptr;
  const auto size = static_cast<std::size_t>(n);
  if (size > largest.load()) largest.store(size);
  auto* p = static_cast<unsigned char*>(std::malloc(size + header));
  if (p == nullptr) return nullptr;
  std::memcpy(p, &size, sizeof size);
  return p + header;
}
void x_free(void* p) {
  if (p != nullptr) std::free(static_cast<unsigned char*>(p) - header);
}
int x_size(void* p) {
  if (p == nullptr) return 0;
  std::size_t size = 0;
  std::memcpy(&size, static_cast<unsigned char*>(p) - header, sizeof size);
  return static_cast<int>(size);
}
void* x_realloc(void* p, int n) {
  if (p == nullptr) return x_malloc(n);
  if (fail_next.exchange(false)) return nullptr;
  const auto size = static_cast<std::size_t>(n);
  if (size > largest.load()) largest.store(size);
  auto* q = static_cast<unsigned char*>(
      std::realloc(static_cast<unsigned char*>(p) - header, size + header));
  if (q == nullptr) return nullptr;
  std::memcpy(q, &size, sizeof size);
  return q + header;
}
int x_roundup(int n) { return (n + 7) & ~7; }
int x_init(void*) { return SQLITE_OK; }
void x_shutdown(void*) {}

const sqlite3_mem_methods counting = {x_malloc,  x_free, x_realloc,  x_size,
                                      x_roundup, x_init, x_shutdown, nullptr};

// Installed before any test opens a database (static initialization of
// this translation unit runs before main, hence before sqlite3_initialize).
const int installed = [] {
  return sqlite3_config(SQLITE_CONFIG_MALLOC, &counting) == SQLITE_OK ? 1 : 0;
}();

// SQLite's peak and largest allocation while `f` runs, bytes.
struct sqlite_usage {
  sqlite3_int64 peak_above_start = 0;
  std::size_t largest_request = 0;
};
template <class F>
sqlite_usage measure(F&& f) {
  const sqlite3_int64 start = sqlite3_memory_used();
  sqlite3_memory_highwater(1);  // reset the high-water mark to the current use
  largest.store(0);
  f();
  return {sqlite3_memory_highwater(0) - start, largest.load()};
}

constexpr std::size_t payload = 16u << 20;  // 16 MiB

class sqlite_alloc_test : public sqlite_test {
 protected:
  sqlite_alloc_test() {
    exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
    exec("PRAGMA cache_size = -256");  // 256 KiB page cache: keep SQLite's own buffers small
  }
};

TEST_F(sqlite_alloc_test, allocator_is_hooked) {
  ASSERT_EQ(installed, 1);
  const sqlite_usage u = measure([&] { exec("SELECT zeroblob(100000)"); });
  EXPECT_GE(u.largest_request, 100000u);
}

TEST_F(sqlite_alloc_test, read_into_stages_no_payload_where_column_blob_stages_all) {
  exec("INSERT INTO blobs(id, data) VALUES (1, randomblob(" + std::to_string(payload) + "))");
  std::vector<std::uint8_t> dst(payload);
  const std::uint64_t ours_before = 0;
  sqlite_usage direct;
  {
    allocation_counter ours;
    direct = measure([&] { zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(dst)); });
    EXPECT_EQ(ours.count(), ours_before);  // the adapter allocated nothing
  }
  std::cout << "read_into 16 MiB: SQLite peak +" << direct.peak_above_start
            << " bytes, largest request " << direct.largest_request << " bytes\n";
  EXPECT_LT(direct.largest_request, std::size_t{64} << 10);
  EXPECT_LT(direct.peak_above_start, sqlite3_int64{1} << 20);

  zc::sqlite::statement st(db_, "SELECT data FROM blobs WHERE id = 1");
  const sqlite_usage staged = measure([&] { ASSERT_TRUE(st.step()); });
  const zc::buffer_view v = zc::sqlite::column_view(st.get(), 0);
  std::cout << "column_blob 16 MiB: SQLite peak +" << staged.peak_above_start << " bytes\n";
  EXPECT_GE(staged.largest_request, payload);  // SQLite's own copy of the value
  EXPECT_EQ(std::memcmp(v.data(), dst.data(), payload), 0);
}

TEST_F(sqlite_alloc_test, static_bind_adds_no_copy_transient_does) {
  std::vector<std::uint8_t> src(payload, 7);
  zc::sqlite::statement ins(db_, "INSERT INTO blobs(data) VALUES (?1)");
  const sqlite_usage bound = measure([&] { zc::sqlite::bind(ins, 1, zc::view(src)); });
  EXPECT_LT(bound.largest_request, std::size_t{4096});
  const sqlite_usage copied =
      measure([&] { zc::sqlite::bind(ins, 1, zc::view(src), zc::sqlite::blob_lifetime::copy); });
  EXPECT_GE(copied.largest_request, payload);
}

TEST_F(sqlite_alloc_test, write_from_streams_without_staging_the_payload) {
  exec("INSERT INTO blobs(id, data) VALUES (1, zeroblob(" + std::to_string(payload) + "))");
  std::vector<std::uint8_t> src(payload, 3);
  const sqlite_usage u =
      measure([&] { zc::sqlite::write_from(db_, "blobs", "data", 1, zc::view(src)); });
  std::cout << "write_from 16 MiB: SQLite peak +" << u.peak_above_start
            << " bytes, largest request " << u.largest_request << " bytes\n";
  EXPECT_LT(u.largest_request, std::size_t{64} << 10);
}

TEST_F(sqlite_alloc_test, out_of_memory_is_not_an_empty_blob) {
  // A bound zeroblob stays "n zeros" until someone asks for its bytes.
  zc::sqlite::statement st(db_, "SELECT ?1, X''");
  sqlite3_bind_zeroblob(st, 1, 100000);
  ASSERT_TRUE(st.step());
  fail_next.store(true);  // expanding the zeroblob into real bytes fails
  try {
    (void)zc::sqlite::column_view(st.get(), 0);
    FAIL() << "out of memory reported as a value";
  } catch (const zc::sqlite::sqlite_error& e) {
    EXPECT_EQ(e.primary_code(), SQLITE_NOMEM) << e.what();
    EXPECT_EQ(e.code(), zc::errc::backend);
  }
  fail_next.store(false);
  const zc::buffer_view empty = zc::sqlite::column_view(st.get(), 1);
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace zc::test
