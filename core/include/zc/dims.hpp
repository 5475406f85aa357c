// zc::dims: up to eight signed 64-bit numbers stored inline (no heap).
// A view's shape (element counts) and its strides (bytes) are both dims.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "zc/error.hpp"
#include "zc/export.hpp"

namespace zc {

/// The largest rank a view can have (numpy's old limit was 32; PEP 3118 has
/// none; 8 keeps a view small enough to pass by value).
inline constexpr std::size_t max_rank = 8;

class dims {
 public:
  constexpr dims() noexcept = default;
  // Copies value by value rather than as one trivial block copy: a view is
  // copied on every zero-copy operation, right after single values of it
  // were written, and the element-wise copy measured faster there (an N-d
  // chain of view operations in bench/core went from ~86 to ~68 ns; block
  // copies that straddle recent narrower stores defeat store forwarding).
  constexpr dims(const dims& other) noexcept : size_(other.size_) { copy_values(other); }
  constexpr dims& operator=(const dims& other) noexcept {
    size_ = other.size_;
    copy_values(other);
    return *this;
  }

  /// `{rows, cols}` from any integer types: `zc::view(p, {rows, cols})`
  /// accepts int, long, std::size_t or Eigen::Index without casts.  Unsigned
  /// values above INT64_MAX throw zc::error(overflow).
  template <std::integral... I>
  requires(sizeof...(I) >= 1 && sizeof...(I) <= max_rank) constexpr dims(
      I... values)  // NOLINT(google-explicit-constructor): braced lists
      : size_(static_cast<std::uint8_t>(sizeof...(I))), values_{checked(values)...} {}

  /// From a run-time sequence; more than max_rank values throw invalid_argument.
  explicit dims(std::span<const std::int64_t> values) {
    if (values.size() > max_rank) {
      throw error(errc::invalid_argument, "rank " + std::to_string(values.size()) +
                                              " exceeds the maximum rank " +
                                              std::to_string(max_rank));
    }
    size_ = static_cast<std::uint8_t>(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) values_[i] = values[i];
  }

  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] constexpr std::int64_t operator[](std::size_t i) const noexcept {
    return values_[i];
  }
  constexpr std::int64_t& operator[](std::size_t i) noexcept { return values_[i]; }
  [[nodiscard]] constexpr const std::int64_t* data() const noexcept { return values_.data(); }
  [[nodiscard]] constexpr const std::int64_t* begin() const noexcept { return values_.data(); }
  [[nodiscard]] constexpr const std::int64_t* end() const noexcept {
    return values_.data() + size_;
  }
  [[nodiscard]] constexpr std::span<const std::int64_t> span() const noexcept {
    return {values_.data(), size_};
  }
  constexpr operator std::span<const std::int64_t>() const noexcept {  // NOLINT
    return span();
  }
  /// Appends one value; throws invalid_argument past max_rank.
  constexpr void push_back(std::int64_t value) {
    if (size_ == max_rank) throw error(errc::invalid_argument, "rank would exceed 8");
    values_[size_++] = value;
  }

  friend constexpr bool operator==(const dims& a, const dims& b) noexcept {
    if (a.size_ != b.size_) return false;
    for (std::size_t i = 0; i < a.size_; ++i)
      if (a.values_[i] != b.values_[i]) return false;
    return true;
  }

 private:
  constexpr void copy_values(const dims& other) noexcept {
    for (std::size_t i = 0; i < max_rank; ++i) values_[i] = other.values_[i];
  }
  template <std::integral I>
  static constexpr std::int64_t checked(I value) {
    if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
      if (value >
          static_cast<std::make_unsigned_t<std::int64_t>>(std::numeric_limits<std::int64_t>::max()))
        throw error(errc::overflow,
                    "extent or stride " + std::to_string(static_cast<unsigned long long>(value)) +
                        " does not fit in a signed 64-bit integer (at most " +
                        std::to_string(std::numeric_limits<std::int64_t>::max()) + ")");
    }
    return static_cast<std::int64_t>(value);
  }

  std::uint8_t size_ = 0;
  std::array<std::int64_t, max_rank> values_{};
};

namespace detail {
/// The number of elements of a shape: the product of its extents, 0 when
/// any extent is 0 however large the others are ({2^62, 2^62, 0} is as empty
/// as {0, 2^62, 2^62}), std::nullopt when an extent is negative or the
/// product of a non-empty shape overflows 64 bits.  Core and the adapters
/// count elements through this one function, so every layer judges empty
/// and overflowing shapes alike.  Inline: view construction is on it.
inline std::optional<std::uint64_t> element_count(std::span<const std::int64_t> shape) noexcept {
  std::uint64_t count = 1;
  bool overflowed = false;
  bool empty = false;
  for (const std::int64_t extent : shape) {
    if (extent < 0) return std::nullopt;
    empty |= extent == 0;
    overflowed |= __builtin_mul_overflow(count, static_cast<std::uint64_t>(extent), &count);
  }
  if (empty) return 0;
  if (overflowed) return std::nullopt;
  return count;
}

/// A shape or strides as Python prints a tuple: "(3, 4)", "(5,)", "()".
/// For error messages (core's and the adapters').
ZC_API std::string dims_text(std::span<const std::int64_t> values);

// Out of line: keeps the message off the fast path.  Names the shape and item size.
[[noreturn]] ZC_API void throw_dense_overflow(const dims& shape, std::size_t itemsize);

// Strides of a dense layout, from the fastest-varying axis (the last one for
// C order, the first for Fortran order).  Inline: views are made in a few ns.
// An extent-0 axis counts as 1 (as numpy does).  A shape with an extent of 0
// has no bytes, so it never overflows: a stride past the 64-bit range is 0
// there (no element is reached through it).  Non-empty shapes throw.
inline dims dense_strides(const dims& shape, std::size_t itemsize, bool fortran) {
  dims strides = shape;
  auto step = static_cast<std::int64_t>(itemsize);
  bool overflowed = false;
  bool empty = false;
  const std::size_t n = shape.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t axis = fortran ? i : n - 1 - i;
    strides[axis] = overflowed ? 0 : step;
    empty |= shape[axis] == 0;
    const std::int64_t extent = shape[axis] > 0 ? shape[axis] : 1;
    overflowed |= __builtin_mul_overflow(step, extent, &step);
  }
  if (overflowed && !empty) throw_dense_overflow(shape, itemsize);
  return strides;
}
}  // namespace detail

/// Byte strides of a C-order (row-major) layout of `shape`.  Throws
/// zc::error(overflow) when a non-empty shape's byte size overflows 64 bits.
inline dims c_strides(const dims& shape, std::size_t itemsize) {
  return detail::dense_strides(shape, itemsize, false);
}
/// Byte strides of a Fortran-order (column-major) layout of `shape`.
inline dims f_strides(const dims& shape, std::size_t itemsize) {
  return detail::dense_strides(shape, itemsize, true);
}

}  // namespace zc
