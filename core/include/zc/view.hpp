// <zc/view.hpp>: making views (the exporters) and the customization point.
//
//   zc::view(ptr, {rows, cols})            a T* (writable) or const T* (readonly), C order
//   zc::view(ptr, shape, byte_strides)     explicit strides
//   zc::view(vec)  zc::view(vec, {2, 3})   contiguous containers, 1-d or shaped
//   zc::view(object)                       a type with a zc_buffer() hook
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
using element_t = std::remove_cv_t<std::remove_all_extents_t<T>>;
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
[[noreturn]] void throw_container_shape(const dims& shape, std::uint64_t size);
}  // namespace detail

/// std::vector: 1-d, writable (const vector: readonly).
template <class T, class A>
requires is_element_type_v<T> buffer_view view(std::vector<T, A>& v) {
  static_assert(!std::is_same_v<T, bool>, "std::vector<bool> has no element memory to view");
  return detail::view_1d(v.data(), v.size());
}
template <class T, class A>
requires is_element_type_v<T> buffer_view view(const std::vector<T, A>& v) {
  static_assert(!std::is_same_v<T, bool>, "std::vector<bool> has no element memory to view");
  return detail::view_1d(v.data(), v.size());
}
/// A temporary container would die before the view: hold it in a variable,
/// or pass a std::shared_ptr to it so the view keeps it alive.
template <class T, class A>
buffer_view view(std::vector<T, A>&&) = delete;

template <class T, std::size_t N>
requires is_element_type_v<T> buffer_view view(std::array<T, N>& a) {
  return detail::view_1d(a.data(), N);
}
template <class T, std::size_t N>
requires is_element_type_v<T> buffer_view view(const std::array<T, N>& a) {
  return detail::view_1d(a.data(), N);
}
template <class T, std::size_t N>
buffer_view view(std::array<T, N>&&) = delete;

/// std::span: readonly when T is const.
template <class T, std::size_t E>
requires is_element_type_v<T> buffer_view view(std::span<T, E> s) {
  return detail::view_1d(s.data(), s.size());
}

/// Strings are bytes ('B'): writable for std::string&, readonly otherwise.
inline buffer_view view(std::string& s) {
  return view(s.empty() ? static_cast<void*>(nullptr) : static_cast<void*>(s.data()), zc::dtype{},
              dims{s.size()});
}
inline buffer_view view(const std::string& s) {
  return view(static_cast<const void*>(s.data()), zc::dtype{}, dims{s.size()});
}
buffer_view view(std::string&&) = delete;
inline buffer_view view(std::string_view s) {
  return view(static_cast<const void*>(s.data()), zc::dtype{}, dims{s.size()});
}

/// C arrays, including multi-dimensional ones: `double m[3][4]` is a 3x4 view.
template <class A>
requires(std::is_array_v<A>&& std::extent_v<A> != 0 &&
         is_element_type_v<std::remove_all_extents_t<A>>) buffer_view view(A& array) {
  dims shape;
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    (shape.push_back(static_cast<std::int64_t>(std::extent_v<A, K>)), ...);
  }
  (std::make_index_sequence<std::rank_v<A>>{});
  return view(reinterpret_cast<std::remove_all_extents_t<A>*>(&array), shape);
}

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

// ---- the customization point (PEP 688's __buffer__) -----------------------
//
// A user type exports a view by either
//   - a member   `zc::buffer_view zc_buffer()` (and a const overload that
//     returns a readonly view), or
//   - a free function `zc::buffer_view zc_buffer(T&)` in T's namespace,
//     found by argument-dependent lookup.
// zc::view(object) then works for it, as does zc::view(shared_ptr<T>).

template <class T>
concept has_member_buffer = requires(T& t) {
  { t.zc_buffer() } -> std::same_as<buffer_view>;
};
template <class T>
concept has_adl_buffer = requires(T& t) {
  { zc_buffer(t) } -> std::same_as<buffer_view>;
};

template <class T>
requires(has_member_buffer<T> || has_adl_buffer<T>) buffer_view view(T& object) {
  if constexpr (has_member_buffer<T>)
    return object.zc_buffer();
  else
    return zc_buffer(object);
}

template <class T>
concept viewable = requires(T& t) {
  { zc::view(t) } -> std::same_as<buffer_view>;
};

/// A view that keeps `object` alive: the memory outlives every name for it
/// as long as some view (or copy of a view) holds it.
template <class T>
requires viewable<T> buffer_view view(const std::shared_ptr<T>& object) {
  if (!object) throw error(errc::invalid_argument, "zc::view: null shared_ptr");
  return view(*object).with_owner(object);
}

}  // namespace zc
