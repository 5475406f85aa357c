// Export: Eigen dense objects -> zc::buffer_view.  Pointer identity, byte
// strides per storage order, readonly for const access, every scalar type.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>
#include <zc/eigen.hpp>

namespace {

using zc::dims;

dims shape_of(const zc::buffer_view& v) { return v.shape_dims(); }
dims strides_of(const zc::buffer_view& v) { return v.stride_dims(); }

TEST(eigen_export, column_major_matrix) {
  Eigen::MatrixXd m(3, 4);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.data(), m.data());
  EXPECT_EQ(v.dtype(), zc::dtype::parse("=f8"));
  EXPECT_EQ(shape_of(v), dims(3, 4));
  EXPECT_EQ(strides_of(v), dims(8, 24));
  EXPECT_FALSE(v.readonly());
  EXPECT_TRUE(v.is_f_contiguous());
  EXPECT_FALSE(v.is_c_contiguous());
  EXPECT_EQ(v.owner(), nullptr);
}

TEST(eigen_export, row_major_matrix) {
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(3, 5);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.data(), m.data());
  EXPECT_EQ(v.dtype(), zc::dtype::parse("=f4"));
  EXPECT_EQ(shape_of(v), dims(3, 5));
  EXPECT_EQ(strides_of(v), dims(20, 4));
  EXPECT_TRUE(v.is_c_contiguous());
}

TEST(eigen_export, fixed_size_matrix_and_array) {
  Eigen::Matrix4f m;
  const zc::buffer_view vm = zc::eigen::view(m);
  EXPECT_EQ(vm.data(), m.data());
  EXPECT_EQ(shape_of(vm), dims(4, 4));
  EXPECT_EQ(strides_of(vm), dims(4, 16));

  Eigen::Array<std::int32_t, 2, 3, Eigen::RowMajor> a;
  const zc::buffer_view va = zc::eigen::view(a);
  EXPECT_EQ(va.data(), a.data());
  EXPECT_EQ(va.dtype(), zc::dtype::parse("=i4"));
  EXPECT_EQ(shape_of(va), dims(2, 3));
  EXPECT_EQ(strides_of(va), dims(12, 4));

  Eigen::ArrayXXd dyn(2, 2);
  EXPECT_EQ(zc::eigen::view(dyn).data(), dyn.data());
}

TEST(eigen_export, const_objects_give_readonly_views) {
  const Eigen::MatrixXd m = Eigen::MatrixXd::Zero(2, 3);
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_TRUE(v.readonly());
  EXPECT_EQ(v.data(), m.data());

  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(2, 3);
  const Eigen::Map<const Eigen::MatrixXd> cmap(w.data(), 2, 3);
  EXPECT_TRUE(zc::eigen::view(cmap).readonly());
  const Eigen::Ref<const Eigen::MatrixXd> cref(w);
  EXPECT_TRUE(zc::eigen::view(cref).readonly());
  EXPECT_EQ(zc::eigen::view(cref).data(), w.data());
  EXPECT_TRUE(zc::eigen::view(m.block(0, 0, 1, 2)).readonly());
  EXPECT_TRUE(zc::eigen::view(m.col(1)).readonly());
  EXPECT_THROW((void)zc::eigen::view(m).mutable_data(), zc::error);
}

TEST(eigen_export, map_with_strides) {
  double storage[24] = {};
  using strided = Eigen::Map<Eigen::MatrixXd, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, 2>>;
  // 3x4 col-major, every other element, columns 7 doubles apart.
  strided m(storage, 3, 4, Eigen::Stride<Eigen::Dynamic, 2>(7, 2));
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.data(), static_cast<void*>(storage));
  EXPECT_EQ(shape_of(v), dims(3, 4));
  EXPECT_EQ(strides_of(v), dims(16, 56));
  EXPECT_FALSE(v.readonly());

  using rm = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<rm, Eigen::Unaligned, Eigen::OuterStride<>> r(storage, 2, 3, Eigen::OuterStride<>(5));
  EXPECT_EQ(strides_of(zc::eigen::view(r)), dims(40, 8));
  // A temporary Map is fine: the memory is the array, not the Map.
  EXPECT_EQ(zc::eigen::view(Eigen::Map<Eigen::Matrix2d>(storage)).data(),
            static_cast<void*>(storage));
}

