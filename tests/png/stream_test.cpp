// Decoding from a core byte source: the source is pulled in small pieces,
// the compressed file is never staged, and read_info stops at the header.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
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
  EXPECT_LE(stream.calls, 9u);  // signature, IHDR (header, data, CRC), IDAT header
}

// Byte offset just past the first IDAT chunk's 8-byte header.
std::size_t after_first_idat_header(const std::vector<std::byte>& png) {
  std::size_t at = 8;  // the signature
  while (at + 8 <= png.size()) {
    std::uint32_t length = 0;
    for (std::size_t i = at; i < at + 4; ++i)
      length = length << 8 | static_cast<std::uint8_t>(png[i]);
    if (std::memcmp(png.data() + at + 4, "IDAT", 4) == 0) return at + 8;
    at += 12 + length;
  }
  return png.size();
}

TEST(StreamSource, TakesExactlyThePngAndLeavesTheRest) {
  // Several images back to back in one stream (a socket, a log of frames):
  // each decode must take its own PNG's bytes and nothing of the next.
  const auto a = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  const auto b = zc::test::read_file(zc::test::testdata("pngsuite/basi6a16.png"));
  std::vector<std::byte> both = a;
  both.insert(both.end(), b.begin(), b.end());
  zc::memory_source stream(zc::test::byte_view(both));
  const zc::png::image first = zc::png::decode(zc::png::source::stream(stream));
  EXPECT_EQ(stream.position(), a.size());
  const zc::png::image second = zc::png::decode(zc::png::source::stream(stream));
  EXPECT_EQ(stream.remaining(), 0u);
  EXPECT_TRUE(first.view == zc::png::decode(zc::png::source::memory(zc::test::byte_view(a))).view);
  EXPECT_TRUE(second.view == zc::png::decode(zc::png::source::memory(zc::test::byte_view(b))).view);

  // read_info stops just past the first IDAT chunk's header, as documented.
  zc::memory_source again(zc::test::byte_view(both));
  (void)zc::png::read_info(zc::png::source::stream(again));
  EXPECT_EQ(again.position(), after_first_idat_header(a));
}

TEST(FileSource, ReadsFromTheCurrentOffsetAndStopsAfterIend) {
  const auto a = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::fwrite("not a png", 1, 9, f);
  std::fwrite(a.data(), 1, a.size(), f);
  std::fwrite(a.data(), 1, a.size(), f);
  std::fseek(f, 9, SEEK_SET);
  const zc::png::image want = zc::png::decode(zc::png::source::memory(zc::test::byte_view(a)));
  EXPECT_TRUE(zc::png::decode(zc::png::source::file(f)).view == want.view);
  EXPECT_EQ(std::ftell(f), static_cast<long>(9 + a.size()));
  EXPECT_TRUE(zc::png::decode(zc::png::source::file(f)).view == want.view);
  std::fseek(f, 9, SEEK_SET);
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(f)).width, 32u);
  EXPECT_EQ(std::ftell(f), static_cast<long>(9 + after_first_idat_header(a)));
  std::fclose(f);
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
