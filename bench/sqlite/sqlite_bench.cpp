// Blob reads and writes through the SQLite adapter against what users of
// SQLite wrappers do today.  Arguments: {blob KiB, mmap (0: off, 1: 1 GiB)}.
//
// Reads (row written once, read every iteration):
//   column_view      step + zc::sqlite::column_view: the bare sqlite3_column_blob
//                    path (SQLite assembles the whole value in its own buffer)
//   column_blob_copy step + sqlite3_column_blob + copy into a new std::vector
//                    (what SQLiteCpp's getBlob/std::vector and
//                    sqlite_modern_cpp's vector<T> extraction amount to)
//   read_into        zc::sqlite::read_into a preallocated Eigen matrix
//                    (sqlite3_blob_open + sqlite3_blob_read into its storage)
//   read_into_handle the same through one blob_handle opened before the loop
// Writes (one row replaced every iteration; synchronous=OFF, journal_mode=OFF
// so the numbers show the data path, not fsync):
//   bind_static      zc::sqlite::bind of the matrix's view (SQLITE_STATIC)
//   bind_transient   the same with blob_lifetime::copy (SQLITE_TRANSIENT)
//   zeroblob_write_from  REPLACE ... zeroblob(n), then zc::sqlite::write_from
//
// Counters: bytes_per_second; sqlite_peak = SQLite's heap high-water mark
// above its use before the loop (bytes); new_per_iter = bytes this process
// requested from operator new per iteration; extra_peak = sqlite_peak + the
// largest operator new request: memory beyond the destination, bytes.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heap_meter.hpp"
#include "zc/sqlite.hpp"

