#include "zc/buffer_view.hpp"

#include "zc/copy_stats.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace zc {
namespace {

using detail::dims_text;

std::int64_t as_i64(std::size_t value) { return static_cast<std::int64_t>(value); }

}  // namespace

// ---- cold paths of the inline operations -----------------------------------

void detail::throw_bad_axis(std::int64_t axis, std::size_t rank) {
  throw error(errc::invalid_argument, "axis " + std::to_string(axis) +
                                          " is out of range for a view of rank " +
                                          std::to_string(rank));
}

void detail::throw_zero_step() { throw error(errc::invalid_argument, "slice step cannot be zero"); }

void detail::throw_bad_index(std::int64_t index, std::size_t axis, std::int64_t extent) {
  throw error(errc::out_of_range, "index " + std::to_string(index) + " is out of range for axis " +
                                      std::to_string(axis) + " of extent " +
                                      std::to_string(extent));
}

void detail::throw_container_shape(const dims& shape, std::uint64_t size) {
  throw error(errc::shape_mismatch, "zc::view: shape " + dims_text(shape.span()) + " holds " +
                                        std::to_string(*detail::element_count(shape.span())) +
                                        " elements, but the container has " + std::to_string(size));
}

// The message of the layout rule check_layout() found broken.
void buffer_view::throw_layout(const detail::layout_verdict& verdict) const {
  using detail::layout_rule;
  const std::string shape = dims_text(shape_.span());
  const std::string strides = dims_text(strides_.span());
  switch (verdict.rule) {
    case layout_rule::rank_mismatch:
      throw error(errc::invalid_argument, "shape has rank " + std::to_string(shape_.size()) +
                                              " but strides have rank " +
                                              std::to_string(strides_.size()));
    case layout_rule::negative_extent:
      throw error(errc::invalid_argument, "extent of axis " + std::to_string(verdict.axis) +
                                              " must be >= 0, found " +
                                              std::to_string(shape_[verdict.axis]));
    case layout_rule::count_overflow:
      throw error(errc::overflow, "element count of shape " + shape + " overflows 64 bits");
    case layout_rule::size_overflow:
      throw error(errc::overflow, "byte size of shape " + shape + " of " + dtype_.describe() +
                                      " overflows 64 bits");
    case layout_rule::extent_overflow:
      throw error(errc::overflow, "byte extent of shape " + shape + " with strides " + strides +
                                      " overflows 64 bits");
    case layout_rule::span_overflow:
      throw error(errc::overflow, "byte extent overflows 64 bits");
    case layout_rule::null_data:
      throw error(errc::invalid_argument,
                  "null data pointer for a view of " + std::to_string(verdict.size) + " elements");
    case layout_rule::address_wraps:
      throw error(errc::overflow, "shape " + shape + " with strides " + strides +
                                      " reaches bytes [" + std::to_string(verdict.lo) + ", " +
                                      std::to_string(verdict.hi) + ") around address " +
                                      std::to_string(reinterpret_cast<std::uintptr_t>(data_)) +
                                      ", which wraps around the address space");
    case layout_rule::ok:
      break;
  }
  throw error(errc::invalid_argument, "zc::buffer_view: layout check failed");  // unreachable
}

std::byte* buffer_view::mutable_bytes() const {
  require_writable("mutable_bytes");
  return data_;
}

// ---- layout queries ---------------------------------------------------------

byte_span buffer_view::byte_extent() const noexcept {
  if (size_ == 0) return {};
  byte_span extent{0, as_i64(itemsize())};
  for (std::size_t k = 0; k < rank(); ++k) {
    const std::int64_t reach = (shape_[k] - 1) * strides_[k];
    (reach < 0 ? extent.lo : extent.hi) += reach;
  }
  return extent;
}

std::size_t buffer_view::alignment() const noexcept {
  std::uint64_t bits = reinterpret_cast<std::uintptr_t>(data_);
  for (std::size_t k = 0; k < rank(); ++k) {
    if (shape_[k] > 1) bits |= static_cast<std::uint64_t>(strides_[k]);
  }
  bits |= 4096;
  return static_cast<std::size_t>(bits & (~bits + 1));
}

