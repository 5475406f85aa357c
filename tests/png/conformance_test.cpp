// PngSuite conformance: every valid image decodes bit-exact against libspng
// in the same output format, through the direct path, the row-buffer path
// and into a bottom-up (negative stride) destination; every x*.png is
// refused with zc::error.
#include <gtest/gtest.h>

#include <string>

#include "png_test_util.hpp"
#include "spng_reference.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::layout;
using zc::test::reference_format;

TEST(png_suite, has_the_expected_files) {
  // 175 PNGs: 161 valid images and 14 deliberately broken ones.
  EXPECT_EQ(zc::test::pngsuite_files(true).size(), 161u);
  EXPECT_EQ(zc::test::pngsuite_files(false).size(), 14u);
}

zc::png::decode_options options_for(reference_format f) {
  switch (f) {
    case reference_format::rgba8:
      return zc::png::decode_options::rgba8();
    case reference_format::rgba16:
      return zc::png::decode_options::rgba16();
    case reference_format::file_format:
      break;
  }
  return {};
}

const char* name_of(reference_format f) {
  switch (f) {
    case reference_format::rgba8:
      return "rgba8";
    case reference_format::rgba16:
      return "rgba16";
    case reference_format::file_format:
      break;
  }
  return "file_format";
}

// libpng can take a row as it is when its samples lie back to back.
bool rows_packed(const zc::buffer_view& v) {
  const auto item = static_cast<std::int64_t>(v.itemsize());
  const std::int64_t c = v.rank() == 3 ? v.shape()[2] : 1;
  const bool samples = c == 1 || v.strides()[2] == item;
  const bool pixels = v.shape()[1] == 1 || v.strides()[1] == c * item;
  return samples && pixels;
}

// One test per file; inside, every output format into every layout.
class conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(conformance, matches_libspng) {
  const std::string& name = GetParam();
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/" + name));
  for (const reference_format format :
       {reference_format::file_format, reference_format::rgba8, reference_format::rgba16}) {
    const zc::test::reference_image ref = zc::test::spng_decode(bytes, format);
    const zc::dtype type = ref.bit_depth == 16 ? zc::dtype::parse("u2") : zc::dtype::parse("u1");
    // One-channel output also goes into (H, W) destinations.
    for (const bool rank2 : {false, true}) {
      if (rank2 && ref.channels != 1) continue;
      for (const layout where :
           {layout::c_order, layout::f_order, layout::flipped_padded, layout::padded_pixels}) {
        SCOPED_TRACE(name + " as " + name_of(format) + " into " + zc::test::to_string(where) +
                     (rank2 ? " (H, W)" : " (H, W, C)"));
        auto img = zc::test::make_image(ref.height, ref.width, ref.channels, type, where, rank2);
        ASSERT_EQ(img.view.rank(), rank2 ? 2u : 3u);
        const zc::png::decode_result r = zc::png::decode_into(
            zc::png::source::memory(zc::test::byte_view(bytes)), img.view, options_for(format));
        EXPECT_EQ(r.width, ref.width);
        EXPECT_EQ(r.height, ref.height);
        EXPECT_EQ(r.channels, ref.channels);
        EXPECT_EQ(r.bit_depth, ref.bit_depth);
        EXPECT_EQ(r.path == zc::png::row_path::row_buffer, !rows_packed(img.view));
        EXPECT_EQ(r.row_buffer_bytes == 0, r.path == zc::png::row_path::direct_rows);
        EXPECT_TRUE(zc::test::samples_of(img.view) == ref.samples);
      }
    }
  }
}

std::string file_test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string n = param.param.substr(0, param.param.size() - 4);
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(png_suite, conformance,
                         ::testing::ValuesIn(zc::test::pngsuite_files(true)), file_test_name);

class invalid : public ::testing::TestWithParam<std::string> {};

TEST_P(invalid, is_refused_with_zc_error) {
  const std::string path = zc::test::testdata("pngsuite/" + GetParam());
  const auto bytes = zc::test::read_file(path);
  zc::png::memory_stats stats;
  zc::png::decode_options options;
  options.memory = &stats;
  EXPECT_THROW((void)zc::png::decode(zc::png::source::file(path), options), zc::error);
  EXPECT_THROW((void)zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)),
                                     zc::png::decode_options::rgba8()),
               zc::error);
  EXPECT_GT(stats.allocations, 0u);
  EXPECT_EQ(stats.live, 0u) << "libpng memory left allocated after the error";
  // The reference agrees that the file is broken (libspng 0.7.3 accepts the
  // IDAT CRC error of xcsn0g01, which libpng rightly refuses).
  if (GetParam() != "xcsn0g01.png") {
    EXPECT_ANY_THROW((void)zc::test::spng_decode(bytes, reference_format::rgba8));
  }
}

INSTANTIATE_TEST_SUITE_P(png_suite, invalid, ::testing::ValuesIn(zc::test::pngsuite_files(false)),
                         file_test_name);

// ---- each conversion option alone ------------------------------------------

// Decodes `name` with `o` into a C-order image; returns its samples and shape.
struct decoded {
  zc::png::decode_result result;
  std::vector<std::uint16_t> samples;
};
decoded decode_with(const std::string& name, const zc::png::decode_options& o) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/" + name));
  const zc::png::image img =
      zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)), o);
  return {img.result, zc::test::samples_of(img.view)};
}

