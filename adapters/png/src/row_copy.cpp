#include "row_copy.hpp"

#include <cstring>

namespace zc::png::detail {

bool row_layout::rows_are_packed() const noexcept {
  const auto item_bytes = static_cast<std::int64_t>(item);
  const bool samples_packed = channels <= 1 || sample_stride == item_bytes;
  const bool pixels_packed =
      width <= 1 || pixel_stride == static_cast<std::int64_t>(channels) * item_bytes;
  return samples_packed && pixels_packed;
}

row_layout layout_of(const buffer_view& v, std::byte* origin) noexcept {
  row_layout l;
  l.origin = origin;
  l.item = v.itemsize();
  l.height = static_cast<std::uint32_t>(v.shape()[0]);
  l.width = static_cast<std::uint32_t>(v.shape()[1]);
  l.row_stride = v.strides()[0];
  l.pixel_stride = v.strides()[1];
  if (v.rank() == 3) {
    l.channels = static_cast<std::uint32_t>(v.shape()[2]);
    l.sample_stride = v.strides()[2];
  } else {
    l.channels = 1;
    l.sample_stride = static_cast<std::int64_t>(l.item);
  }
  return l;
}

void gather_row(const row_layout& l, std::uint32_t y, std::byte* out) noexcept {
  const std::byte* row = l.row(y);
  const auto item_bytes = static_cast<std::int64_t>(l.item);
  if (l.sample_stride == item_bytes) {
    // Each pixel's samples are adjacent: one copy per pixel.
    const std::size_t pixel_bytes = l.channels * l.item;
    for (std::uint32_t x = 0; x < l.width; ++x, out += pixel_bytes) {
      std::memcpy(out, row + static_cast<std::int64_t>(x) * l.pixel_stride, pixel_bytes);
    }
    return;
  }
  for (std::uint32_t x = 0; x < l.width; ++x) {
    const std::byte* pixel = row + static_cast<std::int64_t>(x) * l.pixel_stride;
    for (std::uint32_t c = 0; c < l.channels; ++c, out += l.item) {
      std::memcpy(out, pixel + static_cast<std::int64_t>(c) * l.sample_stride, l.item);
    }
  }
}

void scatter_row(const row_layout& l, std::uint32_t y, const std::byte* in) noexcept {
  std::byte* row = l.row(y);
  const auto item_bytes = static_cast<std::int64_t>(l.item);
  if (l.sample_stride == item_bytes) {
    const std::size_t pixel_bytes = l.channels * l.item;
    for (std::uint32_t x = 0; x < l.width; ++x, in += pixel_bytes) {
      std::memcpy(row + static_cast<std::int64_t>(x) * l.pixel_stride, in, pixel_bytes);
    }
    return;
  }
  for (std::uint32_t x = 0; x < l.width; ++x) {
    std::byte* pixel = row + static_cast<std::int64_t>(x) * l.pixel_stride;
    for (std::uint32_t c = 0; c < l.channels; ++c, in += l.item) {
      std::memcpy(pixel + static_cast<std::int64_t>(c) * l.sample_stride, in, l.item);
    }
  }
}

}  // namespace zc::png::detail
