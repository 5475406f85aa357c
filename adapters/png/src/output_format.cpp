#include "output_format.hpp"

namespace zc::png {

decode_options decode_options::rgb8() {
  decode_options o;
  o.palette_to_rgb = true;
  o.gray_to_8bit = true;
  o.to_8bit = depth_reduction::strip;
  o.gray_to_rgb = true;
  o.alpha = alpha_mode::strip;
  return o;
}

decode_options decode_options::gray8() {
  decode_options o;
  o.palette_to_rgb = true;
  o.gray_to_8bit = true;
  o.to_8bit = depth_reduction::strip;
  o.rgb_to_gray = true;
  o.alpha = alpha_mode::strip;
  return o;
}

decode_options decode_options::gray16() {
  decode_options o;
  o.palette_to_rgb = true;
  o.to_16bit = true;
  o.rgb_to_gray = true;
  o.alpha = alpha_mode::strip;
  return o;
}

decode_options decode_options::as_stored() {
  decode_options o;
  o.palette_to_rgb = true;
  o.trns_to_alpha = true;
  o.gray_to_8bit = true;
  return o;
}

decode_options decode_options::rgba8() {
  decode_options o;
  o.palette_to_rgb = true;
  o.trns_to_alpha = true;
  o.gray_to_8bit = true;
  o.to_8bit = depth_reduction::strip;
  o.gray_to_rgb = true;
  o.alpha = alpha_mode::add;
  return o;
}

decode_options decode_options::rgba16() {
  decode_options o;
  o.palette_to_rgb = true;
  o.trns_to_alpha = true;
  o.gray_to_8bit = true;
  o.to_16bit = true;
  o.gray_to_rgb = true;
  o.alpha = alpha_mode::add;
  return o;
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
