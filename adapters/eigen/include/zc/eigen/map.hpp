// Import: zc::buffer_view -> Eigen::Map, checked, no element copied.
//
//   auto a = zc::eigen::map<Eigen::MatrixXd>(v);        // any non-negative strides
//   auto b = zc::eigen::map<const Eigen::MatrixXd>(v);  // readonly views too
//   auto c = zc::eigen::tight_map<Eigen::MatrixXd>(v);  // inner stride 1: vectorizes
//   auto d = zc::eigen::map_as<Eigen::Map<Eigen::Matrix4f, Eigen::Aligned16>>(v);
//   zc::eigen::visit_map<Eigen::MatrixXd>(v, [](auto m) { ... });  // tightest map
//
// M is an Eigen::Matrix or Eigen::Array type, const for a readonly map.  A
// compile-time vector type (VectorXd, RowVector4f, ArrayXi) takes a 1-d view;
// any other type a 2-d view whose axis 0 is rows and axis 1 is cols.  The
// storage order of M only decides which byte stride becomes Eigen's inner and
// which its outer stride, so a row-major view maps as a column-major M (with a
// strided map) and vice versa.
//
// Return types (all Eigen::Map over the view's memory; the view or its
// owner must outlive the map):
//   map<M>        matrices: Map<M, Unaligned, Stride<Dynamic, Dynamic>>
//                 vectors:  Map<M, Unaligned, InnerStride<Dynamic>>
//   tight_map<M>  matrices: Map<M, Unaligned, OuterStride<Dynamic>>
//                 vectors:  Map<M>  (contiguous)
//   map_as<X>     exactly X, an Eigen::Map type; its alignment option and its
//                 compile-time strides are checked against the view.
//
// Refusals (zc::error naming the view and the Eigen type): dtype mismatch
// (also for a non-native byte order), wrong rank, fixed-size mismatch, a
// mutable map of a readonly view, negative strides, strides that are not
// whole elements, strides that the requested Stride type cannot express, and
// a data address (or, for AlignedN maps, strides) not aligned as needed.
// Axes of extent 0 or 1 never move, so their strides are not checked.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "zc/buffer_view.hpp"
#include "zc/eigen/detail/checks.hpp"
#include "zc/eigen/scalar.hpp"
#include "zc/eigen/type_name.hpp"

