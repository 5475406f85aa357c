// zc::buffer_view: the descriptor every zcbridge adapter exports and imports.
//
// The C++ counterpart of Python's Py_buffer + memoryview (PEP 3118) and of
// DLPack's DLTensor.  A view is
//   data      address of element [0,...,0]; with a negative stride the memory
//             lies partly *below* it (see byte_extent())
//   dtype     element type, including byte order
//   shape     rank 0..8 extents, stored inline, each >= 0
//   strides   one per axis, in BYTES, signed; need not be multiples of the
//             item size (a packed struct column, a padded image row)
//   readonly  writes through the view are refused
//   owner     optional shared_ptr that keeps the memory alive; without one the
//             view borrows and the caller keeps the memory alive
//
// Contract:
//  - Constructing, slicing, transposing, casting, copying or passing a view
//    never allocates and never touches element memory (copying the view
//    copies the descriptor and bumps the owner's reference count).
//  - Construction validates: rank <= 8, extents >= 0, and the byte extent of
//    every reachable element is computed with overflow checks.
//  - The only operations that copy elements are the explicit ones:
//    zc::copy(), to_bytes(), to_vector().
//  - Nothing here is thread-safe beyond what shared_ptr gives: concurrent
//    readers are fine, concurrent writers to the same elements are not.
#pragma once

#include <array>
#include <bit>
#include <complex>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "zc/access.hpp"
#include "zc/detail/odometer.hpp"
#include "zc/dims.hpp"
#include "zc/dtype.hpp"
#include "zc/error.hpp"

namespace zc {

/// Byte offsets [lo, hi) relative to data() that the view's elements occupy.
/// lo <= 0 (negative strides reach below data()), hi >= 0; empty views: {0, 0}.
struct byte_span {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  [[nodiscard]] std::int64_t length() const noexcept { return hi - lo; }
};

template <class T>
class element_ref;

namespace detail {
// Out-of-line, cold: building the messages stays out of the inline fast paths.
[[noreturn]] void throw_bad_axis(std::int64_t axis, std::size_t rank);
[[noreturn]] void throw_zero_step();
[[noreturn]] void throw_bad_index(std::int64_t index, std::size_t axis, std::int64_t extent);
// `index` on an axis of `extent`, negative counting from the end (Python's
// rule); throws out_of_range otherwise.  select() and at() both index here.
inline std::int64_t resolve_index(std::int64_t index, std::size_t axis, std::int64_t extent) {
  const std::int64_t resolved = index < 0 ? index + extent : index;
  if (resolved < 0 || resolved >= extent) throw_bad_index(index, axis, extent);
  return resolved;
}
// a * b modulo 2^64 (no undefined signed overflow).  For the strides that
// reach no byte and are therefore never validated.
constexpr std::int64_t wrapping_mul(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}
// |stride| as an unsigned number: 2^63 for INT64_MIN (which no signed type holds).
constexpr std::uint64_t stride_magnitude(std::int64_t stride) noexcept {
  return stride < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(stride)
                    : static_cast<std::uint64_t>(stride);
}

/// The rules a view's descriptor keeps, in the order they are checked.
enum class layout_rule : std::uint8_t {
  ok,
  rank_mismatch,    ///< shape and strides have different ranks
  negative_extent,  ///< an extent < 0 (verdict.axis says which)
  count_overflow,   ///< the element count overflows 64 bits
  size_overflow,    ///< element count x item size overflows int64
  extent_overflow,  ///< an element's byte offset overflows int64
  span_overflow,    ///< the byte span hi - lo overflows int64
  null_data,        ///< a non-empty view at address 0
  address_wraps,    ///< the reached bytes wrap around the address space
};
/// What check_layout() found: the failed rule (or ok) and what the messages need.
struct layout_verdict {
  layout_rule rule = layout_rule::ok;
  std::size_t axis = 0;    // negative_extent: the first negative axis
  std::uint64_t size = 0;  // the element count, once known
  std::int64_t lo = 0;     // address_wraps: bytes [lo, hi) around data
  std::int64_t hi = 0;
};
/// Checks every layout rule of a view (see layout_rule); noexcept and inline:
/// the constructor's fast path.  Builds no message.
inline layout_verdict check_layout(const std::byte* data, std::size_t itemsize, const dims& shape,
                                   const dims& strides) noexcept;

/// The rules cast() keeps, in the order they are checked.
enum class cast_rule : std::uint8_t {
  ok,
  length_not_multiple,  ///< cast(type): nbytes() is not a multiple of the item size
  not_contiguous,       ///< neither C- nor F-contiguous
  negative_extent,      ///< a target extent < 0
  count_overflow,       ///< the target element count overflows int64
  bytes_differ,         ///< target count x item size != nbytes()
};
}  // namespace detail

class buffer_view {
 public:
  /// An empty, readonly 1-d view of zero bytes (like memoryview(b"")).
  buffer_view() noexcept = default;

