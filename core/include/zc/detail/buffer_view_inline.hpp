// Inline definitions of zc::buffer_view's hot zero-copy operations (the
// class with its definitions: include this, not buffer_view_class.hpp).
// Internal: include <zc/buffer_view.hpp>, <zc/view.hpp> or <zc/core.hpp>.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

#include "zc/detail/buffer_view_class.hpp"
#include "zc/detail/odometer.hpp"
#include "zc/export.hpp"

namespace zc {

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
ZC_API run_plan plan_runs(const buffer_view& v) noexcept;
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