namespace zc::eigen {

namespace detail {

template <class T>
struct map_traits {
  static constexpr bool is_map = false;
};
template <class P, int O, class S>
struct map_traits<Eigen::Map<P, O, S>> {
  static constexpr bool is_map = true;
  using plain = P;  // may be const
  static constexpr int options = O;
  using stride = S;
};

template <class M>
inline constexpr bool is_plain_v =
    std::is_base_of_v<Eigen::PlainObjectBase<std::remove_const_t<M>>, std::remove_const_t<M>>;

/// What the requested Map type needs, as run-time values so the checking
/// code below is not instantiated once per type.
struct map_request {
  zc::dtype type;
  std::size_t scalar_align = 1;  // alignof(Scalar), bytes
  std::size_t map_align = 0;     // AlignedN of the Map type, bytes; 0 = Unaligned
  bool writable = false;         // a mutable Map
  bool vector = false;           // compile-time vector: 1-d view
  bool row_major = false;        // M's storage order (row vectors are row-major)
  int rows = Eigen::Dynamic;     // compile-time extents (Dynamic = any)
  int cols = Eigen::Dynamic;
  int max_rows = Eigen::Dynamic;
  int max_cols = Eigen::Dynamic;
  int inner_stride = Eigen::Dynamic;  // Stride type: 0 = default (contiguous),
  int outer_stride = Eigen::Dynamic;  // Dynamic = any, else that exact value (elements)
  std::string (*scalar)() = nullptr;
  name_fn target = nullptr;
};

/// Extents and strides (elements) the Map will be built with.
struct map_layout {
  std::byte* data = nullptr;
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t inner = 1;  // step between neighbours along M's inner axis
  std::int64_t outer = 0;  // step between inner slices (columns for ColMajor)
  std::int64_t inner_extent = 0;
};

inline void check_extent(const buffer_view& v, const map_request& r, const char* what,
                         std::int64_t found, int fixed, int max) {
  if (fixed != Eigen::Dynamic && found != fixed) {
    refuse(errc::shape_mismatch, v, r.target,
           std::string("needs exactly ") + std::to_string(fixed) + " " + what +
               " (fixed size), found " + std::to_string(found));
  }
  if (max != Eigen::Dynamic && found > max) {
    refuse(errc::shape_mismatch, v, r.target,
           std::string("needs at most ") + std::to_string(max) + " " + what + ", found " +
               std::to_string(found));
  }
}

inline std::string elements_text(std::int64_t n, std::size_t item) {
  return std::to_string(n) + (n == 1 ? " element (" : " elements (") +
         std::to_string(n * static_cast<std::int64_t>(item)) + " bytes)";
}

/// Which view axis feeds M's inner and outer direction, and whether each
/// moves at all (extent > 1 in a non-empty view; a fixed axis' stride is free).
struct map_axes {
  std::size_t inner = 0;
  std::size_t outer = 1;
  bool inner_used = false;
  bool outer_used = false;
};

/// Step 1: the elements themselves: dtype (native order) and writability.
inline void check_elements(const buffer_view& v, const map_request& r) {
  check_dtype(v, r.type, r.target);
  if (r.writable) check_writable(v, r.target);
}

/// Step 2: rank and extents.  A vector type takes a 1-d view, or a 2-d view
/// shaped like it: (n, 1) for a column vector, (1, n) for a row vector (so a
/// 1x1 matrix view maps as Matrix<S, 1, 1>, which Eigen counts as a vector).
inline map_axes plan_extents(const buffer_view& v, const map_request& r, map_layout& out) {
  const bool column = r.cols == 1;  // VectorXd is a column; RowVectorXd is not
  const bool vector_2d = r.vector && v.rank() == 2 && v.shape()[column ? 1 : 0] == 1;
  if (!vector_2d) {
    check_rank(v, r.vector ? 1 : 2, r.target,
               r.vector ? (column ? "(a vector, or a 2-d view of shape (n, 1))"
                                  : "(a vector, or a 2-d view of shape (1, n))")
                        : "(rows, cols)");
  }
  std::size_t row_axis = 0;  // the view axis each Eigen direction comes from
  std::size_t col_axis = 1;
  if (r.vector) {
    const std::size_t along = vector_2d && !column ? 1 : 0;
    out.rows = column ? v.shape()[along] : 1;
    out.cols = column ? 1 : v.shape()[along];
    row_axis = col_axis = along;
  } else {
    out.rows = v.shape()[0];
    out.cols = v.shape()[1];
  }
  check_extent(v, r, "rows", out.rows, r.rows, r.max_rows);
  check_extent(v, r, "cols", out.cols, r.cols, r.max_cols);
  out.inner_extent = r.row_major ? out.cols : out.rows;
  const std::int64_t outer_extent = r.row_major ? out.rows : out.cols;
  const bool empty = v.size() == 0;
  map_axes axes;
  axes.inner = r.row_major ? col_axis : row_axis;
  axes.outer = r.row_major ? row_axis : col_axis;
  axes.inner_used = !empty && out.inner_extent > 1;
  axes.outer_used = !r.vector && !empty && outer_extent > 1;
  return axes;
}

/// Step 3: the strides in elements.  Axes that never move take whatever the
/// Map type wants; the others must be whole, non-negative element counts.
inline void plan_strides(const buffer_view& v, const map_request& r, const map_axes& axes,
                         map_layout& out) {
  out.inner = axes.inner_used ? stride_in_elements(v, axes.inner, r.target)
                              : (r.inner_stride > 0 ? r.inner_stride : 1);
  out.outer = axes.outer_used
                  ? stride_in_elements(v, axes.outer, r.target)
                  : (r.outer_stride > 0 ? r.outer_stride : out.inner_extent * out.inner);
}

/// Step 4: the strides against what the Map's Stride type can express.
inline void check_stride_type(const buffer_view& v, const map_request& r, const map_axes& axes,
                              const map_layout& out) {
  const std::size_t item = v.itemsize();
  const char* inner_dir = r.row_major ? "along a row" : "down a column";
  if (r.inner_stride == 0 && out.inner != 1) {
    refuse(errc::layout, v, r.target,
           std::string("needs neighbouring elements ") + inner_dir + " to be adjacent (stride " +
               elements_text(1, item) + "), found a stride of " + elements_text(out.inner, item) +
               "; zc::eigen::map<M>() accepts any non-negative stride" +
               (!r.vector && axes.outer_used && out.outer == 1
                    ? std::string("; the view is contiguous along the other axis, so a ") +
                          (r.row_major ? "column-major" : "Eigen::RowMajor") +
                          " M would map it tightly"
                    : std::string()));
  }
  if (r.inner_stride > 0 && out.inner != r.inner_stride) {
    refuse(errc::layout, v, r.target,
           std::string("needs an inner stride of ") + elements_text(r.inner_stride, item) + " " +
               inner_dir + ", found " + elements_text(out.inner, item));
  }
  if (r.vector) return;
  const char* outer_what = r.row_major ? "rows" : "columns";
  const std::int64_t packed = out.inner_extent * out.inner;
  if (r.outer_stride == 0 && out.outer != packed) {
    refuse(errc::layout, v, r.target,
           std::string("needs contiguous ") + outer_what + " (outer stride " +
               elements_text(packed, item) + "), found an outer stride of " +
               elements_text(out.outer, item) +
               "; zc::eigen::tight_map<M>() or map<M>() accept padded or strided views");
  }
  if (r.outer_stride > 0 && out.outer != r.outer_stride) {
    refuse(errc::layout, v, r.target,
           std::string("needs an outer stride of ") + elements_text(r.outer_stride, item) +
               " between " + outer_what + ", found " + elements_text(out.outer, item));
  }
}

/// Step 5: alignment of the address (the scalar's), and for an AlignedN map
/// of the address and every stride that moves by more than one element.
inline void check_alignment(const buffer_view& v, const map_request& r, const map_axes& axes,
                            const map_layout& out) {
  if (v.size() == 0) return;
  check_address(v, r.scalar_align, r.scalar(), r.target);
  if (r.map_align == 0) return;
  const auto align = static_cast<std::int64_t>(r.map_align);
  const auto item = static_cast<std::int64_t>(v.itemsize());
  const auto address = reinterpret_cast<std::uintptr_t>(v.data());
  const bool inner_ok = !axes.inner_used || out.inner == 1 || (out.inner * item) % align == 0;
  // A packed map is one aligned run: only the address matters.  A padded
  // one must keep the start of every inner slice aligned too.
  const bool packed = out.inner == 1 && out.outer == out.inner_extent;
  const bool outer_ok = !axes.outer_used || packed || (out.outer * item) % align == 0;
  if (address % r.map_align != 0 || !inner_ok || !outer_ok) {
    refuse(errc::alignment, v, r.target,
           "needs the data address and strides aligned to " + std::to_string(r.map_align) +
               " bytes, found alignment " + std::to_string(v.alignment()) +
               "; use an Unaligned map (zc::eigen::map<M>)");
  }
}

/// Checks the view against the requested Map, step by step in the order the
/// refusals are reported, and returns what the Map is built with.
inline map_layout plan_map(const buffer_view& v, const map_request& r) {
  check_elements(v, r);
  map_layout out;
  const map_axes axes = plan_extents(v, r, out);
  plan_strides(v, r, axes, out);
  check_stride_type(v, r, axes, out);
  check_alignment(v, r, axes, out);
  out.data = const_cast<std::byte*>(v.bytes());  // writability checked in step 1 when needed
  return out;
}

template <class S, class Index>
S make_stride(Index outer, Index inner) {
  constexpr int O = S::OuterStrideAtCompileTime;
  constexpr int I = S::InnerStrideAtCompileTime;
  // Eigen asserts that compile-time strides are passed their own value.
  const Index o = O == Eigen::Dynamic ? outer : Index{O};
  const Index i = I == Eigen::Dynamic ? inner : Index{I};
  if constexpr (std::is_constructible_v<S, Index, Index>)
    return S(o, i);
  else if constexpr (O == 0)
    return S(i);  // InnerStride<I>
  else
    return S(o);  // OuterStride<O>
}

template <class MapT>
map_request request_for() {
  using tr = map_traits<MapT>;
  using P = typename tr::plain;
  using Plain = std::remove_const_t<P>;
  using Scalar = typename Plain::Scalar;
  using S = typename tr::stride;
  map_request r;
  r.type = dtype_for<Scalar>();
  r.scalar_align = alignof(Scalar);
  r.map_align = static_cast<std::size_t>(tr::options & Eigen::AlignedMask);
  r.writable = !std::is_const_v<P>;
  r.vector = Plain::IsVectorAtCompileTime;
  r.row_major = Plain::IsRowMajor;
  r.rows = Plain::RowsAtCompileTime;
  r.cols = Plain::ColsAtCompileTime;
  r.max_rows = Plain::MaxRowsAtCompileTime;
  r.max_cols = Plain::MaxColsAtCompileTime;
  r.inner_stride = S::InnerStrideAtCompileTime;
  r.outer_stride = S::OuterStrideAtCompileTime;
  r.scalar = &scalar_name<Scalar>;
  r.target = name_of<MapT>;
  return r;
}

/// Builds the Map once plan_map() accepted the view.
template <class MapT>
MapT build_map(const map_layout& l) {
  using tr = map_traits<MapT>;
  using P = typename tr::plain;
  using Scalar = typename std::remove_const_t<P>::Scalar;
  using Pointer = std::conditional_t<std::is_const_v<P>, const Scalar*, Scalar*>;
  // Eigen::Index may be narrower than int64 (EIGEN_DEFAULT_DENSE_INDEX_TYPE):
  // map_as() checked every extent with checked_index() before this.
  using Index = Eigen::Index;
  return MapT(reinterpret_cast<Pointer>(l.data), static_cast<Index>(l.rows),
              static_cast<Index>(l.cols),
              make_stride<typename tr::stride, Index>(static_cast<Index>(l.outer),
                                                      static_cast<Index>(l.inner)));
}

template <class MapT>
void check_map_type() {
  using tr = map_traits<MapT>;
  static_assert(tr::is_map, "zc::eigen::map_as<X>: X must be an Eigen::Map type");
  if constexpr (tr::is_map) {
    static_assert(is_plain_v<typename tr::plain>,
                  "zc::eigen::map_as<Eigen::Map<P, ...>>: P must be an Eigen::Matrix or "
                  "Eigen::Array type (optionally const)");
  }
}

template <class M>
void check_plain_type() {
  static_assert(is_plain_v<M>,
                "zc::eigen::map<M>: M must be an Eigen::Matrix or Eigen::Array type, const for a "
                "readonly map (or an Eigen::Map type)");
}

}  // namespace detail

/// The view as exactly `MapT` (an Eigen::Map type): its scalar, fixed
/// extents, constness, alignment option and compile-time strides are checked
/// against the view.
template <class MapT>
MapT map_as(const buffer_view& v) {
  detail::check_map_type<MapT>();
  const detail::map_request r = detail::request_for<MapT>();
  if constexpr (sizeof(Eigen::Index) < sizeof(std::int64_t)) {
    for (const std::int64_t n : v.shape())
      (void)detail::checked_index<Eigen::Index>(n, v, r.target);
  }
  return detail::build_map<MapT>(detail::plan_map(v, r));
}

/// The type map<M>() returns: a fully strided Map (any non-negative strides).
template <class M>
using strided_map_t = std::conditional_t<
    std::remove_const_t<M>::IsVectorAtCompileTime,
    Eigen::Map<M, Eigen::Unaligned, Eigen::InnerStride<Eigen::Dynamic>>,
    Eigen::Map<M, Eigen::Unaligned, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>>;

/// The type tight_map<M>() returns: inner stride 1, so Eigen vectorizes.
template <class M>
using tight_map_t =
    std::conditional_t<std::remove_const_t<M>::IsVectorAtCompileTime, Eigen::Map<M>,
                       Eigen::Map<M, Eigen::Unaligned, Eigen::OuterStride<Eigen::Dynamic>>>;

/// The type of a map of a view contiguous in M's storage order.
template <class M>
using contiguous_map_t = Eigen::Map<M>;

/// Maps the view as M with whatever non-negative element strides it has
/// (see strided_map_t).  M may also be an Eigen::Map type: then map_as<M>.
template <class M>
auto map(const buffer_view& v) {
  if constexpr (detail::map_traits<M>::is_map) {
    return map_as<M>(v);
  } else {
    detail::check_plain_type<M>();
    return map_as<strided_map_t<M>>(v);
  }
}

/// Maps the view as M with inner stride 1 (neighbours along M's storage
/// order adjacent), so Eigen keeps vectorizing; throws zc::error(layout)
/// otherwise.  Rows/columns may be padded (any outer stride).
template <class M>
tight_map_t<M> tight_map(const buffer_view& v) {
  detail::check_plain_type<M>();
  return map_as<tight_map_t<M>>(v);
}

/// The tightest Map type a view supports as M.
enum class map_kind : std::uint8_t {
  contiguous,  ///< Map<M>: packed in M's storage order
  tight,       ///< tight_map_t<M>: inner stride 1, padded outer stride (matrices only)
  strided,     ///< strided_map_t<M>: anything else Eigen can express
};

namespace detail {
template <class M>
map_kind kind_of(const map_layout& l) {
  if (l.inner != 1) return map_kind::strided;
  if (std::remove_const_t<M>::IsVectorAtCompileTime || l.outer == l.inner_extent)
    return map_kind::contiguous;
  return map_kind::tight;
}
}  // namespace detail

/// Which map the view supports best as M (throws what map<M>() throws).
template <class M>
map_kind best_map_kind(const buffer_view& v) {
  detail::check_plain_type<M>();
  return detail::kind_of<M>(detail::plan_map(v, detail::request_for<strided_map_t<M>>()));
}

/// Calls `fn` with the tightest map of the view as M: contiguous_map_t<M>,
/// tight_map_t<M> or strided_map_t<M>, and returns what it returns (the
/// three calls must return the same type).  `fn` is compiled for each, so a
/// generic lambda gets Eigen's fastest kernels for the layout it receives.
template <class M, class F>
decltype(auto) visit_map(const buffer_view& v, F&& fn) {
  detail::check_plain_type<M>();
  const detail::map_layout l = detail::plan_map(v, detail::request_for<strided_map_t<M>>());
  switch (detail::kind_of<M>(l)) {
    case map_kind::contiguous:
      return std::forward<F>(fn)(detail::build_map<contiguous_map_t<M>>(l));
    case map_kind::tight:
      if constexpr (!std::remove_const_t<M>::IsVectorAtCompileTime) {
        return std::forward<F>(fn)(detail::build_map<tight_map_t<M>>(l));
      }
      [[fallthrough]];
    case map_kind::strided:
      break;
  }
  return std::forward<F>(fn)(detail::build_map<strided_map_t<M>>(l));
}

}  // namespace zc::eigen
