#include "flat_content.hpp"

#include "zc/copy_stats.hpp"

namespace zc::png::detail {

bool row_is_flat(const std::byte* row, std::size_t n, std::size_t bpp) noexcept {
  if (n <= bpp) return false;
  const std::size_t compared = n - bpp;
  // Stop as soon as more than a quarter of the bytes differ: on photo-like
  // rows that happens within the first third of the row.
  const std::size_t allowed_differences = compared / 4;
  std::size_t differences = 0;
  for (std::size_t i = bpp; i < n; ++i) {
    differences += row[i] != row[i - bpp] ? 1u : 0u;
    if (differences > allowed_differences) return false;
  }
  return true;
}

std::uint32_t flat_sample_count(std::uint32_t height) noexcept {
  const std::uint32_t one_in_8 = height / 8;
  return one_in_8 < 1 ? 1 : (one_in_8 > 32 ? 32 : one_in_8);
}

bool image_is_flat(const row_layout& layout, std::byte* scratch) noexcept {
  const std::uint32_t h = layout.height;
  if (h == 0) return false;
  const std::uint32_t samples = flat_sample_count(h);
  const std::size_t n = layout.row_bytes();
  const std::size_t bpp = static_cast<std::size_t>(layout.channels) * layout.item;
  const bool packed = layout.rows_are_packed();
  std::uint32_t flat = 0;
  for (std::uint32_t k = 0; k < samples; ++k) {
    // Row (2k + 1) h / (2 samples): the middle of each of `samples` bands.
    const auto y = static_cast<std::uint32_t>((std::uint64_t{2} * k + 1) * h / (2u * samples));
    const std::byte* row = layout.row(y);
    if (!packed) {
      gather_row(layout, y, scratch);
      zc::detail::count_copied(n);
      row = scratch;
    }
    if (row_is_flat(row, n, bpp)) ++flat;
  }
  return 2 * flat >= samples;
}

}  // namespace zc::png::detail
