// Export: an Eigen dense object with direct access -> zc::buffer_view.
//
//   Eigen::MatrixXd m(3, 4);
//   zc::buffer_view v = zc::eigen::view(m);            // (3, 4), strides (8, 24)
//   zc::buffer_view b = zc::eigen::view(m.block(1, 1, 2, 2));
//
// The view borrows: it points at the object's data() and holds no owner, so
// the object (for a Block or Map: the memory behind it) must outlive the view.
// zc::eigen::view(std::shared_ptr<M>) makes a view that keeps the object alive.
// Including <zc/eigen.hpp> also makes zc::view(object) work for all of these
// (zc::exporter specialisations), so generic code needs no Eigen spelling.
//
// Layout: a compile-time vector (VectorXd, RowVector3f, m.col(j), m.row(i),
// m.diagonal()) is a 1-d view; everything else is 2-d with axis 0 = rows and
// axis 1 = cols whatever the storage order -- the byte strides say the order
// (column-major: (innerStride, outerStride) * sizeof(Scalar); row-major:
// (outerStride, innerStride) * sizeof(Scalar)).
//
// Writability: the view is readonly when the object is const or only gives
// const access (Map<const M>, Ref<const M>, a Block of a const matrix).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>

#include "zc/buffer_view.hpp"
#include "zc/eigen/detail/storage_view.hpp"
#include "zc/eigen/scalar.hpp"

namespace zc::eigen {

namespace detail {

template <class D>
inline constexpr bool is_dense_v = std::is_base_of_v<Eigen::EigenBase<D>, D>;

template <class D>
inline constexpr bool is_plain_object_v = std::is_base_of_v<Eigen::PlainObjectBase<D>, D>;

template <class T>
struct is_ref_to_const : std::false_type {};
template <class T, int O, class S>
struct is_ref_to_const<Eigen::Ref<const T, O, S>> : std::true_type {};

/// Objects whose elements live inside them: a temporary of these types would
/// die before the view.  (A Ref<const T> may hold a private evaluated copy.)
template <class D>
inline constexpr bool owns_elements_v = is_plain_object_v<D> || is_ref_to_const<D>::value;

template <class E>
buffer_view direct_view(E&& object);

template <class E>
buffer_view dense_view(E&& object) {
  using D = std::remove_cvref_t<E>;
  using Scalar = typename D::Scalar;
  constexpr bool direct = (D::Flags & Eigen::DirectAccessBit) != 0;
  static_assert(direct,
                "zc::eigen::view needs an object with direct access (Matrix, Array, Map, Ref, "
                "Block); evaluate the expression into a Matrix first, e.g. "
                "Eigen::MatrixXd tmp = a + b;");
  static_assert(std::is_lvalue_reference_v<E> || !owns_elements_v<D>,
                "zc::eigen::view of a temporary Matrix/Array/Ref<const> would dangle: keep the "
                "object in a variable, or pass a std::shared_ptr to it so the view owns it");
  static_assert(is_scalar_v<Scalar>,
                "zc::eigen::view: the Scalar type has no dtype (supported: bool, integers, "
                "float, double, std::complex<float|double>, Eigen::half)");
  if constexpr (!direct || !is_scalar_v<Scalar>) {
    return buffer_view();  // unreachable: the static_asserts above fired; no follow-up noise
  } else {
    return direct_view(std::forward<E>(object));
  }
}

template <class E>
buffer_view direct_view(E&& object) {
  using D = std::remove_cvref_t<E>;
  using Scalar = typename D::Scalar;
  const auto item = static_cast<std::int64_t>(sizeof(Scalar));
  // Eigen strides are in elements; the view's are in bytes.
  const std::int64_t inner = static_cast<std::int64_t>(object.innerStride()) * item;
  const std::int64_t outer = static_cast<std::int64_t>(object.outerStride()) * item;
  if constexpr (D::IsVectorAtCompileTime) {
    // For vectors Eigen's innerStride() is the step between coefficients,
    // whichever matrix the vector was cut from.
    return storage_view(object, dims{object.size()}, dims{inner});
  } else if constexpr (D::IsRowMajor) {
    return storage_view(object, dims{object.rows(), object.cols()}, dims{outer, inner});
  } else {
    return storage_view(object, dims{object.rows(), object.cols()}, dims{inner, outer});
  }
}

}  // namespace detail

/// A view of any Eigen dense object with direct access (see the file
/// comment).  Expressions without direct access do not compile.
template <class E>
requires detail::is_dense_v<std::remove_cvref_t<E>> buffer_view view(E&& object) {
  return detail::dense_view(std::forward<E>(object));
}

/// A view that keeps the object alive (the shared_ptr is the view's owner):
/// the same as zc::view(object), which holds the one null check.
template <class T>
requires zc::viewable<T> buffer_view view(const std::shared_ptr<T>& object) {
  return zc::view(object);
}

}  // namespace zc::eigen

namespace zc {

/// zc::view(x) for Eigen dense objects: the view zc::eigen::view(x) makes.
/// A Block, Map or Ref<T> points at memory others own, so a temporary of it
/// may be viewed; a temporary Matrix, Array or Ref<const T> may not.
template <class D>
requires eigen::detail::is_dense_v<D>
struct exporter<D> {
  static constexpr bool borrowed = !eigen::detail::owns_elements_v<D>;
  template <class E>
  static buffer_view view(E& object) {
    return eigen::view(object);
  }
};

}  // namespace zc