TEST(eigen_export, map_with_negative_runtime_strides) {
  // Eigen accepts negative strides at run time in a Stride<Dynamic, Dynamic>
  // Map (unsupported but unchecked).  The view describes the same elements:
  // data() is the Map's first element, byte strides negative; importing it
  // back is refused (Eigen maps from us are forward-strided only).
  double storage[12];
  for (int i = 0; i < 12; ++i) storage[i] = i;
  using dyn = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
  Eigen::Map<Eigen::MatrixXd, Eigen::Unaligned, dyn> reversed(storage + 11, 3, 4, dyn(-3, -1));
  const zc::buffer_view v = zc::eigen::view(reversed);
  EXPECT_EQ(v.data(), static_cast<void*>(storage + 11));
  EXPECT_EQ(shape_of(v), dims(3, 4));
  EXPECT_EQ(strides_of(v), dims(-8, -24));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_EQ((v.at<const double>(i, j)), reversed(i, j)) << i << j;
  EXPECT_THROW((void)zc::eigen::map<Eigen::MatrixXd>(v), zc::error);
  // flip() both axes back: forward strides over the same memory.
  const auto forward = zc::eigen::map<Eigen::MatrixXd>(v.flip(0).flip(1));
  EXPECT_EQ(forward.data(), storage);
  EXPECT_EQ(forward(0, 0), reversed(2, 3));
}

TEST(eigen_export, ref_and_block) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(5, 6);
  Eigen::Ref<Eigen::MatrixXd> ref(m);
  EXPECT_EQ(zc::eigen::view(ref).data(), m.data());
  EXPECT_FALSE(zc::eigen::view(ref).readonly());

  const zc::buffer_view b = zc::eigen::view(m.block(1, 2, 3, 2));
  EXPECT_EQ(b.data(), &m(1, 2));
  EXPECT_EQ(shape_of(b), dims(3, 2));
  EXPECT_EQ(strides_of(b), dims(8, 40));  // outer stride of the parent
  EXPECT_FALSE(b.is_contiguous());

  Eigen::Matrix<std::uint16_t, 4, 5, Eigen::RowMajor> r;
  const zc::buffer_view rb = zc::eigen::view(r.block<2, 3>(1, 1));
  EXPECT_EQ(rb.data(), &r(1, 1));
  EXPECT_EQ(strides_of(rb), dims(10, 2));

  const zc::buffer_view t = zc::eigen::view(m.transpose());
  EXPECT_EQ(t.data(), m.data());
  EXPECT_EQ(shape_of(t), dims(6, 5));
  EXPECT_EQ(strides_of(t), dims(40, 8));
}

TEST(eigen_export, vectors_are_one_dimensional) {
  Eigen::VectorXd col(7);
  EXPECT_EQ(shape_of(zc::eigen::view(col)), dims(7));
  EXPECT_EQ(strides_of(zc::eigen::view(col)), dims(8));
  Eigen::RowVector3f row;
  EXPECT_EQ(shape_of(zc::eigen::view(row)), dims(3));
  EXPECT_EQ(strides_of(zc::eigen::view(row)), dims(4));

  Eigen::MatrixXd m(4, 3);
  const zc::buffer_view c1 = zc::eigen::view(m.col(1));
  EXPECT_EQ(c1.data(), &m(0, 1));
  EXPECT_EQ(strides_of(c1), dims(8));
  const zc::buffer_view r2 = zc::eigen::view(m.row(2));
  EXPECT_EQ(r2.data(), &m(2, 0));
  EXPECT_EQ(shape_of(r2), dims(3));
  EXPECT_EQ(strides_of(r2), dims(32));
  const zc::buffer_view d = zc::eigen::view(m.diagonal());
  EXPECT_EQ(shape_of(d), dims(3));
  EXPECT_EQ(strides_of(d), dims(40));

  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> rm;
  EXPECT_EQ(strides_of(zc::eigen::view(rm.row(1))), dims(8));
  EXPECT_EQ(strides_of(zc::eigen::view(rm.col(1))), dims(24));
  EXPECT_EQ(zc::eigen::view(rm.col(1)).data(), &rm(0, 1));
}

TEST(eigen_export, writes_through_the_view_reach_the_matrix) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(3, 4);
  const zc::buffer_view v = zc::eigen::view(m);
  v.at<double>(2, 1) = 42.0;
  EXPECT_EQ(m(2, 1), 42.0);
  m(1, 3) = -7.5;
  EXPECT_EQ(v.at<const double>(1, 3), -7.5);
}

TEST(eigen_export, shared_ptr_view_keeps_the_matrix_alive) {
  auto m = std::make_shared<Eigen::MatrixXf>(Eigen::MatrixXf::Constant(2, 2, 3.0f));
  const zc::buffer_view v = zc::eigen::view(m);
  EXPECT_EQ(v.data(), m->data());
  EXPECT_NE(v.owner(), nullptr);
  m.reset();  // the view's owner still holds the matrix
  EXPECT_EQ(v.at<const float>(1, 1), 3.0f);

  auto cm = std::make_shared<const Eigen::MatrixXf>(Eigen::MatrixXf::Zero(1, 1));
  EXPECT_TRUE(zc::eigen::view(cm).readonly());

  std::shared_ptr<Eigen::MatrixXd> null;
  try {
    (void)zc::eigen::view(null);
    FAIL() << "a null shared_ptr was accepted";
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::invalid_argument);
  }
}