namespace {

using matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One file database for the whole program, removed at exit.
class bench_db {
 public:
  bench_db()
      : dir_(std::filesystem::temp_directory_path() /
             ("zc_sqlite_bench_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    db_ = zc::sqlite::connection((dir_ / "bench.db").string());
    zc::sqlite::exec(db_,
                     "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                     "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  }
  ~bench_db() {
    db_ = zc::sqlite::connection(static_cast<sqlite3*>(nullptr));
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  sqlite3* get() const noexcept { return db_.get(); }

  // The read row for `kib` KiB, created on first use: rowid == kib.
  std::int64_t read_row(std::int64_t kib) {
    if (!made_.count(kib)) {
      zc::sqlite::exec(db_, "INSERT INTO blobs (id, data) VALUES (" + std::to_string(kib) +
                                ", randomblob(" + std::to_string(kib * 1024) + "))");
      made_[kib] = true;
    }
    return kib;
  }
  void set_mmap(bool on) {
    zc::sqlite::exec(db_, on ? "PRAGMA mmap_size = 1073741824" : "PRAGMA mmap_size = 0");
  }

 private:
  std::filesystem::path dir_;
  zc::sqlite::connection db_{static_cast<sqlite3*>(nullptr)};
  std::map<std::int64_t, bool> made_;
};

bench_db& database() {
  static bench_db db;
  return db;
}

constexpr std::int64_t write_rowid = 1;  // read rows use ids 256 and 16384

// Matrix of `kib` KiB of doubles, 128 columns.
matrix make_matrix(std::int64_t kib) {
  const Eigen::Index rows = static_cast<Eigen::Index>(kib * 1024 / 8 / 128);
  matrix m(rows, 128);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<double>(i % 1000);
  return m;
}

zc::buffer_view storage(matrix& m) { return zc::view(m.data(), {m.rows(), m.cols()}); }

// Times the loop body and reports memory counters.
struct meter {
  explicit meter(benchmark::State& s) : state(s) {
    start = sqlite3_memory_used();
    sqlite3_memory_highwater(1);
  }
  void report(std::int64_t bytes_per_iter) {
    const zc::bench::heap_reading heap = heap_since_start.reading();
    const double peak = static_cast<double>(sqlite3_memory_highwater(0) - start);
    const auto iterations = static_cast<double>(state.iterations());
    state.SetBytesProcessed(state.iterations() * bytes_per_iter);
    state.counters["sqlite_peak"] = peak;
    state.counters["new_per_iter"] =
        iterations > 0 ? static_cast<double>(heap.new_bytes) / iterations : 0.0;
    state.counters["extra_peak"] = peak + static_cast<double>(heap.largest_new);
  }
  benchmark::State& state;
  sqlite3_int64 start = 0;
  zc::bench::heap_meter heap_since_start;  // operator new from here on
};

struct read_setup {
  std::int64_t kib;
  std::int64_t rowid;
  std::int64_t bytes;
};
read_setup prepare_read(benchmark::State& state) {
  const std::int64_t kib = state.range(0);
  database().set_mmap(state.range(1) != 0);
  return {kib, database().read_row(kib), kib * 1024};
}

void column_view(benchmark::State& state) {
  const read_setup r = prepare_read(state);
  zc::sqlite::statement st(database().get(), "SELECT data FROM blobs WHERE id = ?1");
  sqlite3_bind_int64(st, 1, r.rowid);
  meter m(state);
  for (auto _ : state) {
    st.reset();
    if (!st.step()) state.SkipWithError("row missing");
    const zc::buffer_view v = zc::sqlite::column_view(st.get(), 0);
    benchmark::DoNotOptimize(v.data());
    if (static_cast<std::int64_t>(v.nbytes()) != r.bytes) state.SkipWithError("wrong length");
  }
  m.report(r.bytes);
}

void column_blob_copy(benchmark::State& state) {
  const read_setup r = prepare_read(state);
  zc::sqlite::statement st(database().get(), "SELECT data FROM blobs WHERE id = ?1");
  sqlite3_bind_int64(st, 1, r.rowid);
  meter m(state);
  for (auto _ : state) {
    st.reset();
    if (!st.step()) state.SkipWithError("row missing");
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, 0));
    const int n = sqlite3_column_bytes(st, 0);
    std::vector<std::uint8_t> copy(p, p + n);
    benchmark::DoNotOptimize(copy.data());
  }
  m.report(r.bytes);
}

void read_into(benchmark::State& state) {
  const read_setup r = prepare_read(state);
  matrix dst = make_matrix(r.kib);  // preallocated once, as a caller would
  const zc::buffer_view dst_view = storage(dst);
  sqlite3* db = database().get();
  meter m(state);
  for (auto _ : state) {
    zc::sqlite::read_into(db, "blobs", "data", r.rowid, dst_view);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  m.report(r.bytes);
}

// The many-rows path: one handle, opened once (reopen() it for other rows).
void read_into_handle(benchmark::State& state) {
  const read_setup r = prepare_read(state);
  matrix dst = make_matrix(r.kib);
  const zc::buffer_view dst_view = storage(dst);
  zc::sqlite::blob_handle handle(database().get(), {"blobs", "data", r.rowid});
  meter m(state);
  for (auto _ : state) {
    zc::sqlite::read_into(handle, dst_view);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  m.report(r.bytes);
}

// Writes replace row `write_rowid` each iteration.
void write_bench(benchmark::State& state, zc::sqlite::blob_lifetime lifetime) {
  const std::int64_t kib = state.range(0);
  database().set_mmap(state.range(1) != 0);
  matrix src = make_matrix(kib);
  const zc::buffer_view v = storage(src);
  zc::sqlite::statement st(database().get(), "REPLACE INTO blobs (id, data) VALUES (" +
                                                 std::to_string(write_rowid) + ", ?1)");
  meter m(state);
  for (auto _ : state) {
    zc::sqlite::bind(st, 1, v, lifetime);
    st.run();
    st.reset();
  }
  m.report(kib * 1024);
}
void bind_static(benchmark::State& state) {
  write_bench(state, zc::sqlite::blob_lifetime::caller_keeps_alive);
}
void bind_transient(benchmark::State& state) {
  write_bench(state, zc::sqlite::blob_lifetime::copy);
}

void zeroblob_write_from(benchmark::State& state) {
  const std::int64_t kib = state.range(0);
  database().set_mmap(state.range(1) != 0);
  matrix src = make_matrix(kib);
  const zc::buffer_view v = storage(src);
  sqlite3* db = database().get();
  zc::sqlite::statement st(db, "REPLACE INTO blobs (id, data) VALUES (" +
                                   std::to_string(write_rowid) + ", zeroblob(?1))");
  sqlite3_bind_int64(st, 1, kib * 1024);
  meter m(state);
  for (auto _ : state) {
    zc::sqlite::transaction tx(db);  // readers never see the zeros
    st.run();
    st.reset();
    zc::sqlite::write_from(db, "blobs", "data", write_rowid, v);
    tx.commit();
  }
  m.report(kib * 1024);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t mmap : {0, 1})
    for (std::int64_t kib : {256, 16384}) b->Args({kib, mmap});
  b->ArgNames({"KiB", "mmap"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(column_view)->Apply(sizes);
BENCHMARK(column_blob_copy)->Apply(sizes);
BENCHMARK(read_into)->Apply(sizes);
BENCHMARK(read_into_handle)->Apply(sizes);
BENCHMARK(bind_static)->Apply(sizes);
BENCHMARK(bind_transient)->Apply(sizes);
BENCHMARK(zeroblob_write_from)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