  /// The general constructor: `data` is the address of element [0,...,0].
  /// Throws zc::error on rank > 8, a negative extent, shape/strides rank
  /// mismatch, or a byte extent that overflows.
  buffer_view(const void* data, zc::dtype type, const dims& shape, const dims& strides, access mode,
              std::shared_ptr<const void> owner = {});

  // ---- the descriptor -------------------------------------------------
  /// Address of element [0,...,0] (may be null for an empty view).
  [[nodiscard]] const void* data() const noexcept { return data_; }
  /// The same address as bytes, for pointer arithmetic with strides.
  [[nodiscard]] const std::byte* bytes() const noexcept { return data_; }
  /// Writable address; throws zc::error(readonly) on a readonly view.
  [[nodiscard]] std::byte* mutable_bytes() const;
  [[nodiscard]] void* mutable_data() const { return mutable_bytes(); }

  [[nodiscard]] zc::dtype dtype() const noexcept { return dtype_; }
  [[nodiscard]] std::size_t itemsize() const noexcept { return dtype_.itemsize(); }
  [[nodiscard]] std::size_t rank() const noexcept { return shape_.size(); }
  /// Extents, one per axis (elements).
  [[nodiscard]] std::span<const std::int64_t> shape() const noexcept { return shape_.span(); }
  /// Byte strides, one per axis.
  [[nodiscard]] std::span<const std::int64_t> strides() const noexcept { return strides_.span(); }
  [[nodiscard]] std::int64_t shape(std::int64_t axis) const { return shape_[checked_axis(axis)]; }
  [[nodiscard]] std::int64_t stride(std::int64_t axis) const {
    return strides_[checked_axis(axis)];
  }
  [[nodiscard]] const dims& shape_dims() const noexcept { return shape_; }
  [[nodiscard]] const dims& stride_dims() const noexcept { return strides_; }
  [[nodiscard]] bool readonly() const noexcept { return readonly_; }
  /// Number of elements (1 for rank 0).
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// size() * itemsize(): the bytes a contiguous copy would take.
  [[nodiscard]] std::size_t nbytes() const noexcept { return size_ * itemsize(); }
  /// The memory lifetime keeper, or null for a borrowed view.
  [[nodiscard]] const std::shared_ptr<const void>& owner() const noexcept { return owner_; }

  // ---- layout queries -------------------------------------------------
  /// Elements adjacent in C (row-major) order; axes of extent 1 are ignored
  /// (as numpy does), and an empty view is contiguous.
  [[nodiscard]] bool is_c_contiguous() const noexcept { return is_dense(false); }
  /// Elements adjacent in Fortran (column-major) order; same rules.
  [[nodiscard]] bool is_f_contiguous() const noexcept { return is_dense(true); }
  [[nodiscard]] bool is_contiguous() const noexcept {
    return is_c_contiguous() || is_f_contiguous();
  }
  /// [lo, hi) byte offsets from data() covered by the elements.
  [[nodiscard]] byte_span byte_extent() const noexcept;
  /// The largest power of two (up to 4096) dividing the data address and
  /// every stride that is actually used (extent > 1): what an importer may
  /// rely on.  Observed, not promised.
  [[nodiscard]] std::size_t alignment() const noexcept;
  /// True when the byte ranges of the two views intersect.
  [[nodiscard]] bool overlaps(const buffer_view& other) const noexcept;

