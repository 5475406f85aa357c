// The declaration of zc::buffer_view (see <zc/buffer_view.hpp> for what it
// is); its inline definitions follow in buffer_view_inline.hpp.  Internal:
// include <zc/buffer_view.hpp>, <zc/view.hpp> or <zc/core.hpp>.
// The class lives here, not in <zc/buffer_view.hpp>, so that <zc/view.hpp>
// (the exporters, which need the complete class) and <zc/buffer_view.hpp>
// (which docs/architecture.md promises gives zc::view too) share it without including
// each other.
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
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "zc/access.hpp"
#include "zc/dims.hpp"
#include "zc/dtype.hpp"
#include "zc/error.hpp"
#include "zc/export.hpp"

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
[[noreturn]] ZC_API void throw_bad_axis(std::int64_t axis, std::size_t rank);
[[noreturn]] ZC_API void throw_zero_step();
[[noreturn]] ZC_API void throw_bad_index(std::int64_t index, std::size_t axis, std::int64_t extent);
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

class ZC_API buffer_view {
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
  friend ZC_API bool operator==(const buffer_view& a, const buffer_view& b);

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
ZC_API void copy(const buffer_view& src, const buffer_view& dst);

}  // namespace zc
