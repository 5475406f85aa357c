// Named decode presets (rgb8, rgba8, gray8, gray16, as_stored) on PngSuite
// files, and refusals that name the option that would make a destination fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "expect_error.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::code_of;
using zc::test::message_of;
using zc::test::samples_of;

zc::png::source file(const std::string& name) {
  // A std::filesystem::path, as a user would hold it.
  return zc::png::source::file(std::filesystem::path(zc::test::testdata("pngsuite/" + name)));
}

zc::png::image decode(const std::string& name, const zc::png::decode_options& o = {}) {
  return zc::png::decode(file(name), o);
}

std::vector<std::int64_t> shape_of(const zc::buffer_view& v) {
  return {v.shape().begin(), v.shape().end()};
}

// Sample (y, x, c) of a C-order (H, W[, C]) sample list.
struct samples {
  std::vector<std::uint16_t> values;
  std::int64_t width;
  std::int64_t channels;
  samples(const zc::png::image& img)  // NOLINT(google-explicit-constructor)
      : values(samples_of(img.view)),
        width(img.view.shape()[1]),
        channels(img.view.rank() == 3 ? img.view.shape()[2] : 1) {}
  [[nodiscard]] int at(std::int64_t y, std::int64_t x, std::int64_t c = 0) const {
    return values[static_cast<std::size_t>((y * width + x) * channels + c)];
  }
};

TEST(presets, rgb8_drops_alpha_and_expands_everything_else) {
  // RGBA 8-bit: the colour channels, alpha dropped.
  const samples rgba = decode("basn6a08.png");
  const zc::png::image rgb = decode("basn6a08.png", zc::png::decode_options::rgb8());
  EXPECT_EQ(shape_of(rgb.view), (std::vector<std::int64_t>{32, 32, 3}));
  EXPECT_EQ(rgb.view.itemsize(), 1u);
  const samples s = rgb;
  for (std::int64_t y = 0; y < 32; y += 5)
    for (std::int64_t x = 0; x < 32; x += 3)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(s.at(y, x, c), rgba.at(y, x, c)) << y << "," << x;
  // 16-bit gray: R = G = B = the high byte.
  const samples gray16 = decode("basn0g16.png");
  const samples g = decode("basn0g16.png", zc::png::decode_options::rgb8());
  for (std::int64_t y = 0; y < 32; y += 3)
    for (std::int64_t x = 0; x < 32; x += 7)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(g.at(y, x, c), gray16.at(y, x) >> 8);
  // Palette with tRNS: colours only, 3 channels.
  EXPECT_EQ(shape_of(decode("tbbn3p08.png", zc::png::decode_options::rgb8()).view),
            (std::vector<std::int64_t>{32, 32, 3}));
  // 1-bit gray: 0 or 255 in every channel.
  const samples bits = decode("basn0g01.png", zc::png::decode_options::rgb8());
  for (const std::uint16_t v : bits.values) EXPECT_TRUE(v == 0 || v == 255) << v;
}

TEST(presets, rgba8_adds_opaque_alpha_or_takes_it_from_trns) {
  const samples opaque = decode("basn2c08.png", zc::png::decode_options::rgba8());
  EXPECT_EQ(opaque.channels, 4);
  for (std::int64_t y = 0; y < 32; y += 4) EXPECT_EQ(opaque.at(y, y, 3), 255);
  const samples trns = decode("tbbn3p08.png", zc::png::decode_options::rgba8());
  int transparent = 0;
  for (std::size_t i = 3; i < trns.values.size(); i += 4) transparent += trns.values[i] == 0;
  EXPECT_GT(transparent, 0);  // the tRNS entry became alpha 0
}