  // ---- zero-copy operations (never allocate, never copy elements) -----
  /// Python slicing along one axis: start/stop may be negative (from the
  /// end) or absent, out-of-range bounds clamp, step may be negative; step 0
  /// throws.  `axis` may be negative (from the last axis).
  [[nodiscard]] buffer_view slice(std::int64_t axis, std::optional<std::int64_t> start,
                                  std::optional<std::int64_t> stop, std::int64_t step = 1) const;
  /// Fixes one index on an axis; the axis drops (rank - 1).  Negative indices
  /// count from the end; out of range throws.
  [[nodiscard]] buffer_view select(std::int64_t axis, std::int64_t index) const;
  /// Reverses the axis order (a matrix transpose for rank 2).
  [[nodiscard]] buffer_view transpose() const;
  /// Reorders axes: result axis i is this view's axis order[i].  `order`
  /// must be a permutation of 0..rank-1.
  [[nodiscard]] buffer_view permute(const dims& order) const;
  /// Swaps two axes.
  [[nodiscard]] buffer_view swap_axes(std::int64_t a, std::int64_t b) const;
  /// The same elements with the axes reordered so that stride magnitudes
  /// decrease: the order in which the elements lie in memory.  Any dense
  /// layout (an F-contiguous Eigen matrix, a transposed view) becomes
  /// C-contiguous, so for_each_run, to_bytes, write_all and read_into move it
  /// as one run of raw memory.  Those follow the view's C order by contract; a
  /// column-major matrix viewed as (rows, cols) is otherwise traversed row by
  /// row, one element per run.  A permutation only: no axis is flipped.
  [[nodiscard]] buffer_view in_memory_order() const noexcept;
  /// Reverses one axis (negative stride; data() moves to the last element).
  [[nodiscard]] buffer_view flip(std::int64_t axis) const;
  /// Same elements in C order with another shape; one extent may be -1
  /// (inferred).  Throws layout when the strides cannot express it without
  /// a copy (numpy would copy; we refuse and point at zc::copy).
  [[nodiscard]] buffer_view reshape(const dims& shape) const;
  /// A 1-d view of all elements (reshape to {size()}).
  [[nodiscard]] buffer_view flatten() const { return reshape(dims{-1}); }
  /// Reinterprets the bytes as `type`, 1-d.  Needs a C- or F-contiguous view
  /// whose byte length is a multiple of the new item size.
  [[nodiscard]] buffer_view cast(zc::dtype type) const;
  /// Reinterprets the bytes as `type` with `shape`; byte lengths must match.
  /// A C-contiguous input gives a C-ordered result, an F-contiguous one an
  /// F-ordered result (memoryview allows C only).
  [[nodiscard]] buffer_view cast(zc::dtype type, const dims& shape) const;
  /// The same elements described with another byte order (no bytes change:
  /// use it when the memory really is in that order, e.g. PNG's ">u2").
  [[nodiscard]] buffer_view with_byte_order(byte_order order) const;
  [[nodiscard]] buffer_view as_readonly() const;
  /// The same view keeping `owner` alive instead of its current owner.
  [[nodiscard]] buffer_view with_owner(std::shared_ptr<const void> owner) const;
  /// Drops the owner and empties this view (memoryview.release()).  Other
  /// views sharing the owner keep the memory alive.
  void release() noexcept;

  // ---- element access ---------------------------------------------------
  /// Checked element access.  `T` must equal dtype() exactly (in native byte
  /// order), the index count must equal rank(), and each index must be in
  /// range (negative indices count from the end).
  ///  - at<const T>(...) returns the value (reads work on readonly views;
  ///    assigning to it does not compile);
  ///  - at<T>(...) returns an element_ref<T>: it reads like a T, and
  ///    assigning through it throws zc::error(readonly) on a readonly view.
  /// Both go through memcpy, so unaligned elements (a blob at an odd offset)
  /// are safe.
  template <class T, std::integral... I>
  [[nodiscard]] auto at(I... index) const {
    const std::array<std::int64_t, sizeof...(I)> idx{static_cast<std::int64_t>(index)...};
    std::byte* p = element_address(dtype_of<T>(), idx);
    if constexpr (std::is_const_v<T>) {
      std::remove_const_t<T> value;
      std::memcpy(&value, p, sizeof value);
      return value;
    } else {
      return element_ref<T>(p, !readonly_);
    }
  }
  /// Unchecked element reference for hot loops: no dtype, rank, bounds,
  /// alignment or readonly check.  The caller guarantees all of them.
  template <class T, std::integral... I>
  [[nodiscard]] T& unchecked(I... index) const noexcept {
    std::int64_t offset = 0;
    std::size_t axis = 0;
    ((offset += static_cast<std::int64_t>(index) * strides_[axis++]), ...);
    return *reinterpret_cast<T*>(data_ + offset);
  }

