// The refusals shared by every import (view -> Eigen::Map / Eigen::TensorMap).
//
// Each check throws zc::error naming both sides:
//   cannot map '<f4' (float32) view of shape (3, 4), strides (16, 4) as
//   Eigen::Matrix<double, Dynamic, Dynamic>: needs '<f8' (float64)
// The target's name is passed as a function pointer and only called on the
// refusal path, so a successful import builds no string and allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "zc/buffer_view.hpp"
#include "zc/eigen/type_name.hpp"

namespace zc::eigen::detail {

[[noreturn]] inline void refuse(errc code, const buffer_view& v, name_fn target,
                                const std::string& why) {
  throw error(code, "cannot map " + v.describe() + " as " + target() + ": " + why);
}

inline const char* order_name(byte_order order) {
  return order == byte_order::little ? "little-endian" : "big-endian";
}

/// The view's dtype must equal `need` (native byte order).
inline void check_dtype(const buffer_view& v, zc::dtype need, name_fn target) {
  if (v.dtype() == need) return;
  const zc::dtype found = v.dtype();
  if (found.kind() == need.kind() && found.bits() == need.bits()) {
    // Same numbers, other byte order: Eigen only computes in native order.
    refuse(errc::dtype_mismatch, v, target,
           "needs " + need.describe() + " in native (" + order_name(host_byte_order) +
               ") byte order, found " + order_name(found.resolved_order()) + " " +
               found.describe() +
               "; Eigen cannot swap bytes on access: zc::copy the view into a native-order "
               "buffer first");
  }
  refuse(errc::dtype_mismatch, v, target,
         "needs " + need.describe() + ", found " + found.describe());
}

/// A mutable map needs a writable view.  `const_hint` names the const
/// spelling of the call that would read the view instead.
inline void check_writable(const buffer_view& v, name_fn target,
                           const char* const_hint = "zc::eigen::map<const M>") {
  if (!v.readonly()) return;
  refuse(errc::readonly, v, target,
         std::string("needs a writable view, found a readonly one; map it as const (e.g. ") +
             const_hint + ") to read it");
}

inline void check_rank(const buffer_view& v, std::size_t want, name_fn target, const char* axes) {
  if (v.rank() == want) return;
  refuse(errc::shape_mismatch, v, target,
         "needs a rank-" + std::to_string(want) + " view " + axes + ", found rank " +
             std::to_string(v.rank()));
}

/// The byte stride of `axis` as a whole number of elements.  Only call it
/// for axes that matter (extent > 1 in a non-empty view).
inline std::int64_t stride_in_elements(const buffer_view& v, std::size_t axis, name_fn target) {
  const std::int64_t bytes = v.strides()[axis];
  const auto item = static_cast<std::int64_t>(v.itemsize());
  if (bytes < 0) {
    refuse(errc::layout, v, target,
           "Eigen does not support negative strides, found " + std::to_string(bytes) +
               " bytes on axis " + std::to_string(axis) +
               "; flip() the axis back, or zc::copy the view into a forward-strided buffer");
  }
  if (bytes % item != 0) {
    refuse(errc::layout, v, target,
           "Eigen strides count whole elements, found a stride of " + std::to_string(bytes) +
               " bytes on axis " + std::to_string(axis) + ", not a multiple of the item size " +
               std::to_string(item) + " bytes; zc::copy the view into a packed buffer first");
  }
  return bytes / item;
}

/// The data address must suit the scalar type (`align` bytes, its alignof).
inline void check_address(const buffer_view& v, std::size_t align, const std::string& scalar,
                          name_fn target) {
  const auto address = reinterpret_cast<std::uintptr_t>(v.data());
  if (address % align == 0) return;
  refuse(errc::alignment, v, target,
         "the data address is " + std::to_string(address % align) + " bytes past a " +
             std::to_string(align) + "-byte boundary, but " + scalar + " needs " +
             std::to_string(align) +
             "-byte alignment; zc::copy the view into an aligned buffer first");
}

/// The element count must fit the Eigen index type.
template <class Index>
Index checked_index(std::int64_t value, const buffer_view& v, name_fn target) {
  if (!std::in_range<Index>(value)) {
    refuse(errc::overflow, v, target,
           "extent or stride " + std::to_string(value) + " does not fit the index type");
  }
  return static_cast<Index>(value);
}

}  // namespace zc::eigen::detail
