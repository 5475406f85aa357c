// Import: zc::buffer_view -> Eigen::Map.  Pointer identity, Eigen strides
// from byte strides, const maps, tight and exact maps, writes both ways.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <type_traits>
#include <vector>
#include <zc/eigen.hpp>

namespace {

using rm_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<double> iota(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<double>(i);
  return v;
}

TEST(eigen_import, map_of_an_exported_matrix) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(3, 4);
  const zc::buffer_view e = zc::eigen::view(m);
  auto map = zc::eigen::map<Eigen::MatrixXd>(e);
  static_assert(
      std::is_same_v<decltype(map), Eigen::Map<Eigen::MatrixXd, Eigen::Unaligned,
                                               Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>>);
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map.data(), e.data());
  EXPECT_EQ(map.rows(), 3);
  EXPECT_EQ(map.cols(), 4);
  EXPECT_EQ(map.innerStride(), 1);
  EXPECT_EQ(map.outerStride(), 3);
  EXPECT_EQ(map, m);
}

TEST(eigen_import, c_order_view_maps_as_column_major_matrix_with_strides) {
  std::vector<double> buf = iota(12);
  const zc::buffer_view v = zc::view(buf.data(), {3, 4});  // C order: strides (32, 8)
  auto map = zc::eigen::map<Eigen::MatrixXd>(v);
  EXPECT_EQ(map.data(), buf.data());
  EXPECT_EQ(map.innerStride(), 4);  // down a column: one row apart
  EXPECT_EQ(map.outerStride(), 1);  // between columns: adjacent
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_EQ(map(i, j), buf[static_cast<std::size_t>(i * 4 + j)]);

  // The same view as a row-major M is contiguous: tight and vectorizable.
  auto rmap = zc::eigen::tight_map<rm_matrix>(v);
  EXPECT_EQ(rmap.data(), buf.data());
  EXPECT_EQ(rmap.outerStride(), 4);
  EXPECT_EQ(rmap.innerStride(), 1);
  EXPECT_EQ(rmap, map);
}

TEST(eigen_import, row_major_matrix_of_a_column_major_view) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(4, 2);
  auto map = zc::eigen::map<rm_matrix>(zc::eigen::view(m));
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map.innerStride(), 4);  // along a row: one column apart
  EXPECT_EQ(map.outerStride(), 1);
  EXPECT_EQ(map, m);
}

TEST(eigen_import, const_maps) {
  const Eigen::MatrixXf m = Eigen::MatrixXf::Random(2, 3);
  const zc::buffer_view v = zc::eigen::view(m);
  ASSERT_TRUE(v.readonly());
  auto map = zc::eigen::map<const Eigen::MatrixXf>(v);
  static_assert(std::is_same_v<decltype(map.data()), const float*>);
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map, m);
  // A writable view can be mapped const too.
  Eigen::MatrixXf w = m;
  EXPECT_EQ(zc::eigen::map<const Eigen::MatrixXf>(zc::eigen::view(w)).data(), w.data());
  EXPECT_EQ(zc::eigen::tight_map<const Eigen::MatrixXf>(v).data(), m.data());
}

TEST(eigen_import, fixed_size_types) {
  Eigen::Matrix3d m = Eigen::Matrix3d::Random();
  auto map = zc::eigen::map<Eigen::Matrix3d>(zc::eigen::view(m));
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map, m);
  Eigen::Array<std::int16_t, 2, 5> a = Eigen::Array<std::int16_t, 2, 5>::Random();
  auto amap = zc::eigen::tight_map<Eigen::Array<std::int16_t, 2, 5>>(zc::eigen::view(a));
  EXPECT_EQ(amap.data(), a.data());
  EXPECT_TRUE((amap == a).all());
  // Dynamic with a maximum.
  Eigen::MatrixXd big = Eigen::MatrixXd::Random(3, 3);
  using capped = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4>;
  EXPECT_EQ(zc::eigen::map<capped>(zc::eigen::view(big)).data(), big.data());
}