  // ---- explicit copies --------------------------------------------------
  /// The elements in C order as bytes (tobytes()).  Allocates nbytes().
  [[nodiscard]] std::vector<std::byte> to_bytes() const;
  /// The elements in C order as a flat vector (tolist()); T must match dtype.
  template <class T>
  [[nodiscard]] std::vector<T> to_vector() const {
    require_dtype(dtype_of<T>(), "to_vector");
    std::vector<T> out(size_);
    copy_to_contiguous(reinterpret_cast<std::byte*>(out.data()));
    return out;
  }

  // ---- runs ---------------------------------------------------------------
  /// Calls `fn(std::byte* start, std::size_t length)` for the elements in C
  /// order as the fewest contiguous byte runs (axes merge where the strides
  /// allow; a contiguous view is one run).  If `fn` returns bool, returning
  /// false stops early.  Does not allocate.  The pointer is writable only if
  /// the view is: a readonly view's runs must not be written to.
  template <class F>
  void for_each_run(F&& fn) const;
  /// The number of runs for_each_run() would produce.
  [[nodiscard]] std::size_t run_count() const noexcept;
  /// The length in bytes of every run (all runs have the same length).
  [[nodiscard]] std::size_t run_length() const noexcept;

  /// Format-aware equality, as memoryview's ==: same shape and every pair of
  /// elements equal by value (so '<i2' and '>i2' views of the same numbers
  /// are equal, and a NaN is not equal to itself).
  friend bool operator==(const buffer_view& a, const buffer_view& b);

  // ---- internals used by the adapters -----------------------------------
  /// Throws dtype_mismatch naming both sides unless dtype() == expected.
  void require_dtype(zc::dtype expected, std::string_view consumer) const;
  /// Throws readonly unless the view is writable, naming the consumer.
  void require_writable(std::string_view consumer) const;
  /// "'<f8' (float64) view of shape (3, 4), strides (32, 8)"
  [[nodiscard]] std::string describe() const;

 private:
  std::size_t checked_axis(std::int64_t axis) const {
    const auto r = static_cast<std::int64_t>(rank());
    const std::int64_t resolved = axis < 0 ? axis + r : axis;
    if (resolved < 0 || resolved >= r) detail::throw_bad_axis(axis, rank());
    return static_cast<std::size_t>(resolved);
  }
  // Dense (contiguous) in C order, or in Fortran order when `fortran`.
  bool is_dense(bool fortran) const noexcept {
    if (size_ == 0) return true;
    auto expected = static_cast<std::int64_t>(itemsize());
    const std::size_t n = rank();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = fortran ? i : n - 1 - i;
      if (shape_[k] == 1) continue;
      if (strides_[k] != expected) return false;
      expected *= shape_[k];
    }
    return true;
  }
  // Each rule is checked once, inline and noexcept, by check_layout() and
  // check_cast(), which say which rule failed; the cold throw_layout() and
  // throw_cast() only turn that verdict into the zc::error (libspng's
  // check_ihdr does the same), so the fast path builds no message.
  [[noreturn]] void throw_layout(const detail::layout_verdict& verdict) const;
  [[nodiscard]] detail::cast_rule check_cast(zc::dtype type, const dims& new_shape, bool c_order,
                                             std::uint64_t& count) const noexcept;
  [[noreturn]] void throw_cast(detail::cast_rule rule, zc::dtype type, const dims& new_shape) const;
  // Dense strides of `shape`, which describes no more bytes than this view
  // (or no bytes at all): cannot overflow, so no check.
  static dims dense_strides_unchecked(const dims& shape, std::size_t itemsize,
                                      bool fortran) noexcept;
  std::byte* element_address(zc::dtype type, std::span<const std::int64_t> index) const;
  void copy_to_contiguous(std::byte* out) const;
  void recompute_size() noexcept {
    std::size_t n = 1;
    for (const std::int64_t e : shape_) n *= static_cast<std::size_t>(e);
    size_ = n;
  }

  std::byte* data_ = nullptr;  // element [0,...,0]; not owned (see owner_)
  zc::dtype dtype_{};
  bool readonly_ = true;
  std::size_t size_ = 0;  // product of shape_, cached
  dims shape_{std::int64_t{0}};
  dims strides_{std::int64_t{1}};
  std::shared_ptr<const void> owner_;  // keeps data_ alive; null when borrowed
};

