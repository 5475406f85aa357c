// Out of memory in the SQLite adapter (issue 11): each allocation of the
// main read and write paths fails in turn, once SQLite's own (through
// SQLITE_CONFIG_MALLOC, so this binary runs alone) and once operator new's.
// Every run ends in zc::error (std::bad_alloc too when operator new fails)
// or success; a write leaves the row as it was or complete, no transaction
// open, and array_store no partial row.  Leaks: the ZC_SANITIZE build.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "oom_sweep.hpp"
#include "temp_dir.hpp"
#include "zc/sqlite.hpp"

namespace {

using zc::test::oom_outcome;
using zc::test::operator_new_fault;
using zc::test::print_sweep;
using zc::test::sweep_allocation_failures;

// ---- failing the Nth SQLite allocation ------------------------------------
// SQLite's default allocator, wrapped: malloc and realloc ask the fault
// first.  Installed before main, hence before sqlite3_initialize.
sqlite3_mem_methods default_methods{};
std::atomic<std::size_t> sqlite_calls_left{0};
std::atomic<bool> sqlite_fired{false};

bool fail_this_sqlite_allocation() {
  std::size_t left = sqlite_calls_left.load();
  if (left == 0) return false;
  sqlite_calls_left.store(--left);
  if (left != 0) return false;
  sqlite_fired.store(true);
  return true;
}
void* failing_malloc(int n) {
  return fail_this_sqlite_allocation() ? nullptr : default_methods.xMalloc(n);
}
void* failing_realloc(void* p, int n) {
  return fail_this_sqlite_allocation() ? nullptr : default_methods.xRealloc(p, n);
}

const bool installed = [] {
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &default_methods) != SQLITE_OK) return false;
  sqlite3_mem_methods failing = default_methods;
  failing.xMalloc = failing_malloc;
  failing.xRealloc = failing_realloc;
  return sqlite3_config(SQLITE_CONFIG_MALLOC, &failing) == SQLITE_OK;
}();

struct sqlite_fault {
  static constexpr const char* name = "SQLite allocation";
  void arm(std::size_t n) const noexcept {
    sqlite_fired.store(false);
    sqlite_calls_left.store(n);
  }
  bool disarm() const noexcept {
    sqlite_calls_left.store(0);
    return sqlite_fired.load();
  }
};

// ---- the paths --------------------------------------------------------------
constexpr std::size_t blob_bytes = 20000;  // several pages: overflow chains

std::vector<std::uint8_t> pattern(std::size_t n, unsigned seed) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((i * 7 + seed) % 251);
  return out;
}

class sqlite_oom : public ::testing::Test {
 protected:
  sqlite_oom() : path_(dir_.file("oom.db")) {
    zc::sqlite::connection db(path_);
    zc::sqlite::exec(db, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  }

  /// A fresh connection (its schema not yet loaded: that is on the path too)
  /// with row 1 holding `old_`.
  void reopen() {
    db_.reset();
    db_.emplace(path_);
    zc::sqlite::statement st(*db_, "INSERT OR REPLACE INTO blobs(id, data) VALUES (1, ?1)");
    zc::sqlite::bind(st, 1, zc::view(old_.data(), {blob_bytes}));
    st.run();
    zc::sqlite::exec(*db_, "DELETE FROM blobs WHERE id <> 1");
    db_.reset();
    db_.emplace(path_);
  }

  /// Row `id`'s blob, or nullopt when the row is missing.
  std::optional<std::vector<std::uint8_t>> row(std::int64_t id) {
    zc::sqlite::connection db(path_);
    zc::sqlite::statement st(db, "SELECT data FROM blobs WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    if (!st.step()) return std::nullopt;
    const zc::buffer_view v = zc::sqlite::column_view(static_cast<sqlite3_stmt*>(st), 0);
    const auto* p = static_cast<const std::uint8_t*>(v.data());
    return std::vector<std::uint8_t>(p, p + v.size());
  }

  /// A write ended: row 1 holds the old bytes (failed) or the new (success),
  /// and the connection has no transaction left open.
  void expect_old_or_new(oom_outcome outcome) {
    EXPECT_NE(sqlite3_get_autocommit(*db_), 0) << "a transaction was left open";
    const auto now = row(1);
    ASSERT_TRUE(now.has_value());
    if (outcome == oom_outcome::success) {
      EXPECT_TRUE(*now == new_) << "a write that succeeded is not complete";
    } else {
      EXPECT_TRUE(*now == old_) << "a write that failed changed the row";
    }
  }

  template <class Fault>
  void sweep(const Fault& fault, const char* path_name, const std::function<void()>& call,
             const std::function<void(oom_outcome)>& check) {
    const auto report = sweep_allocation_failures(
        fault, [&] { reopen(); }, call, check, !std::is_same_v<Fault, sqlite_fault>);
    print_sweep(path_name, Fault::name, report);
    // SQLite allocates on every path; the blob paths make no operator new
    // at all (0 points: nothing of ours to fail).
    if (std::is_same_v<Fault, sqlite_fault>) {
      EXPECT_GE(report.points, 1u);
    }
    db_.reset();
  }

  template <class Fault>
  void every_path(const Fault& fault) {
    ASSERT_TRUE(installed);
    const zc::buffer_view new_view = zc::view(new_.data(), {blob_bytes});

    sweep(
        fault, "sqlite bind + step (INSERT)",
        [&] {
          zc::sqlite::statement st(*db_, "INSERT INTO blobs(id, data) VALUES (2, ?1)");
          zc::sqlite::bind(st, 1, new_view);
          st.run();
        },
        [&](oom_outcome outcome) {
          EXPECT_NE(sqlite3_get_autocommit(*db_), 0);
          const auto now = row(2);
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(now.has_value() && *now == new_);
          } else {
            EXPECT_TRUE(!now.has_value() || *now == new_) << "half a row";
          }
        });

    std::vector<std::uint8_t> got;
    sweep(
        fault, "sqlite step + column_view",
        [&] {
          got.clear();
          zc::sqlite::statement st(*db_, "SELECT data FROM blobs WHERE id = 1");
          if (!st.step()) throw zc::error(zc::errc::out_of_range, "row 1 missing");
          const zc::buffer_view v = zc::sqlite::column_view(static_cast<sqlite3_stmt*>(st), 0);
          const auto* p = static_cast<const std::uint8_t*>(v.data());
          got.assign(p, p + v.size());
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(got == old_);
          }
        });

    std::vector<std::uint8_t> dst(blob_bytes);
    sweep(
        fault, "sqlite read_into",
        [&] {
          std::fill(dst.begin(), dst.end(), std::uint8_t{0});
          zc::sqlite::read_into(*db_, "blobs", "data", 1, zc::view(dst.data(), {blob_bytes}));
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(dst == old_);
          }
        });

