#include "guarded_read.hpp"

#include <csetjmp>

namespace zc::png::detail {
namespace {

// Adam7: first row / column of each pass and the step between them (pixels).
constexpr std::uint32_t pass_start_row[7] = {0, 0, 4, 0, 2, 0, 1};
constexpr std::uint32_t pass_row_step[7] = {8, 8, 8, 4, 4, 2, 2};
constexpr std::uint32_t pass_start_col[7] = {0, 4, 0, 2, 0, 1, 0};

// Whether libpng writes any pixel of row `y` in `pass` (it skips rows outside
// the pass and passes with no columns, leaving the row untouched).
bool pass_touches_row(int pass, std::uint32_t y, std::uint32_t width) noexcept {
  const auto p = static_cast<std::size_t>(pass);
  if (width <= pass_start_col[p] || y < pass_start_row[p]) return false;
  return (y - pass_start_row[p]) % pass_row_step[p] == 0;
}

// The row loops live in their own frames so that the setjmp frames stay
// trivial (no locals live across setjmp, so nothing can be clobbered).
void read_direct(png_structp png, const row_layout& layout, int passes) {
  for (int pass = 0; pass < passes; ++pass) {
    for (std::uint32_t y = 0; y < layout.height; ++y) {
      png_read_row(png, reinterpret_cast<png_bytep>(layout.row(y)), nullptr);
    }
  }
}

void read_buffered(png_structp png, const row_layout& layout, int passes, std::byte* buffer,
                   std::uint64_t* copied) {
  const std::size_t row_bytes = layout.row_bytes();
  for (int pass = 0; pass < passes; ++pass) {
    for (std::uint32_t y = 0; y < layout.height; ++y) {
      const bool touched = passes == 1 || pass_touches_row(pass, y, layout.width);
      if (passes > 1 && touched) {
        // libpng fills in only this pass's pixels: start from what the
        // earlier passes left in the destination.
        gather_row(layout, y, buffer);
        *copied += row_bytes;
      }
      png_read_row(png, reinterpret_cast<png_bytep>(buffer), nullptr);
      if (touched) {
        scatter_row(layout, y, buffer);
        *copied += row_bytes;
      }
    }
  }
}

void configure(png_structp png, png_infop info, const transform_plan& plan, int* passes) {
  // Sub-byte samples (1/2/4-bit gray, palette indices) become one per byte;
  // without gray_to_8bit they keep their values (0..2^bits-1).
  png_set_packing(png);
  if (plan.palette_to_rgb) png_set_palette_to_rgb(png);
  if (plan.trns_to_alpha) png_set_tRNS_to_alpha(png);
  if (plan.gray_to_8bit) png_set_expand_gray_1_2_4_to_8(png);
  if (plan.strip_16) png_set_strip_16(png);
  if (plan.scale_16) png_set_scale_16(png);
  if (plan.expand_16) png_set_expand_16(png);
  if (plan.gray_to_rgb) png_set_gray_to_rgb(png);
  // Silently (no warning or error for pixels that were not gray), with the
  // default weights: cHRM's when present, else BT.709.
  if (plan.rgb_to_gray) png_set_rgb_to_gray_fixed(png, PNG_ERROR_ACTION_NONE, -1, -1);
  if (plan.strip_alpha) png_set_strip_alpha(png);
  if (plan.add_alpha) png_set_add_alpha(png, 0xffff, PNG_FILLER_AFTER);
  if (plan.swap_16) png_set_swap(png);
  *passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
}

}  // namespace

bool guarded_read_info(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_read_info(png, info);
  return true;
}

bool guarded_configure(png_structp png, png_infop info, const transform_plan* plan, int* passes) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  configure(png, info, *plan, passes);
  return true;
}

bool guarded_read_direct(png_structp png, const row_layout* layout, int passes) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  read_direct(png, *layout, passes);
  return true;
}

bool guarded_read_buffered(png_structp png, const row_layout* layout, int passes,
                           std::byte* row_buffer, std::uint64_t* copied) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  read_buffered(png, *layout, passes, row_buffer, copied);
  return true;
}

bool guarded_read_end(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_read_end(png, info);
  return true;
}

}  // namespace zc::png::detail