/// A reference to one element through a view: reads like a T; writes are
/// checked against the view's readonly flag at run time.  Goes through
/// memcpy, so the element need not be aligned.
template <class T>
class element_ref {
 public:
  element_ref(std::byte* address, bool writable) noexcept
      : address_(address), writable_(writable) {}
  [[nodiscard]] T get() const noexcept {
    T value;
    std::memcpy(&value, address_, sizeof value);
    return value;
  }
  operator T() const noexcept { return get(); }  // NOLINT(google-explicit-constructor)
  element_ref& operator=(const T& value) {
    if (!writable_) {
      throw error(errc::readonly,
                  "cannot write through a readonly view: expected a writable view "
                  "(or read with at<const T>())");
    }
    std::memcpy(address_, &value, sizeof value);
    return *this;
  }
  element_ref& operator=(const element_ref& other) { return *this = other.get(); }
  element_ref(const element_ref&) = default;
  element_ref& operator+=(const T& v) { return *this = static_cast<T>(get() + v); }
  element_ref& operator-=(const T& v) { return *this = static_cast<T>(get() - v); }
  element_ref& operator*=(const T& v) { return *this = static_cast<T>(get() * v); }
  element_ref& operator/=(const T& v) { return *this = static_cast<T>(get() / v); }
  /// The element's address (may be unaligned for T).
  [[nodiscard]] std::byte* address() const noexcept { return address_; }

 private:
  std::byte* address_;  // not owned: the view's memory
  bool writable_;
};

// ---- explicit copies --------------------------------------------------------

/// Copies every element of `src` into `dst` (same shape; same kind and
/// width, byte order may differ and is converted).  Any two layouts; correct
/// when the two overlap (then it stages through a temporary of src.nbytes()).
/// The only element-copying operation besides to_bytes()/to_vector().
void copy(const buffer_view& src, const buffer_view& dst);

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

// ---- inline definitions of the hot zero-copy operations ---------------------
//
// Creating, slicing, selecting, flipping and casting a view are a few
// nanoseconds: they are inline (a call would cost more than the work), their
// error messages are built out of line, and a view derived from a valid view
// is valid by construction, so it is not re-validated.

inline detail::layout_verdict detail::check_layout(const std::byte* data, std::size_t itemsize,
                                                   const dims& shape,
                                                   const dims& strides) noexcept {
  layout_verdict verdict;
  const std::size_t n = shape.size();
  if (n != strides.size()) {
    verdict.rule = layout_rule::rank_mismatch;
    return verdict;
  }
  const std::optional<std::uint64_t> count = element_count(shape.span());
  if (!count) {
    // Either a negative extent (the first one is reported) or an overflow.
    verdict.rule = layout_rule::count_overflow;
    for (std::size_t k = 0; k < n; ++k) {
      if (shape[k] < 0) {
        verdict.rule = layout_rule::negative_extent;
        verdict.axis = k;
        break;
      }
    }
    return verdict;
  }
  std::int64_t total = 0;
  if (*count > static_cast<std::uint64_t>(INT64_MAX) ||
      __builtin_mul_overflow(static_cast<std::int64_t>(*count), static_cast<std::int64_t>(itemsize),
                             &total)) {
    verdict.rule = layout_rule::size_overflow;
    return verdict;
  }
  verdict.size = *count;
  if (verdict.size == 0) return verdict;
  // Byte extent with overflow checks: every reachable element must have an
  // address representable relative to data.
  std::int64_t lo = 0;
  auto hi = static_cast<std::int64_t>(itemsize);
  for (std::size_t k = 0; k < n; ++k) {
    std::int64_t reach = 0;
    if (__builtin_mul_overflow(shape[k] - 1, strides[k], &reach) ||
        __builtin_add_overflow(reach < 0 ? lo : hi, reach, reach < 0 ? &lo : &hi)) {
      verdict.rule = layout_rule::extent_overflow;
      return verdict;
    }
  }
  std::int64_t span = 0;
  if (__builtin_sub_overflow(hi, lo, &span)) {
    verdict.rule = layout_rule::span_overflow;
  } else if (data == nullptr) {
    verdict.rule = layout_rule::null_data;
  } else {
    const auto address = reinterpret_cast<std::uintptr_t>(data);
    if (address < static_cast<std::uintptr_t>(-lo) ||
        UINTPTR_MAX - address < static_cast<std::uintptr_t>(hi)) {
      verdict.rule = layout_rule::address_wraps;
      verdict.lo = lo;
      verdict.hi = hi;
    }
  }
  return verdict;
}

