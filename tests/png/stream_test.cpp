// Decoding from a core byte source: the source is pulled in small pieces,
// the compressed file is never staged, and read_info stops at the header.
#include <gtest/gtest.h>
#include <zlib.h>

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <thread>
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

TEST(stream_source, pulls_small_pieces_and_never_stages_the_file) {
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
  // Neither we nor libpng hold more than a small fraction of the file; the
  // fast path holds its fixed working memory (ISA-L's state, a 32 KiB input
  // buffer, ~32 KiB of staged rows), whatever the file size.
  if (r.decoder == zc::png::decoder_kind::fast) {
    EXPECT_LE(allocations.bytes, std::size_t{256} << 10);
    EXPECT_EQ(stats.peak, 0u);  // libpng never ran
  } else {
    EXPECT_LT(allocations.largest, png.size() / 16);
    EXPECT_LT(stats.peak, png.size() / 8);
  }
  EXPECT_EQ(stats.live, 0u);
}

TEST(stream_source, read_info_stops_at_the_header) {
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

TEST(stream_source, takes_exactly_the_png_and_leaves_the_rest) {
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

TEST(file_source, reads_from_the_current_offset_and_stops_after_iend) {
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

// A path is opened once: when the fast path hands a file to libpng (here a
// palette file), libpng goes on reading the same open file after the bytes
// the fast path took.  Opening the path again would block on a FIFO whose
// writer is gone (or read another file if the path was replaced meanwhile).
TEST(path_source, fallback_to_libpng_reads_the_file_opened_once) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn3p08.png"));
  const zc::png::image want = zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)));
  zc::test::temp_dir dir;
  const std::string fifo = dir.file("image.fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    // Opens once, writes the file, closes: a second reader would wait forever.
    std::FILE* out = std::fopen(fifo.c_str(), "wb");
    if (out == nullptr) return;
    std::fwrite(bytes.data(), 1, bytes.size(), out);
    std::fclose(out);
  });
  zc::png::image got;
  EXPECT_NO_THROW(got = zc::png::decode(zc::png::source::file(fifo)));
  writer.join();
  EXPECT_TRUE(got.view == want.view);
  EXPECT_EQ(got.result.decoder, zc::png::decoder_kind::libpng);
}

TEST(stream_source, core_memory_source_works_too) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basi2c16.png"));
  zc::memory_source core(zc::test::byte_view(bytes));
  const zc::png::image a = zc::png::decode(zc::png::source::stream(core));
  const zc::png::image b = zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)));
  EXPECT_TRUE(a.view == b.view);
  EXPECT_EQ(core.remaining(), 0u);
}

TEST(read_info, reports_the_file_as_stored) {
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

// `png` with one more chunk right after IHDR (type + data, CRC computed).
std::vector<std::byte> with_chunk(const std::vector<std::byte>& png, const char* type,
                                  const std::vector<unsigned char>& data) {
  std::vector<unsigned char> chunk;
  const auto length = static_cast<std::uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    chunk.push_back(static_cast<unsigned char>(length >> shift));
  chunk.insert(chunk.end(), type, type + 4);
  chunk.insert(chunk.end(), data.begin(), data.end());
  const uLong crc = crc32(0, chunk.data() + 4, static_cast<uInt>(chunk.size() - 4));
  for (int shift = 24; shift >= 0; shift -= 8)
    chunk.push_back(static_cast<unsigned char>(crc >> shift));
  std::vector<std::byte> out(png.begin(), png.begin() + 33);  // signature + IHDR
  for (unsigned char c : chunk) out.push_back(static_cast<std::byte>(c));
  out.insert(out.end(), png.begin() + 33, png.end());
  return out;
}

void put_u32(std::vector<unsigned char>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (24 - 8 * i));
}

