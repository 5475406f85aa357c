// Edge cases: empty (0 x n, n x 0) matrices and 1 x 1 matrices, both ways.
#include <gtest/gtest.h>

#include <vector>
#include <zc/eigen.hpp>

namespace {

TEST(eigen_edge, empty_matrix_exports_and_maps_back) {
  Eigen::MatrixXd m(0, 5);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.data(), m.data());
  EXPECT_EQ(v.rank(), 2u);
  EXPECT_EQ(v.shape(0), 0);
  EXPECT_EQ(v.shape(1), 5);
  EXPECT_EQ(v.size(), 0u);
  auto map = zc::eigen::map<Eigen::MatrixXd>(v);
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map.rows(), 0);
  EXPECT_EQ(map.cols(), 5);
  EXPECT_EQ(map.sum(), 0.0);
  auto tight = zc::eigen::tight_map<Eigen::MatrixXd>(v);
  EXPECT_EQ(tight.cols(), 5);

  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r(4, 0);
  auto rmap = zc::eigen::map<const Eigen::MatrixXf>(zc::eigen::view(r).as_readonly());
  EXPECT_EQ(rmap.rows(), 4);
  EXPECT_EQ(rmap.cols(), 0);
  EXPECT_EQ(rmap.data(), r.data());

  Eigen::VectorXd empty_vector;
  auto vmap = zc::eigen::map<Eigen::VectorXd>(zc::eigen::view(empty_vector));
  EXPECT_EQ(vmap.size(), 0);
}

TEST(eigen_edge, empty_slice_of_a_real_matrix) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(3, 4);
  const zc::buffer_view none = zc::eigen::view(m).slice(0, 2, 2);  // 0 x 4
  auto map = zc::eigen::map<Eigen::MatrixXd>(none);
  EXPECT_EQ(map.rows(), 0);
  EXPECT_EQ(map.cols(), 4);
  // An empty view's strides never move, so even reversed ones are accepted.
  auto flipped = zc::eigen::map<Eigen::MatrixXd>(none.flip(1));
  EXPECT_EQ(flipped.size(), 0);
  // Empty is still checked for dtype, rank and fixed sizes.
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXf>(none), zc::error);
  EXPECT_THROW((void)(zc::eigen::map<Eigen::Matrix<double, 1, 4>>(none)), zc::error);
  EXPECT_THROW((void)zc::eigen::map<Eigen::VectorXd>(none), zc::error);
}

TEST(eigen_edge, one_by_one) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(1, 1, 2.5);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.rank(), 2u);
  EXPECT_EQ(v.size(), 1u);
  auto map = zc::eigen::map<Eigen::MatrixXd>(v);
  EXPECT_EQ(map.data(), m.data());
  EXPECT_EQ(map(0, 0), 2.5);
  map(0, 0) = 4.0;
  EXPECT_EQ(m(0, 0), 4.0);
  // Eigen counts Matrix<S, 1, 1> as a vector: its view is 1-d ...
  Eigen::Matrix<double, 1, 1> fixed(7.0);
  const zc::buffer_view fv = zc::eigen::view(fixed);
  EXPECT_EQ(fv.rank(), 1u);
  EXPECT_EQ(fv.data(), fixed.data());
  // ... and it maps from a 1-d view or from a (1, 1) view alike.
  EXPECT_EQ((zc::eigen::map<Eigen::Matrix<double, 1, 1>>(fv).data()), fixed.data());
  EXPECT_EQ((zc::eigen::map<Eigen::Matrix<double, 1, 1>>(v).data()), m.data());
  EXPECT_EQ((zc::eigen::tight_map<Eigen::Matrix<double, 1, 1>>(v)(0, 0)), 4.0);

  // A 1x1 view cut from a bigger matrix has strides that never move: any
  // Map type accepts it, including the contiguous and aligned ones.
  alignas(16) double storage[16] = {};
  storage[5] = 3.0;
  const zc::buffer_view one = zc::view(storage, {4, 4}).slice(0, 1, 2).slice(1, 1, 2);
  EXPECT_EQ(zc::eigen::map_as<Eigen::Map<Eigen::MatrixXd>>(one).data(), &storage[5]);
  EXPECT_EQ(zc::eigen::map_as<Eigen::Map<Eigen::MatrixXd>>(one)(0, 0), 3.0);
  EXPECT_EQ((zc::eigen::map<Eigen::Matrix<double, 1, 1>>(one.flip(0)).data()), &storage[5]);
}

}  // namespace
