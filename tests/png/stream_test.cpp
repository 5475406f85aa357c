// Decoding from a core byte source: the source is pulled in small pieces,
// the compressed file is never staged, and read_info stops at the header.
#include <gtest/gtest.h>

#include <vector>

#include "allocation_counter.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::layout;

// A 512x512 RGB image of noise compresses badly: about 780 KB of PNG.
std::vector<std::byte> noisy_png(zc::test::strided_image& img) {
  img = zc::test::make_image(512, 512, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(img.view, 42);
  std::vector<std::byte> png;
  zc::png::encode(img.view, zc::png::sink::memory(png));
  return png;
}

TEST(StreamSource, PullsSmallPiecesAndNeverStagesTheFile) {
  zc::test::strided_image src;
  const std::vector<std::byte> png = noisy_png(src);
  ASSERT_GT(png.size(), 500'000u);

  auto dst = zc::test::make_image(512, 512, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::chunked_source stream(png, std::size_t{1} << 30);
  zc::png::memory_stats stats;
  zc::png::decode_options o;
  o.memory = &stats;
  zc::test::allocation_counter counter;
  const auto r = zc::png::decode_into(zc::png::source::stream(stream), dst.view, o);
  const auto allocations = counter.stats();

  EXPECT_EQ(r.path, zc::png::row_path::direct_rows);
  EXPECT_TRUE(dst.view == src.view);
  // libpng asks for at most its IDAT read size at a time (8 KiB by default).
  EXPECT_LE(stream.largest_request, 65536u);
  EXPECT_GT(stream.calls, png.size() / 65536);
  // Neither we nor libpng hold more than a small fraction of the file.
  EXPECT_LT(allocations.largest, png.size() / 16);
  EXPECT_LT(stats.peak, png.size() / 8);
  EXPECT_EQ(stats.live, 0u);
}

TEST(StreamSource, ReadInfoStopsAtTheHeader) {
  zc::test::strided_image src;
  const std::vector<std::byte> png = noisy_png(src);
  zc::test::chunked_source stream(png, 1024);
  const zc::png::info h = zc::png::read_info(zc::png::source::stream(stream));
  EXPECT_EQ(h.width, 512u);
  EXPECT_EQ(h.height, 512u);
  EXPECT_EQ(h.channels, 3);
  EXPECT_EQ(h.bit_depth, 8);
  EXPECT_EQ(h.color, zc::png::color_type::rgb);
  EXPECT_FALSE(h.interlaced);
  EXPECT_LE(stream.calls, 9u);  // at most one 8 KiB read-ahead of 1 KiB pieces
}

TEST(StreamSource, CoreMemorySourceWorksToo) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basi2c16.png"));
  zc::memory_source core(zc::test::byte_view(bytes));
  const zc::png::image a = zc::png::decode(zc::png::source::stream(core));
  const zc::png::image b = zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)));
  EXPECT_TRUE(a.view == b.view);
  EXPECT_EQ(core.remaining(), 0u);
}

TEST(ReadInfo, ReportsTheFileAsStored) {
  const auto h =
      zc::png::read_info(zc::png::source::file(zc::test::testdata("pngsuite/tbbn3p08.png")));
  EXPECT_EQ(h.color, zc::png::color_type::palette);
  EXPECT_EQ(h.channels, 1);
  EXPECT_EQ(h.bit_depth, 8);
  EXPECT_TRUE(h.has_trns);
  EXPECT_GT(h.palette_size, 0);
  const auto g =
      zc::png::read_info(zc::png::source::file(zc::test::testdata("pngsuite/g10n0g16.png")));
  EXPECT_TRUE(g.has_gamma);
  EXPECT_NEAR(g.gamma, 1.0, 1e-6);
  EXPECT_EQ(g.bit_depth, 16);
  const auto i =
      zc::png::read_info(zc::png::source::file(zc::test::testdata("pngsuite/basi0g01.png")));
  EXPECT_TRUE(i.interlaced);
  EXPECT_FALSE(i.has_gamma == false && i.has_iccp);
}

}  // namespace
