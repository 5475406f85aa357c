#include "row_convert.hpp"

#include <array>

namespace zc::png::detail {
namespace {

bool has_alpha(color_type c) noexcept { return (static_cast<unsigned>(c) & 4u) != 0; }
bool is_gray(color_type c) noexcept { return (static_cast<unsigned>(c) & 2u) == 0; }

// A sample of the file (at its depth) as written: 16 -> 8 keeps the high
// byte (png_do_chop), 8 -> 16 repeats the byte (png_do_expand_16: v * 257).
template <unsigned InBytes, unsigned OutBytes>
constexpr std::uint16_t out_value(std::uint16_t v) noexcept {
  if constexpr (InBytes == 2 && OutBytes == 1) {
    return static_cast<std::uint16_t>(v >> 8);
  } else if constexpr (InBytes == 1 && OutBytes == 2) {
    return static_cast<std::uint16_t>(v * 257u);
  } else {
    return v;
  }
}

template <unsigned OutBytes>
std::uint8_t* put(std::uint8_t* out, std::uint16_t v, bool little_endian) noexcept {
  if constexpr (OutBytes == 1) {
    *out = static_cast<std::uint8_t>(v);
    return out + 1;
  } else {
    const auto high = static_cast<std::uint8_t>(v >> 8);
    const auto low = static_cast<std::uint8_t>(v);
    out[0] = little_endian ? low : high;
    out[1] = little_endian ? high : low;
    return out + 2;
  }
}

// The alpha sample written, and whether one is read: everything the pixel
// loop does is fixed at compile time, so each loop is straight-line code.
enum class alpha_out : std::uint8_t {
  none,    // no alpha in, none out
  strip,   // the file's alpha read and dropped
  keep,    // the file's alpha written
  trns,    // 0 where the colour is the tRNS colour, else the maximum
  opaque,  // the maximum (libpng's filler)
};

alpha_out alpha_of(const row_conversion& c) noexcept {
  if (c.keep_alpha) return alpha_out::keep;
  if (c.in_alpha) return alpha_out::strip;
  if (c.trns_alpha) return alpha_out::trns;
  return c.opaque_alpha ? alpha_out::opaque : alpha_out::none;
}

template <unsigned InBytes>
std::uint16_t load(const std::uint8_t* p) noexcept {
  if constexpr (InBytes == 1) {
    return *p;
  } else {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
  }
}

template <unsigned InBytes, unsigned OutBytes, unsigned InColors, unsigned OutColors,
          alpha_out Alpha>
void convert_pixels(const row_conversion& c, const std::uint8_t* in, std::uint8_t* out,
                    std::uint32_t width) noexcept {
  constexpr bool reads_alpha = Alpha == alpha_out::strip || Alpha == alpha_out::keep;
  constexpr unsigned in_step = (InColors + (reads_alpha ? 1u : 0u)) * InBytes;
  constexpr std::uint16_t out_max = OutBytes == 1 ? 0xffu : 0xffffu;
  const bool little = c.little_endian;
  const std::array<std::uint16_t, 3> key = c.trns_key;
  for (std::uint32_t x = 0; x < width; ++x, in += in_step) {
    std::uint16_t s[InColors];
    for (unsigned i = 0; i < InColors; ++i) s[i] = load<InBytes>(in + i * InBytes);
    if constexpr (InColors == 1) {
      const std::uint16_t g = out_value<InBytes, OutBytes>(s[0]);
      for (unsigned i = 0; i < OutColors; ++i) out = put<OutBytes>(out, g, little);
    } else {
      for (unsigned i = 0; i < 3; ++i) {
        out = put<OutBytes>(out, out_value<InBytes, OutBytes>(s[i]), little);
      }
    }
    if constexpr (Alpha == alpha_out::keep) {
      const std::uint16_t a = load<InBytes>(in + InColors * InBytes);
      out = put<OutBytes>(out, out_value<InBytes, OutBytes>(a), little);
    } else if constexpr (Alpha == alpha_out::trns) {
      bool transparent = s[0] == key[0];
      if constexpr (InColors == 3) {
        transparent = transparent && s[1] == key[1] && s[2] == key[2];
      }
      out = put<OutBytes>(out, transparent ? std::uint16_t{0} : out_max, little);
    } else if constexpr (Alpha == alpha_out::opaque) {
      out = put<OutBytes>(out, out_max, little);
    }
  }
}

template <unsigned InBytes, unsigned OutBytes, unsigned InColors, unsigned OutColors>
void convert_by_alpha(const row_conversion& c, const std::uint8_t* in, std::uint8_t* out,
                      std::uint32_t width) noexcept {
  switch (alpha_of(c)) {
    case alpha_out::none:
      return convert_pixels<InBytes, OutBytes, InColors, OutColors, alpha_out::none>(c, in, out,
                                                                                     width);
    case alpha_out::strip:
      return convert_pixels<InBytes, OutBytes, InColors, OutColors, alpha_out::strip>(c, in, out,
                                                                                      width);
    case alpha_out::keep:
      return convert_pixels<InBytes, OutBytes, InColors, OutColors, alpha_out::keep>(c, in, out,
                                                                                     width);
    case alpha_out::trns:
      return convert_pixels<InBytes, OutBytes, InColors, OutColors, alpha_out::trns>(c, in, out,
                                                                                     width);
    case alpha_out::opaque:
      return convert_pixels<InBytes, OutBytes, InColors, OutColors, alpha_out::opaque>(c, in, out,
                                                                                       width);
  }
}

template <unsigned InBytes, unsigned OutBytes>
void convert_by_colors(const row_conversion& c, const std::uint8_t* in, std::uint8_t* out,
                       std::uint32_t width) noexcept {
  const unsigned in_colors = c.in_alpha ? c.in_channels - 1 : c.in_channels;
  if (in_colors == 3) {
    convert_by_alpha<InBytes, OutBytes, 3, 3>(c, in, out, width);
  } else if (c.out_colors == 3) {
    convert_by_alpha<InBytes, OutBytes, 1, 3>(c, in, out, width);
  } else {
    convert_by_alpha<InBytes, OutBytes, 1, 1>(c, in, out, width);
  }
}

}  // namespace

color_type row_conversion::out_color() const noexcept {
  const bool alpha = out_channels() != out_colors;
  if (out_colors == 1) return alpha ? color_type::gray_alpha : color_type::gray;
  return alpha ? color_type::rgb_alpha : color_type::rgb;
}

bool row_conversion::keeps_samples() const noexcept {
  return out_bytes == in_bytes && out_channels() == in_channels &&
         (out_colors == 3) == (in_channels >= 3) && keep_alpha == in_alpha;
}

bool row_pass_can_convert(const decode_options& o, color_type color, unsigned depth) noexcept {
  if (o.rgb_to_gray && !is_gray(color)) return false;
  if (o.to_8bit == depth_reduction::scale && depth == 16) return false;
  return true;
}

row_conversion plan_row_conversion(const decode_options& o, color_type color, unsigned depth,
                                   const std::array<std::uint16_t, 3>* trns,
                                   bool little_endian_16) noexcept {
  row_conversion c;
  const bool gray = is_gray(color);
  c.in_alpha = has_alpha(color);
  c.in_channels = (gray ? 1u : 3u) + (c.in_alpha ? 1u : 0u);
  c.in_bytes = depth / 8;
  const bool strip_alpha = o.alpha == alpha_mode::strip;
  // Every call that sets PNG_EXPAND_tRNS; stripping alpha cancels it.
  const bool expand_trns = (o.palette_to_rgb || o.trns_to_alpha || o.to_16bit) && !strip_alpha;
  c.keep_alpha = c.in_alpha && !strip_alpha;
  c.trns_alpha = !c.in_alpha && trns != nullptr && expand_trns;
  c.opaque_alpha = o.alpha == alpha_mode::add && !c.keep_alpha && !c.trns_alpha;
  c.out_colors = gray && !o.gray_to_rgb ? 1u : 3u;
  c.out_bytes = depth == 16 && o.to_8bit == depth_reduction::strip ? 1u
                : depth == 8 && o.to_16bit                         ? 2u
                                                                   : c.in_bytes;
  c.little_endian = little_endian_16 && c.out_bytes == 2;
  if (c.trns_alpha) {
    const std::uint16_t mask = depth == 8 ? 0xffu : 0xffffu;
    for (std::size_t i = 0; i < 3; ++i)
      c.trns_key[i] = static_cast<std::uint16_t>((*trns)[i] & mask);
  }
  return c;
}

void convert_row(const row_conversion& c, const std::uint8_t* in, std::uint8_t* out,
                 std::uint32_t width) noexcept {
  if (c.in_bytes == 1) {
    if (c.out_bytes == 1) {
      convert_by_colors<1, 1>(c, in, out, width);
    } else {
      convert_by_colors<1, 2>(c, in, out, width);
    }
  } else if (c.out_bytes == 1) {
    convert_by_colors<2, 1>(c, in, out, width);
  } else {
    convert_by_colors<2, 2>(c, in, out, width);
  }
}

}  // namespace zc::png::detail
