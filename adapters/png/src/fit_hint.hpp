// Which decode option makes a decoded image fit a destination it does not:
// the hint a shape or dtype refusal ends with, so "the decoded image has 4
// channels, the destination 3" also says "set alpha = alpha_mode::strip".
#pragma once

#include <string>

#include "output_format.hpp"
#include "zc/png/decode.hpp"
#include "zc/png/info.hpp"

namespace zc::png::detail {

/// What the destination asks for: samples per pixel and bits per sample.
struct wanted_format {
  int channels = 0;
  int bit_depth = 0;
};

/// "; set alpha = alpha_mode::strip (...)" naming every option (and a
/// preset, where one fits) that turns `decoded` -- what `options` made of the
/// file `stored` -- into `wanted`; empty when no option does.
[[nodiscard]] std::string fit_hint(const info& stored, const output_format& decoded,
                                   const decode_options& options, wanted_format wanted);

}  // namespace zc::png::detail
