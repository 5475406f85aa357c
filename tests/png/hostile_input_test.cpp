// Hostile and damaged input: crash files, every truncation, forged headers,
// limits, failing byte sources, damaged ancillary chunks.  Every case ends
// in a decoded image or a zc::error, with libpng's memory all returned.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::code_of;

using zc::test::byte_view;

class crasher : public ::testing::TestWithParam<std::string> {};

TEST_P(crasher, decodes_or_is_refused_cleanly) {
  const auto bytes = zc::test::read_file(zc::test::testdata("png-crashers/" + GetParam()));
  for (const auto& base : {zc::png::decode_options{}, zc::png::decode_options::rgba8(),
                           zc::png::decode_options::rgba16()}) {
    zc::png::memory_stats stats;
    zc::png::decode_options o = base;
    o.memory = &stats;
    try {
      const zc::png::image img = zc::png::decode(zc::png::source::memory(byte_view(bytes)), o);
      EXPECT_EQ(img.view.shape()[0], img.result.height);
    } catch (const zc::error& e) {
      EXPECT_NE(std::string(e.what()), "");
    }
    EXPECT_EQ(stats.live, 0u) << "libpng memory left allocated";
  }
  try {
    (void)zc::png::read_info(zc::png::source::memory(byte_view(bytes)));
  } catch (const zc::error&) {
  }
}

INSTANTIATE_TEST_SUITE_P(png_crashers, crasher, ::testing::ValuesIn(zc::test::crasher_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string n = param.param;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(crashers, are_present) { EXPECT_GE(zc::test::crasher_files().size(), 20u); }

TEST(truncation, every_prefix_is_a_truncated_error) {
  for (const char* name : {"pngsuite/basn2c08.png", "pngsuite/basi6a16.png"}) {
    const auto bytes = zc::test::read_file(zc::test::testdata(name));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
      zc::png::memory_stats stats;
      zc::png::decode_options o;
      o.memory = &stats;
      EXPECT_EQ(
          code_of([&] { (void)zc::png::decode(zc::png::source::memory(byte_view(prefix)), o); }),
          zc::errc::truncated)
          << name << " cut at " << n;
      EXPECT_EQ(stats.live, 0u);
    }
  }
}

TEST(truncation, message_says_where_the_data_ended) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  const std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + 100);
  try {
    (void)zc::png::decode(zc::png::source::memory(byte_view(prefix)));
    ADD_FAILURE() << "expected an error";
  } catch (const zc::error& e) {
    EXPECT_NE(std::string(e.what()).find("ended after 100 bytes"), std::string::npos) << e.what();
  }
}

// A PNG signature, an IHDR and an empty IDAT with correct CRCs: enough for
// libpng to read the header and stop at the image data.
std::vector<std::byte> forged_header(std::uint32_t width, std::uint32_t height, int depth,
                                     int color) {
  std::vector<unsigned char> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                  0,    0,   0,   13,  'I',  'H',  'D',  'R'};
  for (std::uint32_t v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8)
      b.push_back(static_cast<unsigned char>(v >> shift));
  b.push_back(static_cast<unsigned char>(depth));
  b.push_back(static_cast<unsigned char>(color));
  b.push_back(0);
  b.push_back(0);
  b.push_back(0);
  const uLong crc = crc32(0, b.data() + 12, 17);
  for (int shift = 24; shift >= 0; shift -= 8)
    b.push_back(static_cast<unsigned char>(crc >> shift));
  const unsigned char idat[] = {0, 0, 0, 0, 'I', 'D', 'A', 'T'};
  b.insert(b.end(), idat, idat + 8);
  const uLong idat_crc = crc32(0, idat + 4, 4);
  for (int shift = 24; shift >= 0; shift -= 8)
    b.push_back(static_cast<unsigned char>(idat_crc >> shift));
  std::vector<std::byte> out(b.size());
  std::memcpy(out.data(), b.data(), b.size());
  return out;
}

TEST(limits, width_and_height) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  zc::png::limits lim;
  lim.max_width = 31;
  EXPECT_EQ(
      code_of([&] { (void)zc::png::read_info(zc::png::source::memory(byte_view(bytes)), lim); }),
      zc::errc::limit_exceeded);
  zc::png::decode_options o;
  o.limits.max_height = 16;
  EXPECT_EQ(code_of([&] { (void)zc::png::decode(zc::png::source::memory(byte_view(bytes)), o); }),
            zc::errc::limit_exceeded);
  lim.max_width = 32;
  EXPECT_EQ(zc::png::read_info(zc::png::source::memory(byte_view(bytes)), lim).width, 32u);
}

TEST(limits, total_bytes_are_checked_before_any_allocation) {
  // 100000 x 100000 RGBA16 claims 80 GB: refused from the header alone.
  const auto forged = forged_header(100000, 100000, 16, 6);
  zc::png::memory_stats stats;
  zc::png::decode_options o;
  o.memory = &stats;
  EXPECT_EQ(code_of([&] { (void)zc::png::decode(zc::png::source::memory(byte_view(forged)), o); }),
            zc::errc::limit_exceeded);
  EXPECT_LT(stats.largest, 1u << 20);
  EXPECT_EQ(stats.live, 0u);
  // The decoded size after conversions counts: 32x32 RGB8 is 3072 bytes, as
  // RGBA16 8192.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  zc::png::decode_options small = zc::png::decode_options::rgba16();
  small.limits.max_bytes = 8191;
  EXPECT_EQ(
      code_of([&] { (void)zc::png::decode(zc::png::source::memory(byte_view(bytes)), small); }),
      zc::errc::limit_exceeded);
  small.limits.max_bytes = 8192;
  EXPECT_EQ(zc::png::decode(zc::png::source::memory(byte_view(bytes)), small).view.nbytes(), 8192u);
}

