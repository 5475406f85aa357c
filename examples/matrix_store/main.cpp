// Eigen matrices in SQLite through zc::sqlite::array_store.
//
//   matrix_store [database]     (default: matrix_store.sqlite, created)
//
// The array store keeps each array as one row: dtype ('<f8'), shape
// ('[480,640]'), byte order and the elements in C order in a blob; any
// SQLite client can read it.  Row-major matrices are C order already, so
// put() binds their storage as it is and get() maps SQLite's value without
// a copy.  A column-major matrix stored under its logical (rows, cols)
// shape needs a transposing pass: put() streams it run by run (the copy is
// counted in zc::bytes_copied() and printed), or the program stores its
// memory-order view (shape (cols, rows)) without one.  get_into() reads a
// stored array straight into a preallocated matrix of any layout.
#include <Eigen/Core>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <zc/buffer_view.hpp>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>
#include <zc/sqlite.hpp>

namespace {

template <class T>
using row_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void require(bool ok, const std::string& what) {
  if (!ok) throw zc::error(zc::errc::invalid_argument, "check failed: " + what);
}

unsigned long long copied_since(std::uint64_t before) {
  return static_cast<unsigned long long>(zc::bytes_copied() - before);
}

// Stores a row-major matrix and maps it back from SQLite's value.
template <class T>
void round_trip_row_major(zc::sqlite::array_store& store, const std::string& name,
                          const row_major<T>& m) {
  auto before = zc::bytes_copied();
  store.put(name, zc::eigen::view(m));
  const auto put_copied = copied_since(before);

  const zc::sqlite::stored_array stored = store.get(name);
  before = zc::bytes_copied();
  const auto map = zc::eigen::map<const row_major<T>>(stored.view());
  require(static_cast<const void*>(map.data()) == stored.bytes().data(),
          name + ": the map is SQLite's value");
  require(map == m, name + ": values survive");
  std::printf(
      "%-10s %-6s %4lld x %-4lld put copied %llu B; get: Map over sqlite3_column_blob at "
      "%p, copied %llu B\n",
      name.c_str(), stored.info().dtype.str().c_str(), static_cast<long long>(m.rows()),
      static_cast<long long>(m.cols()), put_copied, stored.bytes().data(), copied_since(before));
}

// A table of your own: a whole INSERT through zc::sqlite::bind (no raw
// sqlite3_bind_* calls), typed column reads, and the blob read straight into
// a preallocated matrix by its address.
int own_table(sqlite3* db) {
  zc::sqlite::exec(db,
                   "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                   "score REAL, note TEXT, weights BLOB)");
  const row_major<double> weights = row_major<double>::Random(4, 8);
  zc::sqlite::statement insert(db, "INSERT OR REPLACE INTO runs VALUES (?1, ?2, ?3, ?4, ?5)");
  zc::sqlite::bind(insert, 1, std::int64_t{1});
  zc::sqlite::bind(insert, 2, std::string("baseline"));  // text, copied by SQLite
  zc::sqlite::bind(insert, 3, 0.875);
  zc::sqlite::bind(insert, 4, zc::sqlite::null);
  zc::sqlite::bind(insert, 5, zc::eigen::view(weights));  // the matrix's memory, no copy
  insert.run();

  zc::sqlite::statement query(db, "SELECT id, name, score, note FROM runs");
  while (query.step()) {
    const auto id = zc::sqlite::column<std::int64_t>(query, 0);
    const auto name = zc::sqlite::column<std::string_view>(query, 1);  // until the next step
    const auto score = zc::sqlite::column<double>(query, 2);
    const auto note = zc::sqlite::column<std::optional<std::string>>(query, 3);  // NULL: nullopt
    std::printf("run        %lld '%.*s' score %.3f note %s\n", static_cast<long long>(id),
                static_cast<int>(name.size()), name.data(), score, note ? note->c_str() : "(null)");
  }

  row_major<double> back(4, 8);
  zc::sqlite::read_into(db, {.table = "runs", .column = "weights", .rowid = 1},
                        zc::eigen::view(back));
  require(back == weights, "the weights blob read back into a matrix");
  return 0;
}

int run(const std::string& path) {
  zc::sqlite::connection db(path);
  zc::sqlite::array_store store(db);

  // Row-major matrices of several scalar types: zero-copy both ways.
  round_trip_row_major<double>(store, "weights", row_major<double>::Random(480, 640));
  round_trip_row_major<float>(store, "features", row_major<float>::Random(256, 128));
  round_trip_row_major<std::int16_t>(store, "counts", row_major<std::int16_t>::Random(100, 100));
  round_trip_row_major<std::uint8_t>(store, "mask", row_major<std::uint8_t>::Random(64, 64));
  round_trip_row_major<std::complex<double>>(store, "spectrum",
                                             row_major<std::complex<double>>::Random(32, 33));

  // A column-major matrix under its logical shape: the transposing pass is
  // a copy, and the report says how large.
  const Eigen::MatrixXd colmajor = Eigen::MatrixXd::Random(300, 200);
  auto before = zc::bytes_copied();
  store.put("colmajor", zc::eigen::view(colmajor));
  std::printf(
      "colmajor   (300, 200) column-major stored in C order: put copied %llu B "
      "(streamed in runs through a bounce buffer)\n",
      copied_since(before));
  // ... or its memory-order view, shape (200, 300): no copy.
  before = zc::bytes_copied();
  store.put("colmajor_T", zc::eigen::view(colmajor).in_memory_order());
  std::printf("colmajor_T (200, 300) memory order: put copied %llu B\n", copied_since(before));

  // Back into preallocated column-major storage, straight from the file.
  Eigen::MatrixXd target(300, 200);
  before = zc::bytes_copied();
  store.get_into("colmajor", zc::eigen::view(target));
  require(target == colmajor, "get_into a column-major matrix");
  Eigen::MatrixXd target_t(300, 200);
  store.get_into("colmajor_T", zc::eigen::view(target_t).in_memory_order());
  require(target_t == colmajor, "get_into through the memory-order view");
  std::printf(
      "get_into   both back into preallocated MatrixXd(300, 200) at %p and %p, copied %llu "
      "B by zcbridge\n",
      static_cast<void*>(target.data()), static_cast<void*>(target_t.data()), copied_since(before));

  // A stored array maps as its transpose too: colmajor_T's (200, 300) C-order
  // view transposed is the original (300, 200) column-major layout.
  {
    const zc::sqlite::stored_array stored = store.get("colmajor_T");
    const auto map = zc::eigen::map<const Eigen::MatrixXd>(stored.view().transpose());
    require(map == colmajor, "a transposed stored view maps as the column-major original");
    std::printf("colmajor_T maps back as MatrixXd(300, 200) over SQLite's value at %p\n",
                static_cast<const void*>(map.data()));
  }

  // Refusals: the wrong scalar type is an error that names both sides.
  try {
    const zc::sqlite::stored_array stored = store.get("features");
    (void)zc::eigen::map<const row_major<double>>(stored.view());
    std::printf("unexpected: a float32 array mapped as double\n");
    return 1;
  } catch (const zc::error& e) {
    std::printf("refused    %s\n", e.what());
  }

  std::printf("stored     %zu arrays in %s (table %s)\n", store.names().size(), path.c_str(),
              store.table().c_str());
  return own_table(db);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2) {
    std::fprintf(stderr, "usage: %s [database]\n", argv[0]);
    return 2;
  }
  try {
    return run(argc == 2 ? argv[1] : "matrix_store.sqlite");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "matrix_store: %s\n", e.what());
    return 1;
  }
}
