// Eigen::Tensor <-> zc::buffer_view, rank 0..8, both layouts.
//
//   Eigen::Tensor<std::uint8_t, 3, Eigen::RowMajor> img(h, w, 3);
//   zc::buffer_view v = zc::eigen::view(img);   // shape (h, w, 3), C order
//   auto t = zc::eigen::tensor_map<std::uint8_t, 3, Eigen::RowMajor>(v);
//
// View axis i is tensor dimension i in both layouts; the byte strides say the
// layout (ColMajor: dimension 0 moves fastest, RowMajor: the last one does).
//
// Eigen::TensorMap has no strides: it always assumes the packed layout of its
// Layout option.  So an import needs a view that is exactly packed in that
// order (F order for ColMajor, C order for RowMajor; axes of extent 1 may have
// any stride); anything else is refused with zc::error(layout) pointing at
// zc::copy or at the other layout.  Dtype (native byte order), rank,
// writability and the scalar's alignment are checked as for matrices.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <unsupported/Eigen/CXX11/Tensor>
#include <utility>

#include "zc/buffer_view.hpp"
#include "zc/eigen/detail/checks.hpp"
#include "zc/eigen/detail/storage_view.hpp"
#include "zc/eigen/scalar.hpp"
#include "zc/eigen/type_name.hpp"