    sweep(
        fault, "sqlite blob_reader",
        [&] {
          std::fill(dst.begin(), dst.end(), std::uint8_t{0});
          zc::sqlite::blob_reader reader(*db_, "blobs", "data", 1);
          reader.read_exact(zc::view(dst.data(), {blob_bytes}));
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(dst == old_);
          }
        });

    sweep(
        fault, "sqlite write_from",
        [&] { zc::sqlite::write_from(*db_, "blobs", "data", 1, new_view); },
        [&](oom_outcome outcome) { expect_old_or_new(outcome); });

    sweep(
        fault, "sqlite blob_writer",
        [&] {
          zc::sqlite::blob_writer writer(*db_, "blobs", "data", 1);
          writer.write(new_view);
          writer.close();
        },
        [&](oom_outcome outcome) { expect_old_or_new(outcome); });
  }

  template <class Fault>
  void array_store_paths(const Fault& fault) {
    ASSERT_TRUE(installed);
    std::vector<std::int32_t> values(3000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int32_t>(i);
    // Strided: stored with zeroblob(n) + incremental writes in a savepoint.
    const zc::buffer_view strided = zc::view(values.data(), {60, 50}).slice(1, 0, 50, 2);
    const zc::buffer_view packed = zc::view(values.data(), {3000});
    std::optional<zc::sqlite::array_store> store;
    const auto prepare = [&] {
      store.reset();
      reopen();
      store.emplace(*db_, "arrays");
      store->put("a", packed);
    };

    auto report = sweep_allocation_failures(
        fault, prepare, [&] { store->put("a", strided); },
        [&](oom_outcome outcome) {
          EXPECT_NE(sqlite3_get_autocommit(*db_), 0) << "a transaction was left open";
          EXPECT_EQ(store->names(), std::vector<std::string>{"a"});
          const zc::sqlite::array_info info = store->info("a");
          if (outcome == oom_outcome::success) {
            EXPECT_EQ(info.shape, (zc::dims{60, 25}));
          } else {
            EXPECT_TRUE((info.shape == zc::dims{60, 25} || info.shape == zc::dims{3000}));
          }
          std::vector<std::int32_t> back(info.nbytes / sizeof(std::int32_t));
          store->get_into("a", zc::view(back.data(), info.shape));
          std::vector<std::int32_t> expected(back.size());
          zc::copy(info.shape == zc::dims{3000} ? packed : strided,
                   zc::view(expected.data(), info.shape));
          EXPECT_TRUE(back == expected) << "a partial array";
        },
        !std::is_same_v<Fault, sqlite_fault>);
    print_sweep("sqlite array_store put", Fault::name, report);
    EXPECT_GE(report.points, 1u);

    std::vector<std::int32_t> back(3000);
    report = sweep_allocation_failures(
        fault, prepare,
        [&] {
          std::fill(back.begin(), back.end(), -1);
          const zc::sqlite::stored_array a = store->get("a");
          zc::copy(a.view(zc::sqlite::alignment_policy::allow_unaligned),
                   zc::view(back.data(), {3000}));
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(back == values);
          }
        },
        !std::is_same_v<Fault, sqlite_fault>);
    print_sweep("sqlite array_store get", Fault::name, report);
    EXPECT_GE(report.points, 1u);

    report = sweep_allocation_failures(
        fault, prepare,
        [&] {
          std::fill(back.begin(), back.end(), -1);
          store->get_into("a", zc::view(back.data(), {3000}));
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_TRUE(back == values);
          }
        },
        !std::is_same_v<Fault, sqlite_fault>);
    print_sweep("sqlite array_store get_into", Fault::name, report);
    EXPECT_GE(report.points, 1u);
    store.reset();
    db_.reset();
  }

  zc::test::temp_dir dir_;
  std::string path_;
  std::optional<zc::sqlite::connection> db_;
  std::vector<std::uint8_t> old_ = pattern(blob_bytes, 1);
  std::vector<std::uint8_t> new_ = pattern(blob_bytes, 2);
};

TEST_F(sqlite_oom, main_paths_when_sqlite_allocations_fail) { every_path(sqlite_fault{}); }
TEST_F(sqlite_oom, main_paths_when_operator_new_fails) { every_path(operator_new_fault{}); }
TEST_F(sqlite_oom, array_store_when_sqlite_allocations_fail) { array_store_paths(sqlite_fault{}); }
TEST_F(sqlite_oom, array_store_when_operator_new_fails) { array_store_paths(operator_new_fault{}); }

}  // namespace
