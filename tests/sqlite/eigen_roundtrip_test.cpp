// Eigen matrices (every scalar type, both storage orders) through the array
// store and through bind/column_view.  Uses Eigen directly: the SQLite
// adapter never depends on the Eigen adapter.
#include <Eigen/Dense>
#include <complex>

#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

// The view of a dense Eigen object's storage, strides in bytes.
template <class M>
zc::buffer_view storage_view(M& m) {
  using T = typename M::Scalar;
  return zc::view(
      m.data(), {m.rows(), m.cols()},
      {m.rowStride() * std::int64_t{sizeof(T)}, m.colStride() * std::int64_t{sizeof(T)}});
}

template <class T>
class eigen_roundtrip : public sqlite_test {};

using scalar_types = ::testing::Types<std::uint8_t, std::int8_t, std::uint16_t, std::int16_t,
                                      std::uint32_t, std::int32_t, std::uint64_t, std::int64_t,
                                      float, double, std::complex<float>, std::complex<double>>;
TYPED_TEST_SUITE(eigen_roundtrip, scalar_types);

template <class T>
T value_at(Eigen::Index i, Eigen::Index j) {
  if constexpr (std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>) {
    using R = typename T::value_type;
    return T(static_cast<R>(i) + R(0.5), static_cast<R>(j) - R(1));
  } else {
    return static_cast<T>((i * 7 + j * 3) % 100);
  }
}

TYPED_TEST(eigen_roundtrip, array_store_both_storage_orders) {
  using T = TypeParam;
  using row_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using col_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
  row_major r(5, 7);
  col_major c(5, 7);
  for (Eigen::Index i = 0; i < 5; ++i)
    for (Eigen::Index j = 0; j < 7; ++j) r(i, j) = c(i, j) = value_at<T>(i, j);
  zc::sqlite::array_store store(this->db_);
  store.put("r", storage_view(r));  // C-contiguous: bound as it is
  store.put("c", storage_view(c));  // F-contiguous: streamed in C order
  for (const char* name : {"r", "c"}) {
    const auto info = store.info(name);
    EXPECT_EQ(info.shape, (dims{5, 7}));
    EXPECT_EQ(info.dtype, zc::dtype_of<T>());
    // Into either storage order, straight from the database.
    row_major r2 = row_major::Zero(5, 7);
    col_major c2 = col_major::Zero(5, 7);
    store.get_into(name, storage_view(r2));
    store.get_into(name, storage_view(c2));
    EXPECT_TRUE(r2 == r) << name;
    EXPECT_TRUE(c2 == c) << name;
    // And as a zero-copy view of the row (aligned for T with SQLite's allocator).
    const auto got = store.get(name);
    const zc::buffer_view v = got.view();
    EXPECT_TRUE(v == storage_view(r)) << name;
    const Eigen::Map<const row_major> mapped(static_cast<const T*>(v.data()), 5, 7);
    EXPECT_EQ(static_cast<const void*>(mapped.data()), v.data());
    EXPECT_TRUE(mapped == r) << name;
  }
}

TYPED_TEST(eigen_roundtrip, bind_and_column_view_of_a_block) {
  using T = TypeParam;
  using col_major = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  col_major m(6, 4);
  for (Eigen::Index i = 0; i < 6; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) m(i, j) = value_at<T>(i, j);
  // One column of a column-major matrix is contiguous: it binds with no copy.
  auto column = m.col(2);
  this->exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  zc::sqlite::statement ins(this->db_, "INSERT INTO blobs(data) VALUES (?1)");
  zc::sqlite::bind(ins, 1, zc::view(column.data(), {column.size()}));
  ins.run();
  zc::sqlite::statement sel(this->db_, "SELECT data FROM blobs");
  ASSERT_TRUE(sel.step());
  const zc::buffer_view v = zc::sqlite::column_view(sel, 0, zc::dtype_of<T>(), {6});
  const Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> mapped(
      static_cast<const T*>(v.data()), 6);
  EXPECT_EQ(static_cast<const void*>(mapped.data()), sqlite3_column_blob(sel.get(), 0));
  EXPECT_TRUE(mapped == m.col(2));
}

}  // namespace
}  // namespace zc::test