// Every scalar the adapter supports, with the dtype it must get.
template <class C>
class eigen_export_scalar : public ::testing::Test {};

using scalar_cases =
    ::testing::Types<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t,
                     std::uint32_t, std::int64_t, std::uint64_t, float, double, std::complex<float>,
                     std::complex<double>, bool, Eigen::half>;
TYPED_TEST_SUITE(eigen_export_scalar, scalar_cases);

TYPED_TEST(eigen_export_scalar, dtype_and_strides_follow_the_scalar) {
  using S = TypeParam;
  Eigen::Matrix<S, 2, 3> m;
  const zc::buffer_view v = zc::eigen::view(m);
  const auto item = static_cast<std::int64_t>(sizeof(S));
  EXPECT_EQ(v.data(), static_cast<const void*>(m.data()));
  EXPECT_EQ(v.itemsize(), sizeof(S));
  EXPECT_EQ(v.dtype(), zc::eigen::dtype_for<S>());
  EXPECT_EQ(strides_of(v), dims(item, 2 * item));
  // And back: the map lands on the same memory.
  auto back = zc::eigen::map<Eigen::Matrix<S, 2, 3>>(v);
  EXPECT_EQ(back.data(), m.data());
}

TEST(eigen_export_scalar, dtype_spellings) {
  EXPECT_EQ(zc::eigen::dtype_for<Eigen::half>(), zc::dtype::parse("=f2"));
  EXPECT_EQ(zc::eigen::dtype_for<std::complex<double>>(), zc::dtype::parse("=c16"));
  EXPECT_EQ(zc::eigen::dtype_for<bool>(), zc::dtype::parse("?"));
  EXPECT_EQ(zc::eigen::dtype_for<std::uint16_t>(), zc::dtype::parse("=u2"));
  EXPECT_EQ(zc::eigen::dtype_for<std::int64_t>(), zc::dtype::parse("=i8"));
}

}  // namespace

// ---- zc::view(x): the one export door (zc::exporter) reaches Eigen ----------

namespace {

// Temporaries: a Block points at the matrix's memory (fine); a Matrix owns
// its memory and would dangle (refused at compile time).
template <class T>
concept viewable_rvalue = requires(T&& t) {
  zc::view(std::forward<T>(t));
};
static_assert(zc::viewable<Eigen::MatrixXd>);
static_assert(zc::viewable<const Eigen::Matrix3f>);
static_assert(zc::viewable<Eigen::Map<Eigen::VectorXi>>);
static_assert(zc::viewable<Eigen::Tensor<float, 3>>);
static_assert(viewable_rvalue<Eigen::Block<Eigen::MatrixXd>>);
static_assert(!viewable_rvalue<Eigen::MatrixXd>);
static_assert(!viewable_rvalue<Eigen::Tensor<float, 2>>);

TEST(eigen_export_through_zc_view, is_the_same_view_as_eigen_view) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(3, 4);
  const zc::buffer_view v = zc::view(m);
  EXPECT_EQ(v.data(), m.data());
  EXPECT_EQ(shape_of(v), dims(3, 4));
  EXPECT_EQ(strides_of(v), strides_of(zc::eigen::view(m)));
  EXPECT_FALSE(v.readonly());
  v.at<double>(2, 3) = 5.0;
  EXPECT_EQ(m(2, 3), 5.0);
  const Eigen::MatrixXd& cm = m;
  EXPECT_TRUE(zc::view(cm).readonly());

  const zc::buffer_view b = zc::view(m.block(1, 1, 2, 2));
  EXPECT_EQ(b.data(), &m(1, 1));
  EXPECT_EQ(strides_of(b), dims(8, 24));

  Eigen::Tensor<float, 3, Eigen::RowMajor> t(2, 3, 4);
  const zc::buffer_view tv = zc::view(t);
  EXPECT_EQ(tv.data(), t.data());
  EXPECT_TRUE(tv.is_c_contiguous());
  EXPECT_EQ(zc::view(Eigen::TensorMap<Eigen::Tensor<float, 1>>(t.data(), 24)).data(), t.data());

  // The shaped container view stays a core matter: a plain std::vector.
  std::vector<float> flat(6);
  EXPECT_EQ(zc::view(flat, {2, 3}).data(), flat.data());
}

TEST(eigen_export_through_zc_view, shared_ptr_keeps_the_matrix_alive) {
  auto m = std::make_shared<Eigen::MatrixXf>(Eigen::MatrixXf::Constant(2, 3, 4.0F));
  const float* data = m->data();
  std::weak_ptr<Eigen::MatrixXf> weak = m;
  zc::buffer_view v = zc::view(m);
  m.reset();
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(v.data(), data);
  EXPECT_EQ(v.at<const float>(1, 2), 4.0F);
  v.release();
  EXPECT_TRUE(weak.expired());
}

}  // namespace
