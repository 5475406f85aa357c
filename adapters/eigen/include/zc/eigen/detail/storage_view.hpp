// storage_view: the one place an Eigen object's storage becomes a
// buffer_view, for matrices and arrays (view.hpp) and tensors (tensor.hpp).
// Internal.
#pragma once

#include <type_traits>

#include "zc/buffer_view.hpp"
#include "zc/eigen/scalar.hpp"

namespace zc::eigen::detail {

// Exporting storage that is not yet initialized is the point of a decode or
// read target (e.g. a fixed-size Matrix on the stack or a Tensor about to be
// filled through the view).  g++ 12 at -O2+ reports -Wmaybe-uninitialized
// when such an address reaches buffer_view's `const void*` parameter,
// although the constructor never reads the elements; silence it here only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
/// A view of `object`'s elements (its data()) with the given shape and byte
/// strides; readonly when the object is const or gives only const access.
/// Borrows: the object's memory must outlive the view.
template <class E>
buffer_view storage_view(E&& object, const dims& shape, const dims& strides) {
  auto* data = object.data();
  using Scalar = std::remove_const_t<std::remove_pointer_t<decltype(data)>>;
  constexpr bool writable = !std::is_const_v<std::remove_reference_t<E>> &&
                            !std::is_const_v<std::remove_pointer_t<decltype(data)>>;
  return buffer_view(data, dtype_for<Scalar>(), shape, strides,
                     writable ? access::read_write : access::read_only);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace zc::eigen::detail