TEST(eigen_import, vectors) {
  std::vector<double> buf = iota(10);
  const zc::buffer_view v = zc::view(buf);
  auto col = zc::eigen::map<Eigen::VectorXd>(v);
  static_assert(std::is_same_v<decltype(col), Eigen::Map<Eigen::VectorXd, Eigen::Unaligned,
                                                         Eigen::InnerStride<Eigen::Dynamic>>>);
  EXPECT_EQ(col.data(), buf.data());
  EXPECT_EQ(col.size(), 10);
  auto row = zc::eigen::tight_map<Eigen::RowVectorXd>(v);
  EXPECT_EQ(row.data(), buf.data());
  EXPECT_EQ(row(9), 9.0);

  // Every other element, backwards-free: inner stride 2.
  const zc::buffer_view odd = v.slice(0, 1, std::nullopt, 2);
  auto strided = zc::eigen::map<Eigen::VectorXd>(odd);
  EXPECT_EQ(strided.data(), &buf[1]);
  EXPECT_EQ(strided.innerStride(), 2);
  EXPECT_EQ(strided.size(), 5);
  EXPECT_EQ(strided(4), 9.0);

  // A column and a row of a matrix view map as vectors (1-d after select).
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(3, 4);
  const zc::buffer_view mv = zc::eigen::view(m);
  auto c2 = zc::eigen::map<Eigen::VectorXd>(mv.select(1, 2));
  EXPECT_EQ(c2.data(), &m(0, 2));
  EXPECT_EQ(c2, m.col(2));
  auto r1 = zc::eigen::map<Eigen::RowVectorXd>(mv.select(0, 1));
  EXPECT_EQ(r1.data(), &m(1, 0));
  EXPECT_EQ(r1.innerStride(), 3);
  EXPECT_EQ(r1, m.row(1));
  // ... and 2-d (n, 1) / (1, n) views map as column / row vectors.
  auto c0 = zc::eigen::map<Eigen::VectorXd>(mv.slice(1, 0, 1));
  EXPECT_EQ(c0.data(), m.data());
  EXPECT_EQ(c0, m.col(0));
  auto r2 = zc::eigen::map<Eigen::RowVector4d>(mv.slice(0, 2, 3));
  EXPECT_EQ(r2.data(), &m(2, 0));
  EXPECT_EQ(r2, m.row(2));
}

TEST(eigen_import, tight_map_of_a_padded_view) {
  // 3x4 doubles inside rows padded to 6: the outer stride is 6, the inner 1.
  std::vector<double> buf = iota(18);
  const zc::buffer_view padded = zc::view(buf.data(), {3, 6}).slice(1, 0, 4);
  auto map = zc::eigen::tight_map<rm_matrix>(padded);
  static_assert(
      std::is_same_v<decltype(map),
                     Eigen::Map<rm_matrix, Eigen::Unaligned, Eigen::OuterStride<Eigen::Dynamic>>>);
  EXPECT_EQ(map.data(), buf.data());
  EXPECT_EQ(map.outerStride(), 6);
  EXPECT_EQ(map(2, 3), 15.0);
}

TEST(eigen_import, visit_map_picks_the_tightest_map) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(6, 5);
  const zc::buffer_view v = zc::eigen::view(m);
  auto kind_of = [](auto map) {
    using T = decltype(map);
    if constexpr (std::is_same_v<T, zc::eigen::contiguous_map_t<Eigen::MatrixXd>>)
      return zc::eigen::map_kind::contiguous;
    else if constexpr (std::is_same_v<T, zc::eigen::tight_map_t<Eigen::MatrixXd>>)
      return zc::eigen::map_kind::tight;
    else
      return zc::eigen::map_kind::strided;
  };
  EXPECT_EQ(zc::eigen::visit_map<Eigen::MatrixXd>(v, kind_of), zc::eigen::map_kind::contiguous);
  EXPECT_EQ(zc::eigen::best_map_kind<Eigen::MatrixXd>(v), zc::eigen::map_kind::contiguous);
  const zc::buffer_view block = v.slice(0, 1, 4);
  EXPECT_EQ(zc::eigen::visit_map<Eigen::MatrixXd>(block, kind_of), zc::eigen::map_kind::tight);
  EXPECT_EQ(zc::eigen::best_map_kind<Eigen::MatrixXd>(block), zc::eigen::map_kind::tight);
  const zc::buffer_view stepped = v.slice(0, 0, 6, 2);
  EXPECT_EQ(zc::eigen::visit_map<Eigen::MatrixXd>(stepped, kind_of), zc::eigen::map_kind::strided);
  EXPECT_EQ(zc::eigen::best_map_kind<Eigen::MatrixXd>(stepped), zc::eigen::map_kind::strided);

  // The map handed to the visitor is on the view's memory, and results agree.
  const double total = zc::eigen::visit_map<Eigen::MatrixXd>(block, [&](auto map) {
    EXPECT_EQ(map.data(), &m(1, 0));
    return map.sum();
  });
  EXPECT_DOUBLE_EQ(total, m.block(1, 0, 3, 5).sum());
}