// An iCCP chunk's data: a minimal well-formed RGB display profile (header,
// and one private tag of 200 pseudo-random bytes so the chunk is longer
// than the 92 bytes libpng 1.6.39 needs to look at it), zlib-compressed.
std::vector<unsigned char> iccp_data() {
  std::vector<unsigned char> profile(132 + 12 + 200, 0);
  put_u32(profile, 0, static_cast<std::uint32_t>(profile.size()));
  put_u32(profile, 8, 0x02100000);  // version 2.1
  std::memcpy(profile.data() + 12, "mntr", 4);
  std::memcpy(profile.data() + 16, "RGB ", 4);
  std::memcpy(profile.data() + 20, "XYZ ", 4);
  std::memcpy(profile.data() + 36, "acsp", 4);
  put_u32(profile, 68, 0x0000F6D6);  // D50 illuminant X, Y, Z (s15Fixed16)
  put_u32(profile, 72, 0x00010000);
  put_u32(profile, 76, 0x0000D32D);
  put_u32(profile, 128, 1);  // one tag: signature, offset, size
  std::memcpy(profile.data() + 132, "zcbt", 4);
  put_u32(profile, 136, 144);
  put_u32(profile, 140, 200);
  std::uint32_t state = 12345;
  for (std::size_t i = 144; i < profile.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    profile[i] = static_cast<unsigned char>(state >> 24);
  }
  uLongf packed_size = compressBound(static_cast<uLong>(profile.size()));
  std::vector<unsigned char> packed(packed_size);
  EXPECT_EQ(compress(packed.data(), &packed_size, profile.data(), profile.size()), Z_OK);
  // Profile name "test", its NUL, compression method 0, then the zlib stream.
  // (Sized once and filled: g++ 12 -O3 warned a false -Warray-bounds on
  // inserting into a vector made from an initializer list.)
  constexpr unsigned char header[] = {'t', 'e', 's', 't', 0, 0};
  std::vector<unsigned char> data(sizeof header + packed_size);
  std::memcpy(data.data(), header, sizeof header);
  std::memcpy(data.data() + sizeof header, packed.data(), packed_size);
  return data;
}

TEST(read_info, gamma_icc_and_srgb_presence_from_every_source) {
  // z00n2c08: 32x32 RGB8 with no colour chunks at all.
  const auto plain = zc::test::read_file(zc::test::testdata("pngsuite/z00n2c08.png"));
  const auto icc = with_chunk(plain, "iCCP", iccp_data());
  const auto srgb = with_chunk(plain, "sRGB", {0});
  const auto gamma = with_chunk(plain, "gAMA", {0, 0, 0xb1, 0x8f});  // 45455 = 1/2.2
  zc::test::temp_dir dir;
  const auto every_source = [&](const std::vector<std::byte>& png, auto&& check) {
    SCOPED_TRACE("memory");
    check(zc::png::read_info(zc::png::source::memory(zc::test::byte_view(png))));
    zc::memory_source stream(zc::test::byte_view(png));
    check(zc::png::read_info(zc::png::source::stream(stream)));
    const std::string path = dir.file("info.png");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(png.data(), 1, png.size(), f);
    std::fclose(f);
    check(zc::png::read_info(zc::png::source::file(path)));
    f = std::fopen(path.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    check(zc::png::read_info(zc::png::source::file(f)));
    std::fclose(f);
    // And the chunk does not get in the way of decoding.
    EXPECT_EQ(zc::png::decode(zc::png::source::memory(zc::test::byte_view(png))).result.warnings,
              0);
  };
  every_source(plain, [](const zc::png::info& h) {
    EXPECT_EQ(h.width, 32u);
    EXPECT_FALSE(h.has_gamma);
    EXPECT_EQ(h.gamma, 0.0);
    EXPECT_FALSE(h.has_iccp);
    EXPECT_FALSE(h.has_srgb);
  });
  every_source(icc, [](const zc::png::info& h) {
    EXPECT_TRUE(h.has_iccp);
    EXPECT_FALSE(h.has_srgb);
  });
  every_source(srgb, [](const zc::png::info& h) {
    EXPECT_TRUE(h.has_srgb);
    EXPECT_FALSE(h.has_iccp);
  });
  every_source(gamma, [](const zc::png::info& h) {
    EXPECT_TRUE(h.has_gamma);
    EXPECT_NEAR(h.gamma, 0.45455, 1e-6);
    EXPECT_FALSE(h.has_iccp);
  });
}

}  // namespace