inline buffer_view::buffer_view(const void* data, zc::dtype type, const dims& shape,
                                const dims& strides, access mode, std::shared_ptr<const void> owner)
    : data_(static_cast<std::byte*>(const_cast<void*>(data))),
      dtype_(type),
      readonly_(mode == access::read_only),
      shape_(shape),
      strides_(strides),
      owner_(std::move(owner)) {
  const detail::layout_verdict verdict =
      detail::check_layout(data_, dtype_.itemsize(), shape_, strides_);
  if (verdict.rule != detail::layout_rule::ok) throw_layout(verdict);
  size_ = static_cast<std::size_t>(verdict.size);
}

inline dims buffer_view::dense_strides_unchecked(const dims& shape, std::size_t itemsize,
                                                 bool fortran) noexcept {
  dims strides = shape;
  auto step = static_cast<std::int64_t>(itemsize);
  const std::size_t n = shape.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = fortran ? i : n - 1 - i;
    strides[k] = step;
    // Wraps only for an empty shape, whose strides reach no byte.
    if (__builtin_mul_overflow(step, shape[k] > 0 ? shape[k] : 1, &step)) step = 0;
  }
  return strides;
}

inline buffer_view buffer_view::slice(std::int64_t axis, std::optional<std::int64_t> start,
                                      std::optional<std::int64_t> stop, std::int64_t step) const {
  const std::size_t k = checked_axis(axis);
  if (step == 0) detail::throw_zero_step();
  if (step == INT64_MIN) step = -INT64_MAX;
  const std::int64_t len = shape_[k];
  // Python's PySlice_AdjustIndices.
  auto adjust = [len, step](std::optional<std::int64_t> bound, std::int64_t if_absent) {
    if (!bound) return if_absent;
    std::int64_t b = *bound;
    if (b < 0) {
      b += len;
      if (b < 0) b = step < 0 ? -1 : 0;
    } else if (b >= len) {
      b = step < 0 ? len - 1 : len;
    }
    return b;
  };
  const std::int64_t first = adjust(start, step < 0 ? len - 1 : 0);
  const std::int64_t last = adjust(stop, step < 0 ? -1 : len);
  std::int64_t count = 0;
  if (step == 1) {  // the common case, without a division
    count = first < last ? last - first : 0;
  } else if (step < 0) {
    if (last < first) count = (first - last - 1) / (-step) + 1;
  } else if (first < last) {
    count = (last - first - 1) / step + 1;
  }
  buffer_view out = *this;
  // An empty view's strides are never validated (it reaches no byte) and its
  // data may be null: its address stays put.
  if (count > 0 && size_ != 0) out.data_ = data_ + first * strides_[k];
  out.shape_[k] = count;
  // Wrapping product: exact for a non-empty view (the result stays inside its
  // validated extent); an empty view's stride was never validated, may be
  // huge, and reaches no byte, so its wrapped value is harmless.
  if (count > 1) out.strides_[k] = detail::wrapping_mul(strides_[k], step);
  out.recompute_size();
  return out;
}

inline buffer_view buffer_view::select(std::int64_t axis, std::int64_t index) const {
  const std::size_t k = checked_axis(axis);
  const std::int64_t resolved = detail::resolve_index(index, k, shape_[k]);
  buffer_view out = *this;
  if (size_ != 0) out.data_ = data_ + resolved * strides_[k];  // see slice()
  const std::size_t n = rank();
  for (std::size_t i = k; i + 1 < n; ++i) {
    out.shape_[i] = shape_[i + 1];
    out.strides_[i] = strides_[i + 1];
  }
  out.shape_ = dims(out.shape_.span().first(n - 1));
  out.strides_ = dims(out.strides_.span().first(n - 1));
  out.recompute_size();
  return out;
}

inline buffer_view buffer_view::transpose() const {
  buffer_view out = *this;
  const std::size_t n = rank();
  for (std::size_t i = 0; i < n; ++i) {
    out.shape_[i] = shape_[n - 1 - i];
    out.strides_[i] = strides_[n - 1 - i];
  }
  return out;
}