bool buffer_view::overlaps(const buffer_view& other) const noexcept {
  if (size_ == 0 || other.size_ == 0) return false;
  const byte_span a = byte_extent();
  const byte_span b = other.byte_extent();
  const auto a_lo = reinterpret_cast<std::uintptr_t>(data_) + static_cast<std::uintptr_t>(a.lo);
  const auto a_hi = reinterpret_cast<std::uintptr_t>(data_) + static_cast<std::uintptr_t>(a.hi);
  const auto b_lo =
      reinterpret_cast<std::uintptr_t>(other.data_) + static_cast<std::uintptr_t>(b.lo);
  const auto b_hi =
      reinterpret_cast<std::uintptr_t>(other.data_) + static_cast<std::uintptr_t>(b.hi);
  return a_lo < b_hi && b_lo < a_hi;
}

// ---- zero-copy operations ---------------------------------------------------

buffer_view buffer_view::permute(const dims& order) const {
  const std::size_t n = rank();
  if (order.size() != n) {
    throw error(errc::invalid_argument, "permute needs " + std::to_string(n) + " axes, found " +
                                            std::to_string(order.size()));
  }
  std::array<bool, max_rank> seen{};
  buffer_view out = *this;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t from = checked_axis(order[i]);
    if (seen[from]) {
      throw error(errc::invalid_argument, "permute order " + dims_text(order.span()) +
                                              " repeats axis " + std::to_string(from));
    }
    seen[from] = true;
    out.shape_[i] = shape_[from];
    out.strides_[i] = strides_[from];
  }
  return out;
}

buffer_view buffer_view::in_memory_order() const noexcept {
  buffer_view out = *this;
  // Insertion sort: stable (equal strides keep their order) and rank <= 8.
  for (std::size_t i = 1; i < rank(); ++i) {
    const std::int64_t extent = out.shape_[i];
    const std::int64_t stride = out.strides_[i];
    std::size_t j = i;
    // Unsigned magnitudes: an unused stride may be INT64_MIN, whose |.| is 2^63.
    while (j > 0 &&
           detail::stride_magnitude(out.strides_[j - 1]) < detail::stride_magnitude(stride)) {
      out.shape_[j] = out.shape_[j - 1];
      out.strides_[j] = out.strides_[j - 1];
      --j;
    }
    out.shape_[j] = extent;
    out.strides_[j] = stride;
  }
  return out;
}

