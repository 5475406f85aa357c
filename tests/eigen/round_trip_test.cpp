// Round trips matrix -> view -> slice -> map that must land on exactly the
// addresses of the matching Eigen block, and the proof that none of it
// allocates or copies.
#include <gtest/gtest.h>

#include <allocation_counter.hpp>
#include <cstdint>
#include <vector>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>

namespace {

template <class A, class B>
void expect_same_addresses(const A& map, const B& block) {
  ASSERT_EQ(map.rows(), block.rows());
  ASSERT_EQ(map.cols(), block.cols());
  for (Eigen::Index i = 0; i < block.rows(); ++i)
    for (Eigen::Index j = 0; j < block.cols(); ++j)
      EXPECT_EQ(&map.coeffRef(i, j), &block.coeffRef(i, j)) << "at (" << i << ", " << j << ")";
}

TEST(eigen_round_trip, slice_lands_on_the_block) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(7, 9);
  const zc::buffer_view v = zc::eigen::view(m);
  const zc::buffer_view s = v.slice(0, 2, 5).slice(1, 3, 8);
  auto map = zc::eigen::map<Eigen::MatrixXd>(s);
  auto block = m.block(2, 3, 3, 5);
  EXPECT_EQ(map.data(), block.data());
  EXPECT_EQ(map.innerStride(), block.innerStride());
  EXPECT_EQ(map.outerStride(), block.outerStride());
  expect_same_addresses(map, block);
  EXPECT_EQ(map, block);
  // The block is tight (columns padded to the parent's): tight_map works.
  auto tight = zc::eigen::tight_map<Eigen::MatrixXd>(s);
  expect_same_addresses(tight, block);
}

TEST(eigen_round_trip, row_major_block_and_stepped_slice) {
  Eigen::Matrix<float, 8, 6, Eigen::RowMajor> m = decltype(m)::Random();
  const zc::buffer_view v = zc::eigen::view(m);
  auto block = zc::eigen::tight_map<Eigen::Matrix<float, 3, 2, Eigen::RowMajor>>(
      v.slice(0, 4, 7).slice(1, 1, 3));
  expect_same_addresses(block, m.block<3, 2>(4, 1));

  // Every other row, columns reversed is refused (negative), columns
  // stepped by 3 is fine: the map's addresses are m(2i, 3j).
  const zc::buffer_view stepped = v.slice(0, 0, 8, 2).slice(1, 0, 6, 3);
  auto map = zc::eigen::map<Eigen::MatrixXf>(stepped);
  ASSERT_EQ(map.rows(), 4);
  ASSERT_EQ(map.cols(), 2);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) EXPECT_EQ(&map(i, j), &m(2 * i, 3 * j));
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXf>(v.slice(1, std::nullopt, std::nullopt, -1)),
               zc::error);
}

TEST(eigen_round_trip, block_view_maps_back_onto_itself) {
  Eigen::MatrixXi m = Eigen::MatrixXi::Random(6, 6);
  auto block = m.block(1, 2, 4, 3);
  const zc::buffer_view bv = zc::eigen::view(block);
  auto map = zc::eigen::map<Eigen::MatrixXi>(bv);
  expect_same_addresses(map, block);
  // Transposed through the view: map addresses are the block's transposed.
  auto tmap = zc::eigen::map<Eigen::MatrixXi>(bv.transpose());
  expect_same_addresses(tmap, m.block(1, 2, 4, 3).transpose());
}

/// Forbids Eigen's own heap allocations (std::malloc, which the operator
/// new counter does not see) for its lifetime; see eigen_test_config.hpp.
struct eigen_malloc_forbidden {
  eigen_malloc_forbidden() { Eigen::internal::set_is_malloc_allowed(false); }
  ~eigen_malloc_forbidden() { Eigen::internal::set_is_malloc_allowed(true); }
  eigen_malloc_forbidden(const eigen_malloc_forbidden&) = delete;
  eigen_malloc_forbidden& operator=(const eigen_malloc_forbidden&) = delete;
};

TEST(eigen_round_trip, nothing_allocates_or_copies) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(64, 32);
  Eigen::Tensor<float, 3, Eigen::RowMajor> t(4, 5, 3);
  const std::uint64_t copied_before = zc::bytes_copied();
  double sink = 0;
  const void* tensor_data = nullptr;
  std::size_t allocations = 0;
  {
    const eigen_malloc_forbidden no_eigen_malloc;
    zc::test::allocation_counter counter;
    const zc::buffer_view v = zc::eigen::view(m);
    auto a = zc::eigen::map<Eigen::MatrixXd>(v);
    auto b = zc::eigen::map<const Eigen::MatrixXd>(v.as_readonly());
    auto c = zc::eigen::tight_map<Eigen::MatrixXd>(v.slice(0, 8, 40));
    auto d = zc::eigen::map_as<Eigen::Map<Eigen::MatrixXd>>(v);
    auto e = zc::eigen::map<Eigen::VectorXd>(v.select(1, 3));
    auto f = zc::eigen::map<Eigen::MatrixXd>(zc::eigen::view(m.block(3, 4, 10, 10)));
    const double visited =
        zc::eigen::visit_map<Eigen::MatrixXd>(v.slice(0, 0, 64, 2), [](auto x) { return x(0, 0); });
    const zc::buffer_view tv = zc::eigen::view(t);
    auto tm = zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(tv);
    auto tc = zc::eigen::tensor_map<const float, 3, Eigen::RowMajor>(tv.as_readonly());
    sink = a(0, 0) + b(1, 1) + c(2, 2) + d(3, 3) + e(4) + f(0, 0) + visited;
    tensor_data = tc.data() == tm.data() ? tm.data() : nullptr;
    allocations = counter.count();
  }
  EXPECT_EQ(allocations, 0u);
  EXPECT_EQ(zc::bytes_copied(), copied_before);
  EXPECT_EQ(tensor_data, t.data());
  EXPECT_DOUBLE_EQ(sink, m(0, 0) + m(1, 1) + m(10, 2) + m(3, 3) + m(4, 3) + m(3, 4) + m(0, 0));
}

TEST(eigen_round_trip, the_guards_see_a_copy) {
  // The zero-allocation test above can fail: the copying path users write
  // today allocates, and both guards see it.
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(8, 8);
  const zc::buffer_view v = zc::eigen::view(m);
  {
    const eigen_malloc_forbidden no_eigen_malloc;
    EXPECT_THROW(Eigen::MatrixXd copy = zc::eigen::map<Eigen::MatrixXd>(v),
                 zc::test::eigen_assertion);
  }
  zc::test::allocation_counter counter;
  std::vector<double> copy = v.to_vector<double>();
  EXPECT_GE(counter.count(), 1u);
  EXPECT_NE(static_cast<const void*>(copy.data()), v.data());
  // A refusal builds its message on the heap; the success path above did not.
  counter.reset();
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXf>(v), zc::error);
  EXPECT_GE(counter.count(), 1u);
}

}  // namespace