TEST(presets, gray8_and_gray16_convert_colour_with_bt709_weights) {
  const samples rgb = decode("basn2c08.png");
  const zc::png::image gray = decode("basn2c08.png", zc::png::decode_options::gray8());
  EXPECT_EQ(shape_of(gray.view), (std::vector<std::int64_t>{32, 32}));
  EXPECT_EQ(gray.view.itemsize(), 1u);
  const samples g = gray;
  for (std::int64_t y = 0; y < 32; ++y) {
    for (std::int64_t x = 0; x < 32; ++x) {
      const double expected =
          0.2126 * rgb.at(y, x, 0) + 0.7152 * rgb.at(y, x, 1) + 0.0722 * rgb.at(y, x, 2);
      // libpng's weights are BT.709's in 15-bit fixed point, and it rounds.
      EXPECT_LE(std::abs(g.at(y, x) - expected), 1.5) << y << "," << x;
    }
  }
  const zc::png::image gray16 = decode("basn2c16.png", zc::png::decode_options::gray16());
  EXPECT_EQ(shape_of(gray16.view), (std::vector<std::int64_t>{32, 32}));
  EXPECT_EQ(gray16.view.itemsize(), 2u);
  const samples rgb16 = decode("basn2c16.png");
  const samples g16 = gray16;
  for (std::int64_t y = 0; y < 32; y += 3) {
    for (std::int64_t x = 0; x < 32; x += 3) {
      const double expected =
          0.2126 * rgb16.at(y, x, 0) + 0.7152 * rgb16.at(y, x, 1) + 0.0722 * rgb16.at(y, x, 2);
      EXPECT_LE(std::abs(g16.at(y, x) - expected), 4.0) << y << "," << x;
    }
  }
  // Gray files: 8-bit gray as stored; 16-bit as its high byte (gray8) or as
  // it is (gray16); alpha dropped; 4-bit widened (v * 17).
  const samples g8 = decode("basn0g08.png");
  EXPECT_EQ(samples(decode("basn0g08.png", zc::png::decode_options::gray8())).values, g8.values);
  const samples g16_file = decode("basn0g16.png");
  EXPECT_EQ(samples(decode("basn0g16.png", zc::png::decode_options::gray16())).values,
            g16_file.values);
  const samples ga = decode("basn4a08.png", zc::png::decode_options::gray8());
  EXPECT_EQ(ga.channels, 1);
  const samples g4 = decode("basn0g04.png");
  const samples g4_8 = decode("basn0g04.png", zc::png::decode_options::gray8());
  for (std::size_t i = 0; i < g4.values.size(); i += 11) {
    EXPECT_EQ(g4_8.values[i], g4.values[i] * 17);
  }
  // Palette -> gray16: 16-bit samples whose high byte is gray8's value +- 1.
  const samples p8 = decode("basn3p08.png", zc::png::decode_options::gray8());
  const samples p16 = decode("basn3p08.png", zc::png::decode_options::gray16());
  for (std::size_t i = 0; i < p8.values.size(); i += 7) {
    EXPECT_LE(std::abs((p16.values[i] >> 8) - p8.values[i]), 1) << i;
  }
}

TEST(presets, as_stored_keeps_channels_and_depth_but_expands_every_sample) {
  struct expectation {
    const char* file;
    std::vector<std::int64_t> shape;
    std::size_t itemsize;
  };
  for (const expectation& e : {
           expectation{"basn0g02.png", {32, 32}, 1},     // 2-bit gray -> 8-bit gray
           expectation{"basn0g16.png", {32, 32}, 2},     // 16-bit gray stays 16-bit
           expectation{"basn3p04.png", {32, 32, 3}, 1},  // palette -> RGB
           expectation{"tbbn3p08.png", {32, 32, 4}, 1},  // palette + tRNS -> RGBA
           expectation{"tbbn0g04.png", {32, 32, 2}, 1},  // 4-bit gray + tRNS -> gray+alpha
           expectation{"basn6a16.png", {32, 32, 4}, 2},  // RGBA 16 as it is
           expectation{"basn2c08.png", {32, 32, 3}, 1},  // RGB 8 as it is
       }) {
    const zc::png::image img = decode(e.file, zc::png::decode_options::as_stored());
    EXPECT_EQ(shape_of(img.view), e.shape) << e.file;
    EXPECT_EQ(img.view.itemsize(), e.itemsize) << e.file;
  }
  // Low bit depths are widened to the full 0..255 range, not kept as 0..3.
  const samples two_bit = decode("basn0g02.png", zc::png::decode_options::as_stored());
  for (const std::uint16_t v : two_bit.values) EXPECT_TRUE(v % 85 == 0) << v;
  EXPECT_EQ(*std::max_element(two_bit.values.begin(), two_bit.values.end()), 255);
  // Palette colours are those of rgb8().
  EXPECT_EQ(samples(decode("basn3p04.png", zc::png::decode_options::as_stored())).values,
            samples(decode("basn3p04.png", zc::png::decode_options::rgb8())).values);
  // Files without anything to expand decode as with the defaults.
  EXPECT_EQ(samples(decode("basn6a16.png", zc::png::decode_options::as_stored())).values,
            samples(decode("basn6a16.png")).values);
}

TEST(presets, rgb_to_gray_and_gray_to_rgb_together_are_refused) {
  zc::png::decode_options o = zc::png::decode_options::rgb8();
  o.rgb_to_gray = true;
  EXPECT_EQ(code_of([&] { (void)decode("basn2c08.png", o); }), zc::errc::invalid_argument);
}

// Decodes `name` into a fresh (32, 32[, channels]) destination of `type`;
// returns the refusal's message, or "" when it fits.
std::string refusal(const std::string& name, int channels, const char* type,
                    const zc::png::decode_options& o = {}) {
  const zc::dtype t = zc::dtype::parse(type);
  auto img = zc::test::make_image(32, 32, channels, t, zc::test::layout::c_order,
                                  /*rank2=*/channels == 1);
  try {
    zc::png::decode_into(file(name), img.view, o);
  } catch (const zc::error& e) {
    return e.what();
  }
  return "";
}

