#include "output_format.hpp"

namespace zc::png {

// Each preset names only what it changes from the defaults, in the fields'
// declaration order (designated initializers).

decode_options decode_options::rgb8() {
  return {.palette_to_rgb = true,
          .gray_to_8bit = true,
          .to_8bit = depth_reduction::strip,
          .gray_to_rgb = true,
          .alpha = alpha_mode::strip};
}

decode_options decode_options::gray8() {
  return {.palette_to_rgb = true,
          .gray_to_8bit = true,
          .to_8bit = depth_reduction::strip,
          .rgb_to_gray = true,
          .alpha = alpha_mode::strip};
}

decode_options decode_options::gray16() {
  return {
      .palette_to_rgb = true, .to_16bit = true, .rgb_to_gray = true, .alpha = alpha_mode::strip};
}

decode_options decode_options::as_stored() {
  return {.palette_to_rgb = true, .trns_to_alpha = true, .gray_to_8bit = true};
}

decode_options decode_options::rgba8() {
  return {.palette_to_rgb = true,
          .trns_to_alpha = true,
          .gray_to_8bit = true,
          .to_8bit = depth_reduction::strip,
          .gray_to_rgb = true,
          .alpha = alpha_mode::add};
}

decode_options decode_options::rgba16() {
  return {.palette_to_rgb = true,
          .trns_to_alpha = true,
          .gray_to_8bit = true,
          .to_16bit = true,
          .gray_to_rgb = true,
          .alpha = alpha_mode::add};
}

namespace detail {

transform_plan plan_transforms(const decode_options& o, bool little_endian_16) noexcept {
  transform_plan p;
  p.palette_to_rgb = o.palette_to_rgb;
  p.trns_to_alpha = o.trns_to_alpha;
  p.gray_to_8bit = o.gray_to_8bit;
  p.strip_16 = o.to_8bit == depth_reduction::strip;
  p.scale_16 = o.to_8bit == depth_reduction::scale;
  p.expand_16 = o.to_16bit;
  p.gray_to_rgb = o.gray_to_rgb;
  p.rgb_to_gray = o.rgb_to_gray;
  p.add_alpha = o.alpha == alpha_mode::add;
  p.strip_alpha = o.alpha == alpha_mode::strip;
  p.swap_16 = little_endian_16;
  return p;
}

}  // namespace detail
}  // namespace zc::png
