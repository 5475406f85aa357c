// Every refusal of an import, with its error code and a message that names
// both sides (the view and the Eigen type).
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include <zc/eigen.hpp>

#include "expect_error.hpp"

namespace {

using rm_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

using zc::test::error_of;

TEST(eigen_refusal, dtype_mismatch_names_both_sides) {
  Eigen::MatrixXf m = Eigen::MatrixXf::Zero(3, 4);
  const zc::buffer_view v = zc::eigen::view(m);
  const std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(v); }, zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(msg, "float32");                                  // found
  ZC_EXPECT_CONTAINS(msg, "float64");                                  // needed
  ZC_EXPECT_CONTAINS(msg, "Eigen::Matrix<double, Dynamic, Dynamic>");  // the target
  ZC_EXPECT_CONTAINS(msg, "shape (3, 4)");                             // the view

  error_of([&] { (void)zc::eigen::map<Eigen::MatrixXi>(v); }, zc::errc::dtype_mismatch);
  error_of([&] { (void)zc::eigen::tight_map<Eigen::MatrixXd>(v); }, zc::errc::dtype_mismatch);
  error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(v.select(1, 0)); },
           zc::errc::dtype_mismatch);
  // Same width, other kind: uint32 is not float32 either.
  error_of([&] { (void)zc::eigen::map<Eigen::Matrix<std::uint32_t, 3, 4>>(v); },
           zc::errc::dtype_mismatch);
}

TEST(eigen_refusal, non_native_byte_order) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(2, 2);
  const zc::byte_order other =
      zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big : zc::byte_order::little;
  const zc::buffer_view swapped = zc::eigen::view(m).with_byte_order(other);
  const std::string msg = error_of([&] { (void)zc::eigen::map<const Eigen::MatrixXd>(swapped); },
                                   zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(msg, "byte order");
  ZC_EXPECT_CONTAINS(msg, "zc::copy");
}

TEST(eigen_refusal, mutable_map_of_a_readonly_view) {
  const Eigen::MatrixXd m = Eigen::MatrixXd::Zero(2, 2);
  const zc::buffer_view v = zc::eigen::view(m);
  ASSERT_TRUE(v.readonly());
  const std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(v); }, zc::errc::readonly);
  ZC_EXPECT_CONTAINS(msg, "readonly");
  ZC_EXPECT_CONTAINS(msg, "const");
  error_of([&] { (void)zc::eigen::tight_map<Eigen::MatrixXd>(v); }, zc::errc::readonly);
  error_of([&] { (void)zc::eigen::map_as<Eigen::Map<Eigen::MatrixXd>>(v); }, zc::errc::readonly);
  error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(v.select(0, 1)); }, zc::errc::readonly);
  error_of([&] { (void)zc::eigen::visit_map<Eigen::MatrixXd>(v, [](auto) {}); },
           zc::errc::readonly);
}

TEST(eigen_refusal, wrong_rank) {
  std::vector<double> buf(24, 0.0);
  const zc::buffer_view one = zc::view(buf);
  const zc::buffer_view three = zc::view(buf.data(), {2, 3, 4});
  const zc::buffer_view two = zc::view(buf.data(), {4, 6});
  std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(one); }, zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "rank-2");
  ZC_EXPECT_CONTAINS(msg, "rank 1");
  error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(three); }, zc::errc::shape_mismatch);
  msg = error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(two); }, zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "(n, 1)");
  msg = error_of([&] { (void)zc::eigen::map<Eigen::RowVectorXd>(two); }, zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "(1, n)");
  // A (1, n) view is a row, not a column; an (n, 1) view is not a row.
  error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(two.slice(0, 0, 1)); },
           zc::errc::shape_mismatch);
  error_of([&] { (void)zc::eigen::map<Eigen::RowVectorXd>(two.slice(1, 0, 1)); },
           zc::errc::shape_mismatch);
  const zc::buffer_view scalar = one.select(0, 0);  // rank 0
  error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(scalar); }, zc::errc::shape_mismatch);
}

TEST(eigen_refusal, fixed_size_mismatch) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(3, 4);
  const zc::buffer_view v = zc::eigen::view(m);
  std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::Matrix4d>(v); }, zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "4 rows");
  ZC_EXPECT_CONTAINS(msg, "found 3");
  ZC_EXPECT_CONTAINS(msg, "Eigen::Matrix<double, 4, 4>");
  msg = error_of([&] { (void)zc::eigen::map<Eigen::Matrix<double, 3, 3>>(v); },
                 zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "3 cols");
  ZC_EXPECT_CONTAINS(msg, "found 4");
  error_of([&] { (void)zc::eigen::map<Eigen::Vector3d>(v.select(1, 0).slice(0, 0, 2)); },
           zc::errc::shape_mismatch);
  using capped = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 2, 8>;
  msg = error_of([&] { (void)zc::eigen::map<capped>(v); }, zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "at most 2 rows");
}

TEST(eigen_refusal, strides_that_are_not_whole_elements) {
  // A packed record of (double, int32) laid out every 12 bytes: the double
  // column has a stride of 12 bytes, which Eigen cannot count in doubles.
  alignas(8) std::byte storage[12 * 8] = {};
  const zc::buffer_view column(storage, zc::dtype_of<double>(), zc::dims{8}, zc::dims{12},
                               zc::access::read_write);
  const std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(column); }, zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "12 bytes");
  ZC_EXPECT_CONTAINS(msg, "item size 8");
  const zc::buffer_view matrix(storage, zc::dtype_of<double>(), zc::dims{2, 2}, zc::dims{8, 36},
                               zc::access::read_write);
  error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(matrix); }, zc::errc::layout);
  error_of([&] { (void)zc::eigen::map<rm_matrix>(matrix); }, zc::errc::layout);
}

