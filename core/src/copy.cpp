// zc::copy: the one explicit element copy between two layouts.
#include <algorithm>
#include <cstring>
#include <memory>

#include "zc/buffer_view.hpp"
#include "zc/copy_stats.hpp"
#include "zc/detail/odometer.hpp"

namespace zc {
namespace {

// The joint layout of two equal-shape views: the outer axes both iterate and
// the chunk (bytes) that is contiguous in both.
struct joint_plan {
  std::size_t chunk = 0;
  std::size_t outer = 0;
  std::array<std::int64_t, max_rank> shape{};
  std::array<std::int64_t, max_rank> src_strides{};
  std::array<std::int64_t, max_rank> dst_strides{};
};

joint_plan plan_joint(const buffer_view& src, const buffer_view& dst) {
  joint_plan plan;
  std::size_t n = 0;
  for (std::size_t k = 0; k < src.rank(); ++k) {
    if (src.shape()[k] == 1) continue;
    plan.shape[n] = src.shape()[k];
    plan.src_strides[n] = src.strides()[k];
    plan.dst_strides[n] = dst.strides()[k];
    ++n;
  }
  auto chunk = static_cast<std::int64_t>(src.itemsize());
  while (n > 0 && plan.src_strides[n - 1] == chunk && plan.dst_strides[n - 1] == chunk) {
    chunk *= plan.shape[n - 1];
    --n;
  }
  plan.chunk = static_cast<std::size_t>(chunk);
  plan.outer = n;
  return plan;
}

void swap_units(std::byte* p, std::size_t bytes, std::size_t unit) {
  for (std::size_t off = 0; off + unit <= bytes; off += unit) std::reverse(p + off, p + off + unit);
}

// Copies element by element (in chunks) from src to dst; they must not overlap.
void copy_disjoint(const buffer_view& src, const buffer_view& dst, const std::byte* src_base,
                   std::byte* dst_base, bool swap) {
  const joint_plan plan = plan_joint(src, dst);
  detail::odometer chunks(std::span(plan.shape).first(plan.outer));
  const std::byte* s = src_base;
  std::byte* d = dst_base;
  const std::size_t unit = src.dtype().swap_unit();
  do {
    std::memcpy(d, s, plan.chunk);
    if (swap) swap_units(d, plan.chunk, unit);
  } while (chunks.next([&](std::size_t axis, std::int64_t steps) {
    s += plan.src_strides[axis] * steps;
    d += plan.dst_strides[axis] * steps;
  }));
}

}  // namespace

void copy(const buffer_view& src, const buffer_view& dst) {
  dst.require_writable("zc::copy destination");
  const dtype s = src.dtype();
  const dtype d = dst.dtype();
  if (s.kind() != d.kind() || s.bits() != d.bits()) {
    throw error(errc::dtype_mismatch, "zc::copy: source is " + s.describe() +
                                          " but destination is " + d.describe() +
                                          " (element types must match; byte order may differ)");
  }
  if (src.rank() != dst.rank() ||
      !std::equal(src.shape().begin(), src.shape().end(), dst.shape().begin())) {
    throw error(errc::shape_mismatch,
                "zc::copy: source is " + src.describe() + " but destination is " + dst.describe());
  }
  if (src.empty()) return;
  detail::count_copied(src.nbytes());
  const bool swap = s.itemsize() > 1 && s.resolved_order() != d.resolved_order();
  std::byte* dst_base = dst.mutable_bytes();
  if (!src.overlaps(dst)) {
    copy_disjoint(src, dst, src.bytes(), dst_base, swap);
    return;
  }
  // Overlapping: stage the source in C order, then scatter.
  std::unique_ptr<std::byte[]> staging(new std::byte[src.nbytes()]);
  const buffer_view staged(staging.get(), s, src.shape_dims(),
                           c_strides(src.shape_dims(), s.itemsize()), access::read_write);
  copy_disjoint(src, staged, src.bytes(), staging.get(), false);
  copy_disjoint(staged, dst, staging.get(), dst_base, swap);
}

}  // namespace zc