buffer_view buffer_view::reshape(const dims& new_shape) const {
  // Resolve one -1 extent.
  dims target = new_shape;
  std::size_t inferred = max_rank;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1 && inferred == max_rank) {
      inferred = i;
    } else if (target[i] < 0) {
      throw error(errc::invalid_argument, "reshape extents must be >= 0 (one may be -1), found " +
                                              dims_text(target.span()));
    }
  }
  // The product of the given extents (the inferred one counts as 1).
  dims given = target;
  if (inferred != max_rank) given[inferred] = 1;
  const std::optional<std::uint64_t> product = detail::element_count(given.span());
  if (!product || *product > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw error(errc::overflow, "reshape to " + dims_text(target.span()) + " overflows");
  }
  auto known = static_cast<std::int64_t>(*product);
  const auto count = as_i64(size_);
  if (inferred != max_rank) {
    if (known == 0 || count % known != 0) {
      throw error(errc::shape_mismatch, "cannot reshape " + std::to_string(count) +
                                            " elements into " + dims_text(target.span()));
    }
    target[inferred] = count / known;
    known = count;
  }
  if (known != count) {
    throw error(errc::shape_mismatch, "cannot reshape " + std::to_string(count) +
                                          " elements of shape " + dims_text(shape()) + " into " +
                                          dims_text(target.span()));
  }
  buffer_view out = *this;
  out.shape_ = target;
  if (count == 0 || is_c_contiguous()) {
    // Dense C strides, anchored where the data is (empty views: anywhere).
    out.strides_ = c_strides(target, itemsize());
    out.recompute_size();
    return out;
  }
  // Non-contiguous: match groups of old axes with groups of new axes whose
  // extents multiply to the same count; each old group must be internally
  // dense in C order (numpy's no-copy reshape rule).  Extent-1 axes are free.
  dims old_shape;
  dims old_strides;
  for (std::size_t i = 0; i < rank(); ++i) {
    if (shape_[i] != 1) {
      old_shape.push_back(shape_[i]);
      old_strides.push_back(strides_[i]);
    }
  }
  dims result_strides = target;
  std::size_t oi = 0;
  std::size_t ni = 0;
  const std::size_t on = old_shape.size();
  const std::size_t nn = target.size();
  while (ni < nn || oi < on) {
    // Extent-1 new axes take any stride.
    if (ni < nn && target[ni] == 1) {
      result_strides[ni] = as_i64(itemsize());
      ++ni;
      continue;
    }
    if (oi >= on || ni >= nn) break;
    std::size_t oj = oi + 1;
    std::size_t nj = ni + 1;
    std::int64_t op = old_shape[oi];
    std::int64_t np = target[ni];
    while (op != np) {
      if (op < np) {
        op *= old_shape[oj++];
      } else {
        np *= target[nj++];
      }
    }
    for (std::size_t i = oi; i + 1 < oj; ++i) {
      if (old_strides[i] != old_strides[i + 1] * old_shape[i + 1]) {
        throw error(errc::layout, "cannot reshape a view of shape " + dims_text(shape()) +
                                      " and strides " + dims_text(strides()) + " into " +
                                      dims_text(target.span()) +
                                      " without copying: copy it into a contiguous buffer "
                                      "with zc::copy first");
      }
    }
    // Fill new strides of this group from its last axis backwards.
    result_strides[nj - 1] = old_strides[oj - 1];
    for (std::size_t i = nj - 1; i > ni; --i) {
      result_strides[i - 1] = result_strides[i] * target[i];
    }
    oi = oj;
    ni = nj;
  }
  out.strides_ = result_strides;
  out.recompute_size();
  return out;
}

// The message of the cast rule check_cast() (or cast(type)) found broken.
void buffer_view::throw_cast(detail::cast_rule rule, zc::dtype type, const dims& new_shape) const {
  using detail::cast_rule;
  const std::string target = dims_text(new_shape.span());
  switch (rule) {
    case cast_rule::length_not_multiple:
      throw error(errc::shape_mismatch, "cannot cast " + std::to_string(nbytes()) + " bytes of " +
                                            dtype_.describe() + " to " + type.describe() +
                                            ": the length is not a multiple of " +
                                            std::to_string(type.itemsize()));
    case cast_rule::not_contiguous:
      throw error(errc::layout, "cast needs a C- or F-contiguous view, found " + describe() +
                                    ": copy it with zc::copy first");
    case cast_rule::negative_extent:
      throw error(errc::invalid_argument, "cast shape extents must be >= 0, found " + target);
    case cast_rule::count_overflow:
      throw error(errc::overflow, "element count of cast shape " + target + " overflows 64 bits");
    case cast_rule::bytes_differ:
    case cast_rule::ok:
      break;
  }
  const std::uint64_t count = *detail::element_count(new_shape.span());  // checked above
  throw error(errc::shape_mismatch, "cannot cast " + std::to_string(nbytes()) + " bytes (" +
                                        describe() + ") to shape " + target + " of " +
                                        type.describe() + " (" + std::to_string(count) + " x " +
                                        std::to_string(type.itemsize()) + " bytes)");
}

buffer_view buffer_view::with_byte_order(byte_order order) const {
  buffer_view out = *this;
  out.dtype_ = dtype_.with_order(order);
  return out;
}

buffer_view buffer_view::as_readonly() const {
  buffer_view out = *this;
  out.readonly_ = true;
  return out;
}

