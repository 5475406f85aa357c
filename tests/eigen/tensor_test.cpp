// Eigen::Tensor / TensorMap <-> zc::buffer_view: both layouts, ranks 1..8,
// pointer identity, writes both ways, and every refusal of tensor_map.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include <zc/eigen.hpp>

#include "expect_error.hpp"

namespace {

using zc::dims;

TEST(eigen_tensor, col_major_export) {
  Eigen::Tensor<float, 3> t(2, 3, 4);
  const zc::buffer_view v = zc::eigen::view(t);
  EXPECT_EQ(v.data(), t.data());
  EXPECT_EQ(v.shape_dims(), dims(2, 3, 4));
  EXPECT_EQ(v.stride_dims(), dims(4, 8, 24));
  EXPECT_TRUE(v.is_f_contiguous());
  EXPECT_FALSE(v.readonly());
}

TEST(eigen_tensor, row_major_image_is_one_rank3_view) {
  const Eigen::Index h = 5, w = 7, c = 3;
  Eigen::Tensor<std::uint8_t, 3, Eigen::RowMajor> img(h, w, c);
  img.setZero();
  const zc::buffer_view v = zc::eigen::view(img);
  EXPECT_EQ(v.data(), img.data());
  EXPECT_EQ(v.shape_dims(), dims(h, w, c));
  EXPECT_EQ(v.stride_dims(), dims(w * c, c, 1));
  EXPECT_TRUE(v.is_c_contiguous());
  // Writes both ways.
  v.at<std::uint8_t>(4, 6, 2) = 200;
  EXPECT_EQ(img(4, 6, 2), 200);
  img(1, 2, 0) = 9;
  EXPECT_EQ(v.at<const std::uint8_t>(1, 2, 0), 9);
}

TEST(eigen_tensor, const_and_tensor_map_export) {
  Eigen::Tensor<double, 2> t(3, 3);
  t.setConstant(1.0);
  const Eigen::Tensor<double, 2>& ct = t;
  EXPECT_TRUE(zc::eigen::view(ct).readonly());
  Eigen::TensorMap<Eigen::Tensor<double, 2>> tm(t.data(), 3, 3);
  EXPECT_FALSE(zc::eigen::view(tm).readonly());
  EXPECT_EQ(zc::eigen::view(tm).data(), t.data());
  Eigen::TensorMap<const Eigen::Tensor<double, 2>> ctm(t.data(), 3, 3);
  EXPECT_TRUE(zc::eigen::view(ctm).readonly());
  // A temporary TensorMap is fine: the memory is the tensor's.
  EXPECT_EQ(zc::eigen::view(Eigen::TensorMap<Eigen::Tensor<double, 1>>(t.data(), 9)).size(), 9u);
  auto shared = std::make_shared<Eigen::Tensor<int, 1>>(4);
  const zc::buffer_view sv = zc::eigen::view(shared);
  EXPECT_NE(sv.owner(), nullptr);
  EXPECT_EQ(sv.data(), shared->data());
}

TEST(eigen_tensor, ranks_one_to_eight) {
  Eigen::Tensor<std::int16_t, 1> r1(5);
  EXPECT_EQ(zc::eigen::view(r1).stride_dims(), dims(2));
  Eigen::Tensor<std::int16_t, 8> r8(2, 1, 2, 1, 2, 1, 2, 3);
  r8.setZero();
  const zc::buffer_view v8 = zc::eigen::view(r8);
  EXPECT_EQ(v8.rank(), 8u);
  EXPECT_EQ(v8.shape_dims(), dims(2, 1, 2, 1, 2, 1, 2, 3));
  EXPECT_EQ(v8.stride_dims(), dims(2, 4, 4, 8, 8, 16, 16, 32));
  auto m8 = zc::eigen::tensor_map<std::int16_t, 8>(v8);
  EXPECT_EQ(m8.data(), r8.data());
  m8(1, 0, 1, 0, 1, 0, 1, 2) = 42;
  EXPECT_EQ(r8(1, 0, 1, 0, 1, 0, 1, 2), 42);
  Eigen::Tensor<float, 8, Eigen::RowMajor> rm8(1, 2, 1, 2, 1, 2, 1, 2);
  const zc::buffer_view rv8 = zc::eigen::view(rm8);
  EXPECT_TRUE(rv8.is_c_contiguous());
  EXPECT_EQ((zc::eigen::tensor_map<float, 8, Eigen::RowMajor>(rv8).data()), rm8.data());
}

TEST(eigen_tensor, import_both_layouts) {
  std::vector<float> buf(2 * 3 * 4);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<float>(i);
  const zc::buffer_view c_order = zc::view(buf.data(), {2, 3, 4});
  auto rm = zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(c_order);
  EXPECT_EQ(rm.data(), buf.data());
  EXPECT_EQ(rm.dimension(0), 2);
  EXPECT_EQ(rm.dimension(2), 4);
  EXPECT_EQ(rm(1, 2, 3), 23.0f);
  // Its transpose is F order: the ColMajor map of dims (4, 3, 2).
  auto cm = zc::eigen::tensor_map<float, 3>(c_order.transpose());
  EXPECT_EQ(cm.data(), buf.data());
  EXPECT_EQ(cm.dimension(0), 4);
  EXPECT_EQ(cm(3, 2, 1), 23.0f);
  // Writes both ways.
  rm(0, 1, 1) = -1.0f;
  EXPECT_EQ(buf[5], -1.0f);
  buf[6] = -2.0f;
  EXPECT_EQ(cm(2, 1, 0), -2.0f);
  // Readonly views map as const tensors.
  auto ro = zc::eigen::tensor_map<const float, 3, Eigen::RowMajor>(c_order.as_readonly());
  static_assert(std::is_same_v<decltype(ro.data()), const float*>);
  EXPECT_EQ(ro.data(), buf.data());
  // An Eigen matrix view is a rank-2 ColMajor tensor.
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(3, 5);
  auto mt = zc::eigen::tensor_map<double, 2>(zc::eigen::view(m));
  EXPECT_EQ(mt.data(), m.data());
  EXPECT_EQ(mt(2, 4), m(2, 4));
  // Exact type, with an alignment promise that holds.
  alignas(32) double aligned[8] = {};
  using a32 = Eigen::TensorMap<Eigen::Tensor<double, 1>, Eigen::Aligned32>;
  EXPECT_EQ(zc::eigen::tensor_map_as<a32>(zc::view(aligned)).data(), aligned);
}

TEST(eigen_tensor, const_scalar_tensor_maps_are_readonly_maps) {
  // Eigen::TensorMap<Eigen::Tensor<const T, N>> is the other common spelling
  // of a readonly tensor map (TensorFlow's ConstTensor uses it); it must
  // accept readonly views like TensorMap<const Tensor<T, N>> does.
  std::vector<float> buf(2 * 3 * 4, 1.5f);
  const zc::buffer_view ro = zc::view(static_cast<const float*>(buf.data()), {2, 3, 4});
  using const_scalar = Eigen::TensorMap<Eigen::Tensor<const float, 3, Eigen::RowMajor>>;
  const const_scalar m = zc::eigen::tensor_map_as<const_scalar>(ro);
  EXPECT_EQ(m.data(), buf.data());
  EXPECT_EQ(m(1, 2, 3), 1.5f);
  EXPECT_EQ(m.dimension(2), 4);
  // Writable views map that way too; the map itself only reads.
  EXPECT_EQ(zc::eigen::tensor_map_as<const_scalar>(zc::view(buf.data(), {2, 3, 4})).data(),
            buf.data());
  // And the constness shows in refusal messages.
  const std::string msg = zc::test::error_of(
      [&] { (void)zc::eigen::tensor_map_as<const_scalar>(ro.transpose()); }, zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "Eigen::Tensor<const float, 3, RowMajor>");
}

TEST(eigen_tensor, extent_one_axes_and_empty_tensors) {
  std::vector<double> buf(12, 0.0);
  // (3, 1, 4) C order, with a junk stride on the extent-1 axis: never moves.
  const zc::buffer_view v(buf.data(), zc::dtype_of<double>(), dims{3, 1, 4}, dims{32, -999, 8},
                          zc::access::read_write);
  auto t = zc::eigen::tensor_map<double, 3, Eigen::RowMajor>(v);
  EXPECT_EQ(t.data(), buf.data());
  Eigen::Tensor<float, 2> empty(0, 3);
  auto e = zc::eigen::tensor_map<float, 2>(zc::eigen::view(empty));
  EXPECT_EQ(e.size(), 0);
  EXPECT_EQ(e.dimension(1), 3);
}

using zc::test::error_of;

TEST(eigen_tensor, refusals) {
  Eigen::Tensor<float, 3, Eigen::RowMajor> t(2, 3, 4);
  const zc::buffer_view v = zc::eigen::view(t);
  std::string msg = error_of([&] { (void)zc::eigen::tensor_map<double, 3, Eigen::RowMajor>(v); },
                             zc::errc::dtype_mismatch);
  ZC_EXPECT_CONTAINS(msg, "float32");
  ZC_EXPECT_CONTAINS(msg, "Eigen::TensorMap<Eigen::Tensor<double, 3, RowMajor>");
  const zc::byte_order other =
      zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big : zc::byte_order::little;
  error_of(
      [&] {
        (void)zc::eigen::tensor_map<const float, 3, Eigen::RowMajor>(v.with_byte_order(other));
      },
      zc::errc::dtype_mismatch);
  msg = error_of([&] { (void)zc::eigen::tensor_map<float, 2, Eigen::RowMajor>(v); },
                 zc::errc::shape_mismatch);
  ZC_EXPECT_CONTAINS(msg, "rank-2");
  // The hint names the tensor call's const spelling, not the matrix one.
  msg = error_of([&] { (void)zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(v.as_readonly()); },
                 zc::errc::readonly);
  ZC_EXPECT_CONTAINS(msg, "zc::eigen::tensor_map<const S, N>");
  // Wrong layout: C-order data as ColMajor; the message suggests RowMajor.
  msg = error_of([&] { (void)zc::eigen::tensor_map<float, 3>(v); }, zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "Eigen::RowMajor");
  // Not packed: a slice with a step.
  error_of([&] { (void)zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(v.slice(2, 0, 4, 2)); },
           zc::errc::layout);
  msg = error_of([&] { (void)zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(v.flip(0)); },
                 zc::errc::layout);
  ZC_EXPECT_CONTAINS(msg, "negative");
  // Strides that are not whole elements.
  alignas(8) std::byte raw[64] = {};
  const zc::buffer_view odd_stride(raw, zc::dtype_of<float>(), dims{3}, dims{6},
                                   zc::access::read_write);
  error_of([&] { (void)zc::eigen::tensor_map<float, 1>(odd_stride); }, zc::errc::layout);
  // Misaligned for the scalar, and for an AlignedN promise.
  const zc::buffer_view misaligned(raw + 2, zc::dtype_of<float>(), dims{4}, dims{4},
                                   zc::access::read_write);
  error_of([&] { (void)zc::eigen::tensor_map<float, 1>(misaligned); }, zc::errc::alignment);
  const zc::buffer_view at8(raw + 8, zc::dtype_of<float>(), dims{4}, dims{4},
                            zc::access::read_write);
  EXPECT_EQ((zc::eigen::tensor_map<float, 1>(at8).data()), reinterpret_cast<float*>(raw + 8));
  using a16 = Eigen::TensorMap<Eigen::Tensor<float, 1>, Eigen::Aligned16>;
  if (reinterpret_cast<std::uintptr_t>(raw + 8) % 16 != 0) {
    error_of([&] { (void)zc::eigen::tensor_map_as<a16>(at8); }, zc::errc::alignment);
  } else {
    error_of([&] { (void)zc::eigen::tensor_map_as<a16>(misaligned); }, zc::errc::alignment);
  }
}

}  // namespace