zc::test::reference_image reference(const std::string& name, reference_format f) {
  return zc::test::spng_decode(zc::test::read_file(zc::test::testdata("pngsuite/" + name)), f);
}

// The file's own samples with `fn(pixel) -> output pixel` applied per pixel.
template <class F>
std::vector<std::uint16_t> per_pixel(const zc::test::reference_image& ref, F&& fn) {
  std::vector<std::uint16_t> out;
  const auto c = static_cast<std::size_t>(ref.channels);
  for (std::size_t i = 0; i < ref.samples.size(); i += c) {
    const std::vector<std::uint16_t> px(ref.samples.begin() + static_cast<long>(i),
                                        ref.samples.begin() + static_cast<long>(i + c));
    const std::vector<std::uint16_t> mapped = fn(px);
    out.insert(out.end(), mapped.begin(), mapped.end());
  }
  return out;
}

TEST(conversions, each_option_alone_matches_the_reference) {
  using px = std::vector<std::uint16_t>;
  {
    SCOPED_TRACE("palette_to_rgb (basn3p08, no tRNS)");
    zc::png::decode_options o;
    o.palette_to_rgb = true;
    const auto got = decode_with("basn3p08.png", o);
    EXPECT_EQ(got.result.channels, 3);
    const auto rgba = reference("basn3p08.png", reference_format::rgba8);
    EXPECT_TRUE(got.samples == per_pixel(rgba, [](const px& p) { return px{p[0], p[1], p[2]}; }));
  }
  {
    SCOPED_TRACE("trns_to_alpha (tbrn2c08: RGB with a tRNS colour)");
    zc::png::decode_options o;
    o.trns_to_alpha = true;
    const auto got = decode_with("tbrn2c08.png", o);
    EXPECT_EQ(got.result.channels, 4);
    EXPECT_TRUE(got.samples == reference("tbrn2c08.png", reference_format::rgba8).samples);
  }
  {
    SCOPED_TRACE("gray_to_8bit (basn0g02)");
    zc::png::decode_options o;
    o.gray_to_8bit = true;
    const auto got = decode_with("basn0g02.png", o);
    const auto ref = reference("basn0g02.png", reference_format::file_format);
    EXPECT_TRUE(got.samples == per_pixel(ref, [](const px& p) {
                  return px{static_cast<std::uint16_t>(p[0] * 85)};
                }));
  }
  {
    SCOPED_TRACE("to_8bit strip and scale (basn2c16)");
    const auto ref = reference("basn2c16.png", reference_format::file_format);
    zc::png::decode_options o;
    o.to_8bit = zc::png::depth_reduction::strip;
    EXPECT_TRUE(decode_with("basn2c16.png", o).samples == per_pixel(ref, [](const px& p) {
                  return px{static_cast<std::uint16_t>(p[0] >> 8),
                            static_cast<std::uint16_t>(p[1] >> 8),
                            static_cast<std::uint16_t>(p[2] >> 8)};
                }));
    o.to_8bit = zc::png::depth_reduction::scale;
    const auto scale = [](std::uint16_t v) {
      return static_cast<std::uint16_t>((std::uint32_t{v} * 255 + 32895) >> 16);
    };
    EXPECT_TRUE(decode_with("basn2c16.png", o).samples == per_pixel(ref, [&](const px& p) {
                  return px{scale(p[0]), scale(p[1]), scale(p[2])};
                }));
  }
  {
    SCOPED_TRACE("to_16bit (basn2c08)");
    zc::png::decode_options o;
    o.to_16bit = true;
    const auto ref = reference("basn2c08.png", reference_format::file_format);
    EXPECT_TRUE(decode_with("basn2c08.png", o).samples == per_pixel(ref, [](const px& p) {
                  return px{static_cast<std::uint16_t>(p[0] * 257),
                            static_cast<std::uint16_t>(p[1] * 257),
                            static_cast<std::uint16_t>(p[2] * 257)};
                }));
  }
  {
    SCOPED_TRACE("gray_to_rgb (basn0g08, basn4a08)");
    zc::png::decode_options o;
    o.gray_to_rgb = true;
    EXPECT_TRUE(
        decode_with("basn0g08.png", o).samples ==
        per_pixel(reference("basn0g08.png", reference_format::file_format), [](const px& p) {
          return px{p[0], p[0], p[0]};
        }));
    EXPECT_TRUE(
        decode_with("basn4a08.png", o).samples ==
        per_pixel(reference("basn4a08.png", reference_format::file_format), [](const px& p) {
          return px{p[0], p[0], p[0], p[1]};
        }));
  }
  {
    SCOPED_TRACE("alpha add (basn2c08, basn0g16) and strip (basn6a08)");
    zc::png::decode_options o;
    o.alpha = zc::png::alpha_mode::add;
    EXPECT_TRUE(
        decode_with("basn2c08.png", o).samples ==
        per_pixel(reference("basn2c08.png", reference_format::file_format), [](const px& p) {
          return px{p[0], p[1], p[2], 255};
        }));
    EXPECT_TRUE(
        decode_with("basn0g16.png", o).samples ==
        per_pixel(reference("basn0g16.png", reference_format::file_format), [](const px& p) {
          return px{p[0], 65535};
        }));
    o.alpha = zc::png::alpha_mode::strip;
    EXPECT_TRUE(
        decode_with("basn6a08.png", o).samples ==
        per_pixel(reference("basn6a08.png", reference_format::file_format), [](const px& p) {
          return px{p[0], p[1], p[2]};
        }));
  }
}

}  // namespace