namespace zc::eigen {

namespace detail {

template <class T>
struct tensor_traits {
  static constexpr bool is_tensor = false;
  static constexpr bool is_map = false;
};
template <class S, int R, int O, class I>
struct tensor_traits<Eigen::Tensor<S, R, O, I>> {
  static constexpr bool is_tensor = true;
  static constexpr bool is_map = false;
  using tensor = Eigen::Tensor<S, R, O, I>;
};
template <class P, int O, template <class> class MP>
struct tensor_traits<Eigen::TensorMap<P, O, MP>> {
  static constexpr bool is_tensor = true;
  static constexpr bool is_map = true;
  using tensor = std::remove_const_t<P>;
  using plain = P;  // may be const
  static constexpr int options = O;
};

template <class T>
inline constexpr bool is_tensor_v = tensor_traits<T>::is_tensor;

inline std::string layout_name(int options) {
  return (options & Eigen::RowMajor) != 0 ? "RowMajor" : "ColMajor";
}

template <class S, int R, int O, class I>
struct type_name<Eigen::Tensor<S, R, O, I>> {
  static std::string get() {
    return std::string("Eigen::Tensor<") + (std::is_const_v<S> ? "const " : "") + scalar_name<S>() +
           ", " + std::to_string(R) + ", " + layout_name(O) + ">";
  }
};

template <class P, int O, template <class> class MP>
struct type_name<Eigen::TensorMap<P, O, MP>> {
  static std::string get() {
    return "Eigen::TensorMap<" + type_name<P>::get() + ", " + map_options_name(O) + ">";
  }
};

template <class E>
buffer_view tensor_view(E&& object) {
  using T = std::remove_cvref_t<E>;
  using Tensor = typename tensor_traits<T>::tensor;
  using Scalar = std::remove_const_t<typename Tensor::Scalar>;
  constexpr int rank = Tensor::NumIndices;
  static_assert(rank <= static_cast<int>(zc::max_rank),
                "zc::eigen::view: a buffer_view has at most 8 axes");
  static_assert(std::is_lvalue_reference_v<E> || tensor_traits<T>::is_map,
                "zc::eigen::view of a temporary Eigen::Tensor would dangle: keep the tensor in a "
                "variable, or pass a std::shared_ptr to it so the view owns it");
  static_assert(is_scalar_v<Scalar>,
                "zc::eigen::view: the Scalar type has no dtype (supported: bool, integers, "
                "float, double, std::complex<float|double>, Eigen::half)");

  const auto item = static_cast<std::int64_t>(sizeof(Scalar));
  dims shape;
  dims strides;
  for (std::size_t d = 0; d < static_cast<std::size_t>(rank); ++d) {
    shape.push_back(static_cast<std::int64_t>(object.dimensions()[d]));
    strides.push_back(0);
  }
  // Packed strides in bytes: ColMajor grows from dimension 0, RowMajor from
  // the last dimension.
  std::int64_t step = item;
  if constexpr ((Tensor::Options & Eigen::RowMajor) != 0) {
    for (int d = rank - 1; d >= 0; --d) {
      strides[static_cast<std::size_t>(d)] = step;
      step *= shape[static_cast<std::size_t>(d)];
    }
  } else {
    for (int d = 0; d < rank; ++d) {
      strides[static_cast<std::size_t>(d)] = step;
      step *= shape[static_cast<std::size_t>(d)];
    }
  }
  return storage_view(object, shape, strides);
}

/// Checks the view against a TensorMap type and returns the extents.
template <class Index, int Rank>
std::array<Index, static_cast<std::size_t>(Rank)> plan_tensor_map(
    const buffer_view& v, zc::dtype type, bool writable, bool row_major, std::size_t scalar_align,
    std::size_t map_align, std::string (*scalar)(), name_fn target) {
  check_dtype(v, type, target);
  if (writable) check_writable(v, target, "zc::eigen::tensor_map<const S, N>");
  check_rank(v, static_cast<std::size_t>(Rank), target, "(one axis per tensor dimension)");

  std::array<Index, static_cast<std::size_t>(Rank)> extents{};
  const std::int64_t item = static_cast<std::int64_t>(v.itemsize());
  const bool empty = v.size() == 0;
  std::int64_t expected = item;  // packed stride of the next axis, bytes
  for (int k = 0; k < Rank; ++k) {
    // Walk from the fastest-moving axis of the layout outwards.
    const auto axis = static_cast<std::size_t>(row_major ? Rank - 1 - k : k);
    const std::int64_t extent = v.shape()[axis];
    extents[axis] = checked_index<Index>(extent, v, target);
    if (!empty && extent > 1) {
      const std::int64_t found = v.strides()[axis];
      if (found < 0) {
        // stride_in_elements() words the negative-stride refusal.
        (void)stride_in_elements(v, axis, target);
      }
      if (found != expected) {
        refuse(errc::layout, v, target,
               "Eigen::TensorMap has no strides and needs the packed " +
                   std::string(row_major ? "RowMajor (C order)" : "ColMajor (F order)") +
                   " layout: axis " + std::to_string(axis) + " needs a stride of " +
                   std::to_string(expected) + " bytes, found " + std::to_string(found) +
                   "; zc::copy the view into a packed buffer first" +
                   (row_major ? (v.is_f_contiguous() ? ", or map it with Eigen::ColMajor" : "")
                              : (v.is_c_contiguous() ? ", or map it with Eigen::RowMajor" : "")));
      }
    }
    expected *= extent;
  }
  if (!empty) {
    check_address(v, scalar_align, scalar(), target);
    if (map_align != 0 && reinterpret_cast<std::uintptr_t>(v.data()) % map_align != 0) {
      refuse(errc::alignment, v, target,
             "needs the data address aligned to " + std::to_string(map_align) +
                 " bytes, found alignment " + std::to_string(v.alignment()) +
                 "; use an Unaligned TensorMap (zc::eigen::tensor_map)");
    }
  }
  return extents;
}

}  // namespace detail

/// A view of an Eigen::Tensor or Eigen::TensorMap (see the file comment).
/// Borrows like the dense view(): the tensor's memory must outlive it.
template <class E>
requires detail::is_tensor_v<std::remove_cvref_t<E>> buffer_view view(E&& object) {
  return detail::tensor_view(std::forward<E>(object));
}

/// The view as exactly `MapT`, an Eigen::TensorMap<Tensor<S, Rank, Layout>,
/// Options> (const Tensor, or Tensor<const S>, for a readonly map); AlignedN
/// options are checked against the actual address.
template <class MapT>
MapT tensor_map_as(const buffer_view& v) {
  using tr = detail::tensor_traits<MapT>;
  static_assert(tr::is_map,
                "zc::eigen::tensor_map_as<X>: X must be an "
                "Eigen::TensorMap<Eigen::Tensor<...>> type");
  using P = typename tr::plain;
  using Tensor = typename tr::tensor;
  using Scalar = std::remove_const_t<typename Tensor::Scalar>;
  using Index = typename Tensor::Index;
  constexpr int rank = Tensor::NumIndices;
  static_assert(rank <= static_cast<int>(zc::max_rank),
                "zc::eigen::tensor_map_as: a buffer_view has at most 8 axes");
  // Both TensorMap<const Tensor<S, N>> and TensorMap<Tensor<const S, N>>
  // only read.
  constexpr bool writable = !std::is_const_v<P> && !std::is_const_v<typename Tensor::Scalar>;
  const auto extents = detail::plan_tensor_map<Index, rank>(
      v, dtype_for<Scalar>(), writable, (Tensor::Options & Eigen::RowMajor) != 0, alignof(Scalar),
      static_cast<std::size_t>(tr::options & Eigen::AlignedMask), &scalar_name<Scalar>,
      detail::name_of<MapT>);
  using Pointer = std::conditional_t<writable, Scalar*, const Scalar*>;
  auto* p = reinterpret_cast<Pointer>(const_cast<std::byte*>(v.bytes()));
  if constexpr (rank == 0) {
    return MapT(p);
  } else {
    return MapT(p, extents);
  }
}

/// The view as an Eigen::TensorMap of rank `Rank` and `Layout` (default
/// ColMajor, Eigen's default); `const S` gives a readonly map.
template <class S, int Rank, int Layout = Eigen::ColMajor>
auto tensor_map(const buffer_view& v) {
  using Tensor = Eigen::Tensor<std::remove_const_t<S>, Rank, Layout>;
  using Plain = std::conditional_t<std::is_const_v<S>, const Tensor, Tensor>;
  return tensor_map_as<Eigen::TensorMap<Plain>>(v);
}

}  // namespace zc::eigen

namespace zc {

/// zc::view(x) for Eigen::Tensor and Eigen::TensorMap: the view
/// zc::eigen::view(x) makes.  A temporary TensorMap may be viewed (it points
/// at memory others own); a temporary Tensor may not.
template <class T>
requires eigen::detail::is_tensor_v<T>
struct exporter<T> {
  static constexpr bool borrowed = eigen::detail::tensor_traits<T>::is_map;
  template <class E>
  static buffer_view view(E& object) {
    return eigen::view(object);
  }
};

}  // namespace zc