TEST(limits, forged_header_without_data_is_truncated) {
  const auto forged = forged_header(64, 48, 8, 2);
  const zc::png::info h = zc::png::read_info(zc::png::source::memory(byte_view(forged)));
  EXPECT_EQ(h.width, 64u);
  EXPECT_EQ(h.height, 48u);
  EXPECT_EQ(h.channels, 3);
  EXPECT_EQ(code_of([&] { (void)zc::png::decode(zc::png::source::memory(byte_view(forged))); }),
            zc::errc::truncated);
}

TEST(limits, tight_chunk_limits_still_decode_ordinary_images) {
  // A caller who allows only small ancillary chunks (and narrow images) must
  // still get ordinary images decoded: zlib's 32 KiB window, its state and
  // libpng's 8 KiB IDAT buffer are not chunks.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  const zc::png::image reference = zc::png::decode(zc::png::source::memory(byte_view(bytes)));
  for (const auto& [width, chunk] :
       {std::pair{256u, std::size_t{4096}}, std::pair{1000u, std::size_t{16000}},
        std::pair{32u, std::size_t{0}}}) {
    zc::png::memory_stats stats;
    zc::png::decode_options o;
    o.limits.max_width = width;
    o.limits.max_chunk_bytes = chunk;
    o.memory = &stats;
    try {
      const zc::png::image img = zc::png::decode(zc::png::source::memory(byte_view(bytes)), o);
      EXPECT_TRUE(img.view == reference.view);
    } catch (const zc::error& e) {
      ADD_FAILURE() << "max_width " << width << ", max_chunk_bytes " << chunk << ": " << e.what();
    }
    EXPECT_EQ(stats.live, 0u);
  }
}

TEST(limits, chunk_limit_still_refuses_larger_chunks) {
  // ct1n0g04's tEXt chunks are a few dozen bytes each; a limit below that
  // drops them (libpng warns) but the image decodes.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/ct1n0g04.png"));
  zc::png::decode_options o;
  o.limits.max_chunk_bytes = 8;
  const zc::png::image img = zc::png::decode(zc::png::source::memory(byte_view(bytes)), o);
  EXPECT_GT(img.result.warnings, 0);
}

TEST(limits, chunk_cache_keeps_at_most_the_configured_number_of_chunks) {
  // ct1n0g04 has 6 tEXt chunks.  libpng says "no space in chunk cache" (a
  // warning) when it has to drop one.  0 keeps none: it must not mean
  // "unlimited", which is what 0 means to libpng's own setter.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/ct1n0g04.png"));
  const auto warnings_with = [&](std::uint32_t max_chunks) {
    zc::png::decode_options o;
    o.limits.max_chunk_cache = max_chunks;
    return zc::png::decode(zc::png::source::memory(byte_view(bytes)), o).result.warnings;
  };
  EXPECT_GT(warnings_with(0), 0);
  EXPECT_GT(warnings_with(5), 0);
  EXPECT_EQ(warnings_with(6), 0);
  EXPECT_EQ(warnings_with(1000), 0);
  EXPECT_EQ(warnings_with(0xffffffffu), 0);
}

TEST(limits, huge_ancillary_chunk_is_never_allocated) {
  // A 1 GiB sPLT length: libpng 1.6.39 would allocate it; our allocator cap
  // refuses, libpng skips the chunk or fails, nothing big is allocated.
  const auto bytes = zc::test::read_file(zc::test::testdata("png-crashers/huge_sPLT_chunk.png"));
  zc::png::memory_stats stats;
  zc::png::decode_options o;
  o.memory = &stats;
  EXPECT_THROW((void)zc::png::decode(zc::png::source::memory(byte_view(bytes)), o), zc::error);
  EXPECT_LE(stats.largest, o.limits.max_chunk_bytes);
  EXPECT_EQ(stats.live, 0u);
}

TEST(failing_source, its_exception_propagates) {
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  for (std::size_t good : {std::size_t{0}, std::size_t{8}, std::size_t{40}, bytes.size() - 1}) {
    zc::test::failing_source src(bytes, good);
    zc::png::memory_stats stats;
    zc::png::decode_options o;
    o.memory = &stats;
    try {
      (void)zc::png::decode(zc::png::source::stream(src), o);
      ADD_FAILURE() << "expected an error";
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), zc::errc::io);
      EXPECT_NE(std::string(e.what()).find("simulated read failure"), std::string::npos);
    }
    EXPECT_EQ(stats.live, 0u);
  }
}

TEST(warnings, damaged_ancillary_chunk_warns_but_decodes) {
  // ct1n0g04 has tEXt chunks: break the first one's CRC.  libpng warns and
  // skips it; the image still decodes, and warnings are counted, not thrown.
  auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/ct1n0g04.png"));
  const char tag[] = "tEXt";
  const auto it = std::search(bytes.begin(), bytes.end(), reinterpret_cast<const std::byte*>(tag),
                              reinterpret_cast<const std::byte*>(tag) + 4);
  ASSERT_NE(it, bytes.end());
  const auto at = static_cast<std::size_t>(it - bytes.begin());
  std::uint32_t length = 0;
  for (std::size_t i = at - 4; i < at; ++i)
    length = length << 8 | static_cast<std::uint8_t>(bytes[i]);
  bytes[at + 4 + length] ^= std::byte{0xff};  // first CRC byte
  const zc::png::image damaged = zc::png::decode(zc::png::source::memory(byte_view(bytes)));
  EXPECT_GT(damaged.result.warnings, 0);
  const zc::png::image good =
      zc::png::decode(zc::png::source::file(zc::test::testdata("pngsuite/ct1n0g04.png")));
  EXPECT_TRUE(damaged.view == good.view);
}

}  // namespace
