// <zc/view.hpp>: making views (the exporters) and the customization point.
//
//   zc::view(ptr, {rows, cols})            a T* (writable) or const T* (readonly), C order
//   zc::view(ptr, shape, byte_strides)     explicit strides
//   zc::view(vec)  zc::view(vec, {2, 3})   contiguous containers, 1-d or shaped
//   zc::view(object)                       any type with a zc::exporter<T> (a
//                                          specialisation or the zc_buffer() hook)
//   zc::view(std::shared_ptr<T>)           a view that keeps the object alive
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "zc/detail/buffer_view_inline.hpp"
#include "zc/export.hpp"

namespace zc {

// ---- making views (exporters) -----------------------------------------------

/// A writable view of `shape` elements at `data`, C order.
// `inline` on these templates is an inlining hint GCC heeds: without it the
// call stayed out of line and making a view cost ~18 ns instead of ~5 ns.
template <class T>
requires is_element_type_v<T>
inline buffer_view view(T* data, const dims& shape) {
  const zc::dtype t = dtype_of<T>();
  return buffer_view(data, t, shape, c_strides(shape, t.itemsize()),
                     std::is_const_v<T> ? access::read_only : access::read_write);
}
/// A view with explicit byte strides.  Const T gives a readonly view.
template <class T>
requires is_element_type_v<T>
inline buffer_view view(T* data, const dims& shape, const dims& byte_strides) {
  return buffer_view(data, dtype_of<T>(), shape, byte_strides,
                     std::is_const_v<T> ? access::read_only : access::read_write);
}
/// Untyped memory described by a dtype, C order.
inline buffer_view view(void* data, zc::dtype type, const dims& shape) {
  return buffer_view(data, type, shape, c_strides(shape, type.itemsize()), access::read_write);
}
inline buffer_view view(const void* data, zc::dtype type, const dims& shape) {
  return buffer_view(data, type, shape, c_strides(shape, type.itemsize()), access::read_only);
}

namespace detail {
template <class T>
inline buffer_view view_1d(T* data, std::size_t n) {
  return view(data, dims{n});
}
// Strings are bytes ('B'), whatever the signedness of char.
template <class T>
inline constexpr bool is_char_string_v = false;
template <class Traits, class Alloc>
inline constexpr bool is_char_string_v<std::basic_string<char, Traits, Alloc>> = true;
template <class Traits>
inline constexpr bool is_char_string_v<std::basic_string_view<char, Traits>> = true;
// A container's elements with `shape`; char strings as bytes ('B').
template <class T>
inline buffer_view shaped_view(T* data, const dims& shape, bool as_bytes) {
  if (as_bytes) {
    using bytes = std::conditional_t<std::is_const_v<T>, const void*, void*>;
    return view(static_cast<bytes>(data), zc::dtype{}, shape);
  }
  return view(data, shape);
}
// Out of line, cold: zc::view(container, shape) with a shape of another size.
[[noreturn]] ZC_API void throw_container_shape(const dims& shape, std::uint64_t size);
}  // namespace detail

/// A shaped view of a contiguous container (std::vector, std::array,
/// std::span, std::string, ...): its elements in C order with `shape`, whose
/// element count must equal the container's size (zc::error(shape_mismatch)
/// naming both otherwise).  Writable for a non-const container of non-const
/// elements, readonly otherwise; strings are bytes ('B') as in view(string).
/// A temporary owning container would die before the view and does not
/// compile; views of memory (std::span, std::string_view) may be temporaries.
template <class C>
requires std::ranges::contiguous_range<C> && std::ranges::sized_range<C>
inline buffer_view view(C&& container, const dims& shape) {
  using element = std::remove_reference_t<std::ranges::range_reference_t<C>>;
  // A bool, not the borrowed_range concept: a failing concept would be
  // explained at length under the message.
  constexpr bool borrowed =
      std::is_lvalue_reference_v<C> || std::ranges::enable_borrowed_range<std::remove_cvref_t<C>>;
  static_assert(borrowed,
                "zc::view(container, shape): a temporary container would die before the view; "
                "keep it in a variable");
  static_assert(is_element_type_v<element>,
                "zc::view(container, shape): the element type has no dtype (bool, integers, "
                "std::byte, float, double, std::complex<float|double>)");
  if constexpr (!borrowed || !is_element_type_v<element>) {
    return buffer_view();  // unreachable: a static_assert fired; no follow-up noise
  } else {
    const auto size = static_cast<std::uint64_t>(std::ranges::size(container));
    // A negative or overflowing extent has no count: the view constructor
    // below refuses it with its own message.
    const std::optional<std::uint64_t> count = detail::element_count(shape.span());
    if (count && *count != size) detail::throw_container_shape(shape, size);
    return detail::shaped_view(std::ranges::data(container), shape,
                               detail::is_char_string_v<std::remove_cvref_t<C>>);
  }
}

// ---- the export door: zc::exporter<T> behind zc::view(object) ---------------
//
// zc::view(object) asks zc::exporter<T> (T without const/reference), as
// fmt::format asks fmt::formatter<T>.  A specialisation provides
//   static zc::buffer_view view(T& object);        // and/or (const T& object)
// usually one template `static buffer_view view(auto& object)` whose const
// argument gives a readonly view; and, for types that only point at memory
// others own (spans, maps, blocks), `static constexpr bool borrowed = true`
// so that temporaries of them may be viewed too.  zc::view(std::shared_ptr<T>)
// then works for T as well.  Core specialises it for std::vector, std::array,
// std::span, std::string(_view) and C arrays; <zc/eigen.hpp> for Eigen dense
// objects and tensors.  The primary template is PEP 688's __buffer__ hook: a
// type with a member `zc::buffer_view zc_buffer()` (and a const overload for
// a readonly view), or a free `zc::buffer_view zc_buffer(T&)` found by
// argument-dependent lookup, exports with no specialisation at all.

template <class T>
concept has_member_buffer = requires(T& t) {
  { t.zc_buffer() } -> std::same_as<buffer_view>;
};
template <class T>
concept has_adl_buffer = requires(T& t) {
  { zc_buffer(t) } -> std::same_as<buffer_view>;
};

/// The customization point; see above.  The primary template serves the
/// zc_buffer() hook.
template <class T>
struct exporter {
  template <class U>
  requires std::same_as<std::remove_const_t<U>, T> &&
      (has_member_buffer<U> || has_adl_buffer<U>)static buffer_view view(U& object) {
    if constexpr (has_member_buffer<U>)
      return object.zc_buffer();
    else
      return zc_buffer(object);
  }
};

namespace detail {
/// A type zc::view(object) accepts as an lvalue.
template <class T>
concept exportable = requires(T& t) {
  { exporter<std::remove_cv_t<T>>::view(t) } -> std::same_as<buffer_view>;
};
/// Whether a temporary T may be viewed: it points at memory someone else
/// owns (std::span, std::string_view: borrowed ranges; or the exporter says so).
template <class T>
concept borrows_memory = std::ranges::enable_borrowed_range<std::remove_cv_t<T>> || requires {
  requires exporter<std::remove_cv_t<T>>::borrowed;
};

// The exporters of contiguous standard containers: 1-d, writable unless the
// container or its elements are const.
struct contiguous_exporter {
  template <class C>
  static buffer_view view(C& container) {
    return view_1d(std::ranges::data(container), std::ranges::size(container));
  }
};
// Strings are bytes ('B'): writable for a non-const std::string, readonly
// otherwise (const strings, string_view).
struct byte_string_exporter {
  template <class S>
  static buffer_view view(S& text) {
    auto* data = text.data();
    if constexpr (std::is_const_v<std::remove_pointer_t<decltype(data)>>) {
      return zc::view(static_cast<const void*>(data), zc::dtype{}, dims{text.size()});
    } else {
      return zc::view(text.empty() ? static_cast<void*>(nullptr) : static_cast<void*>(data),
                      zc::dtype{}, dims{text.size()});
    }
  }
};
}  // namespace detail

/// std::vector: 1-d, writable (const vector: readonly).
template <class T, class A>
requires is_element_type_v<T>
struct exporter<std::vector<T, A>> : detail::contiguous_exporter {
};
template <class A>
struct exporter<std::vector<bool, A>> {
  template <class V>
  static buffer_view view(V&) {
    static_assert(sizeof(V) == 0, "std::vector<bool> has no element memory to view");
    return {};
  }
};
template <class T, std::size_t N>
requires is_element_type_v<T>
struct exporter<std::array<T, N>> : detail::contiguous_exporter {
};
/// std::span: readonly when T is const; a temporary span may be viewed.
template <class T, std::size_t E>
requires is_element_type_v<T>
struct exporter<std::span<T, E>> : detail::contiguous_exporter {
};
template <class Traits, class Alloc>
struct exporter<std::basic_string<char, Traits, Alloc>> : detail::byte_string_exporter {};
template <class Traits>
struct exporter<std::basic_string_view<char, Traits>> : detail::byte_string_exporter {};

/// C arrays, including multi-dimensional ones: `double m[3][4]` is a 3x4 view.
template <class A>
requires(std::is_array_v<A>&& std::extent_v<A> != 0 &&
         is_element_type_v<std::remove_all_extents_t<A>>) struct exporter<A> {
  template <class U>
  static buffer_view view(U& array) {
    dims shape;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (shape.push_back(static_cast<std::int64_t>(std::extent_v<U, K>)), ...);
    }
    (std::make_index_sequence<std::rank_v<U>>{});
    return zc::view(reinterpret_cast<std::remove_all_extents_t<U>*>(&array), shape);
  }
};