buffer_view buffer_view::with_owner(std::shared_ptr<const void> owner) const {
  buffer_view out = *this;
  out.owner_ = std::move(owner);
  return out;
}

void buffer_view::release() noexcept { *this = buffer_view(); }

// ---- element access -----------------------------------------------------------

std::byte* buffer_view::element_address(zc::dtype type, std::span<const std::int64_t> index) const {
  if (!(type == dtype_) || !dtype_.is_native_order()) {
    throw error(errc::dtype_mismatch,
                "element access as " + type.describe() + " on a view of " + dtype_.describe() +
                    // Same kind and width: only the byte order differs (== compares it).
                    (type.kind() == dtype_.kind() && type.bits() == dtype_.bits()
                         ? ": the view is not in native byte order (copy it with "
                           "zc::copy into a native-order buffer)"
                         : ""));
  }
  if (index.size() != rank()) {
    throw error(errc::invalid_argument, "element access with " + std::to_string(index.size()) +
                                            " indices on a view of rank " + std::to_string(rank()));
  }
  std::int64_t offset = 0;
  for (std::size_t k = 0; k < index.size(); ++k) {
    offset += detail::resolve_index(index[k], k, shape_[k]) * strides_[k];
  }
  return data_ + offset;
}

void buffer_view::copy_to_contiguous(std::byte* out) const {
  detail::count_copied(nbytes());
  for_each_run([&out](std::byte* p, std::size_t n) {
    std::memcpy(out, p, n);
    out += n;
  });
}

std::vector<std::byte> buffer_view::to_bytes() const {
  std::vector<std::byte> out(nbytes());
  copy_to_contiguous(out.data());
  return out;
}

// ---- runs ---------------------------------------------------------------------

detail::run_plan detail::plan_runs(const buffer_view& v) noexcept {
  run_plan plan;
  if (v.empty()) return plan;
  std::array<std::int64_t, max_rank> shape{};
  std::array<std::int64_t, max_rank> strides{};
  std::size_t n = 0;
  for (std::size_t k = 0; k < v.rank(); ++k) {
    if (v.shape()[k] == 1) continue;
    shape[n] = v.shape()[k];
    strides[n] = v.strides()[k];
    ++n;
  }
  auto run = static_cast<std::int64_t>(v.itemsize());
  std::size_t outer = n;
  if (outer > 0 && strides[outer - 1] == run) {
    while (outer > 0 && strides[outer - 1] == run) {
      run *= shape[outer - 1];
      --outer;
    }
  }
  plan.run_bytes = static_cast<std::size_t>(run);
  plan.outer_rank = outer;
  for (std::size_t k = 0; k < outer; ++k) {
    plan.outer_shape[k] = shape[k];
    plan.outer_strides[k] = strides[k];
  }
  return plan;
}

std::size_t buffer_view::run_count() const noexcept {
  const detail::run_plan plan = detail::plan_runs(*this);
  if (plan.run_bytes == 0) return 0;
  std::size_t count = 1;
  for (std::size_t k = 0; k < plan.outer_rank; ++k) {
    count *= static_cast<std::size_t>(plan.outer_shape[k]);
  }
  return count;
}

std::size_t buffer_view::run_length() const noexcept { return detail::plan_runs(*this).run_bytes; }

// ---- checks used by adapters ----------------------------------------------------

void buffer_view::require_dtype(zc::dtype expected, std::string_view consumer) const {
  if (dtype_ == expected) return;
  throw error(errc::dtype_mismatch, std::string(consumer) + ": needs " + expected.describe() +
                                        ", found a view of " + dtype_.describe());
}

void buffer_view::require_writable(std::string_view consumer) const {
  if (!readonly_) return;
  throw error(errc::readonly,
              std::string(consumer) + ": needs a writable view, found a readonly " + describe());
}

std::string buffer_view::describe() const {
  return dtype_.describe() + " view of shape " + dims_text(shape()) + ", strides " +
         dims_text(strides()) + (readonly_ ? ", readonly" : "");
}

}  // namespace zc
