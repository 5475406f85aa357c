// zc_consumer: a program outside zcbridge that uses it the way users will,
// built both against an installed zcbridge (find_package) and against its
// source tree (add_subdirectory).  It touches each component minimally and
// exits non-zero when something it checks is wrong, so CI notices.
#include <cstdint>
#include <cstdio>
#include <vector>

#include <zc/buffer_view.hpp>

#ifdef ZC_CONSUMER_WITH_EIGEN
#include <Eigen/Dense>
#include <zc/eigen.hpp>
#endif
#ifdef ZC_CONSUMER_WITH_SQLITE
#include <sqlite3.h>
#include <zc/sqlite.hpp>
#endif
#ifdef ZC_CONSUMER_WITH_PNG
#include <zc/png.hpp>
#endif
#ifdef ZC_CONSUMER_WITH_DLPACK
#include <zc/dlpack.hpp>
#endif
#ifdef ZC_CONSUMER_WITH_NPY
#include <zc/npy.hpp>
#endif

namespace {

int failures = 0;
void check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

void use_core() {
  std::vector<std::uint16_t> pixels{1, 2, 3, 4, 5, 6};
  const zc::buffer_view v = zc::view(pixels.data(), {2, 3});
  check(v.select(0, 1).data() == &pixels[3], "core: select(0, 1) points into the vector");
  check(zc::dtype::parse("=H") == zc::dtype_of<std::uint16_t>(), "core: parse(\"=H\") is uint16");
}

#ifdef ZC_CONSUMER_WITH_EIGEN
void use_eigen() {
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(2, 3, 1.5);
  const zc::buffer_view e = zc::eigen::view(m);
  auto map = zc::eigen::map<Eigen::MatrixXd>(e);
  check(map.data() == m.data() && map.rows() == 2 && map.cols() == 3,
        "eigen: view + map round-trip keeps the address");
}
#endif

#ifdef ZC_CONSUMER_WITH_SQLITE
void use_sqlite() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    check(false, "sqlite: open :memory:");
    sqlite3_close(db);
    return;
  }
  std::vector<std::uint8_t> blob{10, 20, 30, 40};
  sqlite3_exec(db, "CREATE TABLE t(b BLOB)", nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1)", -1, &insert, nullptr);
  zc::sqlite::bind(insert, 1, zc::view(blob));
  check(sqlite3_step(insert) == SQLITE_DONE, "sqlite: insert a bound view");
  sqlite3_finalize(insert);
  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(db, "SELECT b FROM t", -1, &select, nullptr);
  if (sqlite3_step(select) == SQLITE_ROW) {
    const zc::buffer_view b = zc::sqlite::column_view(select, 0);
    check(b.nbytes() == 4 && b.at<const std::uint8_t>(3) == 40,
          "sqlite: column_view reads the blob");
  } else {
    check(false, "sqlite: select the row back");
  }
  sqlite3_finalize(select);
  sqlite3_close(db);
}
#endif

#ifdef ZC_CONSUMER_WITH_PNG
void use_png() {
  // A 2x3 8-bit gray image through memory: encode, then read the header back.
  std::vector<std::uint8_t> gray{0, 50, 100, 150, 200, 250};
  zc::memory_sink encoded;
  zc::png::encode(zc::view(gray.data(), {2, 3}), zc::png::sink::stream(encoded));
  const zc::png::info hdr = zc::png::read_info(zc::png::source::memory(encoded.view()));
  check(hdr.width == 3 && hdr.height == 2, "png: encode to memory, read_info back");
}
#endif

#ifdef ZC_CONSUMER_WITH_DLPACK
void use_dlpack() {
  std::vector<float> values{1, 2, 3, 4, 5, 6};
  DLManagedTensor* t = zc::dlpack::to_dlpack(zc::view(values.data(), {2, 3}));
  check(t->dl_tensor.ndim == 2 && t->dl_tensor.strides[0] == 3, "dlpack: to_dlpack of a 2x3 view");
  const zc::buffer_view back = zc::dlpack::from_dlpack(t);  // owns t from here
  check(back.data() == values.data() && back.at<const float>(1, 2) == 6.0f,
        "dlpack: from_dlpack keeps the address");
}
#endif

#ifdef ZC_CONSUMER_WITH_NPY
void use_npy() {
  // A 2x3 float64 array through memory: save, then read the header back.
  std::vector<double> values{1, 2, 3, 4, 5, 6};
  zc::memory_sink saved;
  zc::npy::save(saved, zc::view(values.data(), {2, 3}));
  zc::memory_source source(saved.view());
  const zc::npy::info header = zc::npy::read_info(source);
  check(header.shape == zc::dims{2, 3} && header.dtype == zc::dtype_of<double>(),
        "npy: save to memory, read_info back");
}
#endif

}  // namespace

int main() try {
  use_core();
#ifdef ZC_CONSUMER_WITH_EIGEN
  use_eigen();
#endif
#ifdef ZC_CONSUMER_WITH_SQLITE
  use_sqlite();
#endif
#ifdef ZC_CONSUMER_WITH_PNG
  use_png();
#endif
#ifdef ZC_CONSUMER_WITH_DLPACK
  use_dlpack();
#endif
#ifdef ZC_CONSUMER_WITH_NPY
  use_npy();
#endif
  std::printf("zc_consumer: %s\n", failures == 0 ? "all checks passed" : "FAILED");
  return failures == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "zc_consumer: unexpected exception: %s\n", e.what());
  return 1;
}