/// The one entry point: a view of any exportable object (see exporter).
template <class T>
requires detail::exportable<T>
inline buffer_view view(T& object) { return exporter<std::remove_cv_t<T>>::view(object); }
/// A temporary that only points at memory others own (a span, a string_view,
/// an Eigen block): viewed like an lvalue.
template <class T>
requires(!std::is_reference_v<T> && detail::exportable<T> &&
         detail::borrows_memory<T>) inline buffer_view view(T&& object) {
  return exporter<std::remove_cv_t<T>>::view(object);
}
/// A temporary that owns its memory would die before the view: hold it in a
/// variable, or pass a std::shared_ptr to it so the view keeps it alive.
template <class T>
requires(!std::is_reference_v<T> && detail::exportable<T> && !detail::borrows_memory<T>) buffer_view
    view(T&& temporary)
= delete;

/// True when zc::view(t) accepts an lvalue T.
template <class T>
concept viewable = requires(T& t) {
  { zc::view(t) } -> std::same_as<buffer_view>;
};

/// A view that keeps `object` alive: the memory outlives every name for it
/// as long as some view (or copy of a view) holds it.  Any exportable T.
template <class T>
requires viewable<T>
inline buffer_view view(const std::shared_ptr<T>& object) {
  if (!object) throw error(errc::invalid_argument, "zc::view: null shared_ptr");
  return view(*object).with_owner(object);
}

}  // namespace zc