bool mentions(const std::string& message, std::string_view text) {
  return message.find(text) != std::string::npos;
}

TEST(fit_hints, rgba_into_three_channels_names_alpha_strip) {
  auto img = zc::test::make_image(32, 32, 3, zc::dtype::parse("u1"), zc::test::layout::c_order);
  const std::string msg = message_of([&] { zc::png::decode_into(file("basn6a08.png"), img.view); });
  EXPECT_EQ(code_of([&] { zc::png::decode_into(file("basn6a08.png"), img.view); }),
            zc::errc::shape_mismatch);
  EXPECT_TRUE(mentions(msg, "(32, 32, 4)")) << msg;  // both sides are still named
  EXPECT_TRUE(mentions(msg, img.view.describe())) << msg;
  EXPECT_TRUE(mentions(msg, "alpha = alpha_mode::strip")) << msg;
  EXPECT_TRUE(mentions(msg, "decode_options::rgb8()")) << msg;
  // ... and the option named does make it fit.
  zc::png::decode_options o;
  o.alpha = zc::png::alpha_mode::strip;
  EXPECT_EQ(refusal("basn6a08.png", 3, "u1", o), "");
}

TEST(fit_hints, every_mismatch_an_option_fixes_names_it) {
  struct hinted {
    const char* file;
    int channels;
    const char* type;
    const char* hint;  // must appear in the message
    zc::png::decode_options fix;
  };
  zc::png::decode_options add_alpha;
  add_alpha.alpha = zc::png::alpha_mode::add;
  zc::png::decode_options trns;
  trns.trns_to_alpha = true;
  zc::png::decode_options to_8;
  to_8.to_8bit = zc::png::depth_reduction::strip;
  zc::png::decode_options to_16;
  to_16.to_16bit = true;
  zc::png::decode_options gray_to_rgb;
  gray_to_rgb.gray_to_rgb = true;
  zc::png::decode_options palette;
  palette.palette_to_rgb = true;
  zc::png::decode_options to_gray;
  to_gray.rgb_to_gray = true;
  zc::png::decode_options gray_rgb_8 = gray_to_rgb;
  gray_rgb_8.to_8bit = zc::png::depth_reduction::scale;
  zc::png::decode_options strip_alpha;
  strip_alpha.alpha = zc::png::alpha_mode::strip;
  for (const hinted& h : {
           hinted{"basn2c08.png", 4, "u1", "alpha = alpha_mode::add", add_alpha},
           hinted{"tbrn2c08.png", 4, "u1", "trns_to_alpha = true", trns},
           hinted{"basn0g16.png", 1, "u1", "to_8bit = depth_reduction::strip", to_8},
           hinted{"basn2c08.png", 3, "u2", "to_16bit = true", to_16},
           hinted{"basn0g08.png", 3, "u1", "gray_to_rgb = true", gray_to_rgb},
           hinted{"basn3p08.png", 3, "u1", "palette_to_rgb = true", palette},
           hinted{"basn2c08.png", 1, "u1", "rgb_to_gray = true", to_gray},
           hinted{"basn0g16.png", 3, "u1", "gray_to_rgb = true and to_8bit", gray_rgb_8},
           hinted{"basn4a08.png", 1, "u1", "alpha = alpha_mode::strip", strip_alpha},
       }) {
    const std::string msg = refusal(h.file, h.channels, h.type);
    EXPECT_TRUE(mentions(msg, h.hint)) << h.file << ": " << msg;
    EXPECT_EQ(refusal(h.file, h.channels, h.type, h.fix), "") << h.file;
  }
  // Presets are named where one fits.
  EXPECT_TRUE(mentions(refusal("basn2c08.png", 1, "u1"), "decode_options::gray8()"));
  EXPECT_TRUE(mentions(refusal("basn2c08.png", 1, "u2"), "decode_options::gray16()"));
  EXPECT_TRUE(mentions(refusal("basn2c08.png", 4, "u1"), "decode_options::rgba8()"));
}

TEST(fit_hints, no_hint_where_no_option_helps) {
  // Width and height are the file's: no option changes them.
  auto img = zc::test::make_image(31, 32, 3, zc::dtype::parse("u1"), zc::test::layout::c_order);
  const std::string msg = message_of([&] { zc::png::decode_into(file("basn2c08.png"), img.view); });
  EXPECT_FALSE(mentions(msg, "to make it fit")) << msg;
  EXPECT_FALSE(mentions(msg, "decode_options")) << msg;
}

}  // namespace