TEST(eigen_import, visit_map_of_vectors) {
  std::vector<double> buf = iota(8);
  const zc::buffer_view v = zc::view(buf);
  auto is_contiguous = [](auto map) {
    return std::is_same_v<decltype(map), zc::eigen::contiguous_map_t<Eigen::VectorXd>>;
  };
  EXPECT_TRUE(zc::eigen::visit_map<Eigen::VectorXd>(v, is_contiguous));
  EXPECT_EQ(zc::eigen::best_map_kind<Eigen::VectorXd>(v), zc::eigen::map_kind::contiguous);
  const zc::buffer_view even = v.slice(0, 0, 8, 2);
  EXPECT_FALSE(zc::eigen::visit_map<Eigen::VectorXd>(even, is_contiguous));
  EXPECT_EQ(zc::eigen::best_map_kind<Eigen::VectorXd>(even), zc::eigen::map_kind::strided);
  const double sum = zc::eigen::visit_map<const Eigen::RowVectorXd>(
      even.as_readonly(), [](auto map) { return map.sum(); });
  EXPECT_EQ(sum, 0.0 + 2.0 + 4.0 + 6.0);
}

TEST(eigen_import, map_as_exact_types) {
  alignas(64) std::array<float, 16> storage{};
  const zc::buffer_view v = zc::view(storage.data(), {4, 4}).transpose();  // F order
  auto aligned = zc::eigen::map_as<Eigen::Map<Eigen::Matrix4f, Eigen::Aligned16>>(v);
  EXPECT_EQ(aligned.data(), storage.data());
  auto aligned64 = zc::eigen::map_as<Eigen::Map<Eigen::Matrix4f, Eigen::Aligned64>>(v);
  EXPECT_EQ(aligned64.data(), storage.data());
  auto plain = zc::eigen::map<Eigen::Map<Eigen::MatrixXf>>(v);  // map<Map> is map_as
  EXPECT_EQ(plain.data(), storage.data());

  // Compile-time strides are checked against the view and honoured.
  std::vector<double> buf = iota(12);
  using every_other = Eigen::Map<Eigen::VectorXd, Eigen::Unaligned, Eigen::InnerStride<2>>;
  auto eo = zc::eigen::map_as<every_other>(zc::view(buf).slice(0, 0, 12, 2));
  EXPECT_EQ(eo.data(), buf.data());
  EXPECT_EQ(eo(5), 10.0);
  using outer4 = Eigen::Map<const rm_matrix, Eigen::Unaligned, Eigen::OuterStride<4>>;
  auto o4 = zc::eigen::map_as<outer4>(zc::view(buf.data(), {3, 4}).slice(1, 1, 3).as_readonly());
  EXPECT_EQ(o4.data(), &buf[1]);
  EXPECT_EQ(o4(2, 1), 10.0);
}

TEST(eigen_import, writes_both_ways) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(3, 3);
  auto map = zc::eigen::map<Eigen::MatrixXd>(zc::eigen::view(m));
  map(1, 2) = 5.0;  // through the map -> visible in the source
  EXPECT_EQ(m(1, 2), 5.0);
  m(2, 0) = -1.0;  // in the source -> visible through the map
  EXPECT_EQ(map(2, 0), -1.0);
  map.col(0).setConstant(9.0);
  EXPECT_EQ(m(0, 0), 9.0);

  std::vector<std::int32_t> buf(6, 0);
  const zc::buffer_view v = zc::view(buf.data(), {2, 3});
  auto im = zc::eigen::map<Eigen::MatrixXi>(v);
  im(1, 1) = 77;
  EXPECT_EQ(buf[4], 77);
  EXPECT_EQ(v.at<const std::int32_t>(1, 1), 77);
  v.at<std::int32_t>(0, 2) = 12;
  EXPECT_EQ(im(0, 2), 12);
}

TEST(eigen_import, computation_on_a_map_matches_the_matrix) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(17, 9);
  Eigen::VectorXd x = Eigen::VectorXd::Random(9);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_TRUE((zc::eigen::map<const Eigen::MatrixXd>(v) * x).isApprox(m * x));
  EXPECT_TRUE(zc::eigen::tight_map<Eigen::MatrixXd>(v).colwise().sum().isApprox(m.colwise().sum()));
  // Through a C-order view of the transposed memory as well.
  EXPECT_TRUE((zc::eigen::map<Eigen::MatrixXd>(v.transpose()).transpose() * x).isApprox(m * x));
}

}  // namespace