inline buffer_view buffer_view::swap_axes(std::int64_t a, std::int64_t b) const {
  const std::size_t i = checked_axis(a);
  const std::size_t j = checked_axis(b);
  buffer_view out = *this;
  std::swap(out.shape_[i], out.shape_[j]);
  std::swap(out.strides_[i], out.strides_[j]);
  return out;
}

inline buffer_view buffer_view::flip(std::int64_t axis) const {
  const std::size_t k = checked_axis(axis);
  buffer_view out = *this;
  if (shape_[k] > 1) {
    if (size_ != 0) out.data_ = data_ + (shape_[k] - 1) * strides_[k];  // see slice()
    out.strides_[k] = detail::wrapping_mul(strides_[k], -1);            // INT64_MIN: see slice()
  }
  return out;
}

inline detail::cast_rule buffer_view::check_cast(zc::dtype type, const dims& new_shape,
                                                 bool c_order,
                                                 std::uint64_t& count) const noexcept {
  using detail::cast_rule;
  if (!c_order && !is_f_contiguous()) return cast_rule::not_contiguous;
  const std::optional<std::uint64_t> counted = detail::element_count(new_shape.span());
  if (!counted) {
    for (const std::int64_t e : new_shape)
      if (e < 0) return cast_rule::negative_extent;
    return cast_rule::count_overflow;
  }
  if (*counted > static_cast<std::uint64_t>(INT64_MAX)) return cast_rule::count_overflow;
  count = *counted;
  std::int64_t new_bytes = 0;
  if (__builtin_mul_overflow(static_cast<std::int64_t>(count),
                             static_cast<std::int64_t>(type.itemsize()), &new_bytes) ||
      new_bytes != static_cast<std::int64_t>(nbytes())) {
    return cast_rule::bytes_differ;
  }
  return cast_rule::ok;
}

inline buffer_view buffer_view::cast(zc::dtype type) const {
  const std::size_t bytes = nbytes();
  // Item sizes are powers of two (1..16): a mask and a shift, not a division.
  const std::size_t item = type.itemsize();
  if ((bytes & (item - 1)) != 0) throw_cast(detail::cast_rule::length_not_multiple, type, dims{});
  return cast(type, dims{bytes >> std::countr_zero(item)});
}

inline buffer_view buffer_view::cast(zc::dtype type, const dims& new_shape) const {
  const bool c_order = is_c_contiguous();
  std::uint64_t count = 0;
  const detail::cast_rule rule = check_cast(type, new_shape, c_order, count);
  if (rule != detail::cast_rule::ok) throw_cast(rule, type, new_shape);
  buffer_view out = *this;
  out.dtype_ = type;
  out.shape_ = new_shape;
  out.strides_ = dense_strides_unchecked(new_shape, type.itemsize(), !c_order);
  out.size_ = static_cast<std::size_t>(count);
  return out;
}

// ---- for_each_run implementation ------------------------------------------

namespace detail {
/// The run decomposition of a view: outer axes to iterate (C order) and the
/// byte length of each run.  Fixed-size, no heap.
struct run_plan {
  std::size_t run_bytes = 0;   // bytes per run; 0 when the view is empty
  std::size_t outer_rank = 0;  // axes iterated around the runs
  std::array<std::int64_t, max_rank> outer_shape{};
  std::array<std::int64_t, max_rank> outer_strides{};
};
run_plan plan_runs(const buffer_view& v) noexcept;
}  // namespace detail

template <class F>
void buffer_view::for_each_run(F&& fn) const {
  const detail::run_plan plan = detail::plan_runs(*this);
  if (plan.run_bytes == 0) return;
  detail::odometer runs(std::span(plan.outer_shape).first(plan.outer_rank));
  std::byte* p = data_;
  do {
    if constexpr (std::is_same_v<std::invoke_result_t<F&, std::byte*, std::size_t>, bool>) {
      if (!fn(p, plan.run_bytes)) return;
    } else {
      fn(p, plan.run_bytes);
    }
  } while (runs.next(
      [&](std::size_t axis, std::int64_t steps) { p += plan.outer_strides[axis] * steps; }));
}

}  // namespace zc

// DESIGN.md's core API is "#include <zc/buffer_view.hpp>" and then, among
// others, zc::read_into(fd, v) and zc::write_all(fd, v): the descriptor-I/O
// declarations come with this header.  They live in io.hpp (one idea per
// file), which includes this header back; #pragma once on both ends that
// cycle whichever of the two is included first.
#include "zc/io.hpp"  // IWYU pragma: export