TEST(eigen_refusal, negative_strides) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(3, 4);
  const zc::buffer_view v = zc::eigen::view(m);
  for (int axis = 0; axis < 2; ++axis) {
    const std::string msg =
        error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(v.flip(axis)); }, zc::errc::layout);
    ZC_EXPECT_CONTAINS(msg, "negative");
    ZC_EXPECT_CONTAINS(msg, "zc::copy");
  }
  error_of([&] { (void)zc::eigen::map<Eigen::VectorXd>(v.select(1, 0).flip(0)); },
           zc::errc::layout);
  error_of([&] { (void)zc::eigen::map<const rm_matrix>(v.flip(1)); }, zc::errc::layout);
}

TEST(eigen_refusal, misaligned_pointer_for_the_scalar) {
  alignas(16) std::byte storage[8 * 10] = {};
  // Doubles starting one byte in: the address is not 8-byte aligned.
  const zc::buffer_view odd(storage + 1, zc::dtype_of<double>(), zc::dims{2, 3}, zc::dims{8, 16},
                            zc::access::read_write);
  const std::string msg =
      error_of([&] { (void)zc::eigen::map<Eigen::MatrixXd>(odd); }, zc::errc::alignment);
  ZC_EXPECT_CONTAINS(msg, "1 bytes past");
  ZC_EXPECT_CONTAINS(msg, "double needs 8-byte alignment");
  const zc::buffer_view one(storage + 4, zc::dtype_of<double>(), zc::dims{1}, zc::dims{8},
                            zc::access::read_only);
  error_of([&] { (void)zc::eigen::map<const Eigen::VectorXd>(one); }, zc::errc::alignment);
  // The same bytes as std::uint8_t are fine: alignment 1.
  const zc::buffer_view bytes = odd.cast(zc::dtype::parse("u1"), {2, 24});
  EXPECT_EQ((zc::eigen::map<Eigen::Matrix<std::uint8_t, 2, 24>>(bytes).data()),
            reinterpret_cast<std::uint8_t*>(storage + 1));
}

TEST(eigen_refusal, aligned_maps_need_aligned_address_and_strides) {
  alignas(32) float storage[64] = {};
  using a16 = Eigen::Map<Eigen::Matrix4f, Eigen::Aligned16>;
  // 8-byte aligned but not 16: refused.
  const zc::buffer_view shifted = zc::view(storage + 2, {4, 4}).transpose();
  std::string msg = error_of([&] { (void)zc::eigen::map_as<a16>(shifted); }, zc::errc::alignment);
  ZC_EXPECT_CONTAINS(msg, "16 bytes");
  ZC_EXPECT_CONTAINS(msg, "Aligned16");
  ZC_EXPECT_CONTAINS(msg, "Unaligned");
  // The same as Unaligned is fine.
  EXPECT_EQ(zc::eigen::map<Eigen::Matrix4f>(shifted).data(), storage + 2);
  // Aligned address, but columns 5 floats (20 bytes) apart.
  using a16_outer =
      Eigen::Map<Eigen::Matrix4f, Eigen::Aligned16, Eigen::OuterStride<Eigen::Dynamic>>;
  const zc::buffer_view padded = zc::view(storage, {4, 5}).slice(1, 0, 4).transpose();
  error_of([&] { (void)zc::eigen::map_as<a16_outer>(padded); }, zc::errc::alignment);
  // Columns 8 floats (32 bytes) apart keep 16-byte alignment.
  const zc::buffer_view padded8 = zc::view(storage, {4, 8}).slice(1, 0, 4).transpose();
  EXPECT_EQ(zc::eigen::map_as<a16_outer>(padded8).outerStride(), 8);
}

TEST(eigen_refusal, layouts_the_map_type_cannot_express) {
  std::vector<double> buf(48, 0.0);
  const zc::buffer_view c_order = zc::view(buf.data(), {4, 6});
  // Column-major tight map of a C-order view: inner stride 6, not 1.
  std::string msg =
      error_of([&] { (void)zc::eigen::tight_map<Eigen::MatrixXd>(c_order); }, zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "adjacent");
  ZC_EXPECT_CONTAINS(msg, "map<M>()");
  ZC_EXPECT_CONTAINS(msg, "Eigen::RowMajor M would map it tightly");
  // Contiguous Map<M> of a padded view.
  msg = error_of([&] { (void)zc::eigen::map_as<Eigen::Map<rm_matrix>>(c_order.slice(1, 0, 3)); },
                 zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "contiguous rows");
  // A vector with a gap as a contiguous vector map.
  error_of([&] { (void)zc::eigen::tight_map<Eigen::VectorXd>(zc::view(buf).slice(0, 0, 48, 2)); },
           zc::errc::layout);
  // Compile-time strides that differ from the view's.
  using stride3 = Eigen::Map<Eigen::VectorXd, Eigen::Unaligned, Eigen::InnerStride<3>>;
  msg = error_of([&] { (void)zc::eigen::map_as<stride3>(zc::view(buf).slice(0, 0, 48, 2)); },
                 zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "inner stride of 3 elements");
  using outer5 = Eigen::Map<rm_matrix, Eigen::Unaligned, Eigen::OuterStride<5>>;
  msg = error_of([&] { (void)zc::eigen::map_as<outer5>(c_order); }, zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "outer stride of 5 elements");
}

TEST(eigen_refusal, refusals_do_not_touch_the_source) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(2, 2, 1.5);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXf>(v), zc::error);
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXd>(v.flip(0)), zc::error);
  EXPECT_TRUE((m.array() == 1.5).all());
}

}  // namespace
