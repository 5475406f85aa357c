#include "fit_hint.hpp"

#include <vector>

namespace zc::png::detail {
namespace {

bool has_alpha(int channels) noexcept { return channels == 2 || channels == 4; }
bool is_color(int channels) noexcept { return channels >= 3; }

// The option that changes gray <-> colour, or "" when colour already matches.
std::string color_step(const info& stored, const output_format& decoded, int wanted_channels) {
  if (is_color(wanted_channels) && !is_color(decoded.channels)) {
    if (decoded.color == color_type::palette) {
      return "palette_to_rgb = true (the file stores palette indices)";
    }
    return "gray_to_rgb = true";
  }
  if (!is_color(wanted_channels) && is_color(decoded.channels)) {
    return std::string("rgb_to_gray = true") +
           (stored.color == color_type::palette ? " (after palette_to_rgb)" : "");
  }
  return "";
}

// The option that adds or drops alpha, or "" when alpha already matches.
std::string alpha_step(const info& stored, const output_format& decoded,
                       const decode_options& options, int wanted_channels) {
  if (has_alpha(wanted_channels) && !has_alpha(decoded.channels)) {
    if (stored.has_trns && !options.trns_to_alpha) {
      return "trns_to_alpha = true (the file's tRNS chunk becomes the alpha channel) or "
             "alpha = alpha_mode::add (opaque alpha)";
    }
    return "alpha = alpha_mode::add (an opaque alpha channel)";
  }
  if (!has_alpha(wanted_channels) && has_alpha(decoded.channels)) {
    return "alpha = alpha_mode::strip (drop the alpha channel)";
  }
  return "";
}

std::string depth_step(const output_format& decoded, int wanted_bits) {
  if (decoded.bit_depth == 16 && wanted_bits == 8) {
    return "to_8bit = depth_reduction::strip (high byte) or depth_reduction::scale (rounded)";
  }
  if (decoded.bit_depth == 8 && wanted_bits == 16) {
    return "to_16bit = true";
  }
  return "";
}

// The preset that produces `wanted` from any file, or "" for gray+alpha.
const char* preset_for(wanted_format wanted) noexcept {
  const bool eight = wanted.bit_depth == 8;
  switch (wanted.channels) {
    case 1:
      return eight ? "decode_options::gray8()" : "decode_options::gray16()";
    case 3:
      return eight ? "decode_options::rgb8()" : "";
    case 4:
      return eight ? "decode_options::rgba8()" : "decode_options::rgba16()";
    default:
      return "";
  }
}

}  // namespace

std::string fit_hint(const info& stored, const output_format& decoded,
                     const decode_options& options, wanted_format wanted) {
  if (wanted.channels < 1 || wanted.channels > 4) return "";
  std::vector<std::string> steps;
  for (std::string step : {color_step(stored, decoded, wanted.channels),
                           alpha_step(stored, decoded, options, wanted.channels),
                           depth_step(decoded, wanted.bit_depth)}) {
    if (!step.empty()) steps.push_back(std::move(step));
  }
  if (steps.empty()) return "";
  std::string hint = "; to make it fit, set decode_options::";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i != 0) hint += (i + 1 == steps.size()) ? " and " : ", ";
    hint += steps[i];
  }
  const std::string preset = preset_for(wanted);
  if (!preset.empty()) hint += ", or decode with the preset " + preset;
  return hint;
}

}  // namespace zc::png::detail
