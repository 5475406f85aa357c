// Every refusal path: a destination or source of the wrong rank, dtype,
// shape, layout or access, bad options, bad factory arguments.  Refusals
// happen before any pixel is written, and the messages name both sides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::code_of;
using zc::test::message_of;

using zc::test::layout;

const std::string rgb8 = "pngsuite/basn2c08.png";    // 32x32 RGB, 8-bit
const std::string gray16 = "pngsuite/basn0g16.png";  // 32x32 gray, 16-bit

bool untouched(const zc::test::strided_image& img) {
  return std::all_of(img.storage.begin(), img.storage.end(),
                     [](std::byte b) { return b == std::byte{0xA5}; });
}

zc::png::source file(const std::string& name) {
  return zc::png::source::file(zc::test::testdata(name));
}

TEST(decode_refuses, wrong_rank_before_reading) {
  std::vector<std::uint8_t> flat(32 * 32 * 3);
  // A source that does not exist shows the check comes first.
  EXPECT_EQ(code_of([&] {
              zc::png::decode_into(zc::png::source::file("/nonexistent.png"), zc::view(flat));
            }),
            zc::errc::shape_mismatch);
}

TEST(decode_refuses, wrong_dtype_before_reading) {
  std::vector<float> f(32 * 32 * 3);
  std::vector<std::int16_t> i(32 * 32 * 3);
  const auto no_file = zc::png::source::file("/nonexistent.png");
  EXPECT_EQ(code_of([&] {
              zc::png::decode_into(no_file, zc::view(f.data(), {32, 32, 3}));
            }),
            zc::errc::dtype_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::decode_into(no_file, zc::view(i.data(), {32, 32, 3}));
            }),
            zc::errc::dtype_mismatch);
}

TEST(decode_refuses, readonly_destination) {
  const std::vector<std::uint8_t> pixels(32 * 32 * 3);
  EXPECT_EQ(code_of([&] {
              zc::png::decode_into(file(rgb8), zc::view(pixels.data(), {32, 32, 3}));
            }),
            zc::errc::readonly);
}

TEST(decode_refuses, zero_stride) {
  std::vector<std::uint8_t> row(32 * 3);
  const auto broadcast = zc::view(row.data(), {32, 32, 3}, {0, 3, 1});
  EXPECT_EQ(code_of([&] { zc::png::decode_into(file(rgb8), broadcast); }), zc::errc::layout);
}

TEST(decode_refuses, wrong_shape_without_writing_a_pixel) {
  const zc::dtype u1 = zc::dtype::parse("u1");
  for (const auto& [h, w, c] : {std::tuple{31, 32, 3}, std::tuple{32, 33, 3}, std::tuple{32, 32, 4},
                                std::tuple{32, 32, 1}}) {
    auto img = zc::test::make_image(h, w, c, u1, layout::c_order);
    const std::string msg = message_of([&] { zc::png::decode_into(file(rgb8), img.view); });
    EXPECT_NE(msg.find("(32, 32, 3)"), std::string::npos) << msg;        // what the file has
    EXPECT_NE(msg.find(img.view.describe()), std::string::npos) << msg;  // what was given
    EXPECT_EQ(code_of([&] { zc::png::decode_into(file(rgb8), img.view); }),
              zc::errc::shape_mismatch);
    EXPECT_TRUE(untouched(img));
  }
  // One channel may be (H, W) but an RGB image may not.
  auto flat = zc::test::make_image(32, 32, 1, u1, layout::c_order, /*rank2=*/true);
  EXPECT_EQ(code_of([&] { zc::png::decode_into(file(rgb8), flat.view); }),
            zc::errc::shape_mismatch);
  EXPECT_TRUE(untouched(flat));
}

TEST(decode_refuses, wrong_sample_width_without_writing_a_pixel) {
  auto wide = zc::test::make_image(32, 32, 3, zc::dtype::parse("u2"), layout::c_order);
  EXPECT_EQ(code_of([&] { zc::png::decode_into(file(rgb8), wide.view); }),
            zc::errc::dtype_mismatch);
  EXPECT_TRUE(untouched(wide));
  auto narrow = zc::test::make_image(32, 32, 1, zc::dtype::parse("u1"), layout::c_order);
  const std::string msg = message_of([&] { zc::png::decode_into(file(gray16), narrow.view); });
  EXPECT_NE(msg.find("16-bit"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'u2'"), std::string::npos) << msg;
  EXPECT_TRUE(untouched(narrow));
  // ... unless the caller asks for 8 bits.
  zc::png::decode_options o;
  o.to_8bit = zc::png::depth_reduction::scale;
  EXPECT_EQ(zc::png::decode_into(file(gray16), narrow.view, o).bit_depth, 8);
}

TEST(decode_refuses, contradictory_options) {
  zc::png::decode_options o;
  o.to_16bit = true;
  o.to_8bit = zc::png::depth_reduction::strip;
  EXPECT_EQ(code_of([&] { (void)zc::png::decode(file(rgb8), o); }), zc::errc::invalid_argument);
}

TEST(decode_refuses, destination_overlapping_the_memory_source) {
  // The PNG bytes at the start of a buffer and the destination laid over
  // the same buffer: decoding would overwrite input libpng has not read yet.
  const auto png = zc::test::read_file(zc::test::testdata("pngsuite/basn0g08.png"));
  std::vector<std::uint8_t> buffer(32 * 32 + png.size());
  std::memcpy(buffer.data(), png.data(), png.size());
  const auto blob =
      zc::view(static_cast<const void*>(buffer.data()), zc::dtype{}, zc::dims{png.size()});
  const std::vector<std::uint8_t> before = buffer;
  const auto dst = zc::view(buffer.data() + png.size() / 2, {32, 32});
  const std::string msg =
      zc::test::error_of([&] { zc::png::decode_into(zc::png::source::memory(blob), dst); },
                         zc::errc::invalid_argument);
  EXPECT_NE(msg.find("overlap"), std::string::npos) << msg;
  EXPECT_TRUE(buffer == before);
  // Right after the PNG bytes is fine.
  const auto after = zc::view(buffer.data() + png.size(), {32, 32});
  EXPECT_NO_THROW(zc::png::decode_into(zc::png::source::memory(blob), after));
}

TEST(source_refuses, bad_arguments) {
  EXPECT_EQ(code_of([] { (void)zc::png::source::file(std::string{}); }),
            zc::errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)zc::png::source::file(static_cast<std::FILE*>(nullptr)); }),
            zc::errc::invalid_argument);
  std::vector<std::uint8_t> bytes(64);
  const auto strided = zc::view(bytes.data(), {32}, {2});
  EXPECT_EQ(code_of([&] { (void)zc::png::source::memory(strided); }), zc::errc::layout);
  const std::string msg =
      message_of([] { (void)zc::png::read_info(zc::png::source::file("/nonexistent/a.png")); });
  EXPECT_NE(msg.find("/nonexistent/a.png"), std::string::npos);
  EXPECT_EQ(code_of([] { (void)zc::png::read_info(zc::png::source::file("/nonexistent/a.png")); }),
            zc::errc::io);
}

TEST(sink_refuses, bad_arguments) {
  EXPECT_EQ(code_of([] { (void)zc::png::sink::file(std::string{}); }), zc::errc::invalid_argument);
  EXPECT_EQ(code_of([] { (void)zc::png::sink::file(static_cast<std::FILE*>(nullptr)); }),
            zc::errc::invalid_argument);
  auto img = zc::test::make_image(2, 2, 1, zc::dtype::parse("u1"), layout::c_order);
  EXPECT_EQ(
      code_of([&] { zc::png::encode(img.view, zc::png::sink::file("/nonexistent/dir/a.png")); }),
      zc::errc::io);
}

TEST(encode_refuses, unsupported_sources_before_writing) {
  std::vector<std::byte> out;
  const auto sink = zc::png::sink::memory(out);
  std::vector<std::uint8_t> u8(4 * 4 * 5);
  std::vector<float> f(4 * 4 * 3);
  std::vector<std::int8_t> i8(4 * 4 * 3);
  std::vector<std::uint32_t> u32(4 * 4 * 3);
  EXPECT_EQ(code_of([&] { zc::png::encode(zc::view(u8), sink); }), zc::errc::shape_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(u8.data(), {4, 4, 5}), sink);
            }),
            zc::errc::shape_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(u8.data(), {4, 4, 0}), sink);
            }),
            zc::errc::shape_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(u8.data(), {0, 4, 3}), sink);
            }),
            zc::errc::shape_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(f.data(), {4, 4, 3}), sink);
            }),
            zc::errc::dtype_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(i8.data(), {4, 4, 3}), sink);
            }),
            zc::errc::dtype_mismatch);
  EXPECT_EQ(code_of([&] {
              zc::png::encode(zc::view(u32.data(), {4, 4, 3}), sink);
            }),
            zc::errc::dtype_mismatch);
  EXPECT_TRUE(out.empty());
}

TEST(encode_refuses, a_source_inside_the_memory_sinks_vector) {
  // The vector grows (and may move) while libpng still reads rows from it:
  // refused before anything is written, never a use after free.
  std::vector<std::byte> bytes(64 * 64 * 3);
  const auto src = zc::view(static_cast<const void*>(bytes.data()), zc::dtype{}, {64, 64, 3});
  EXPECT_EQ(code_of([&] { zc::png::encode(src, zc::png::sink::memory(bytes)); }),
            zc::errc::invalid_argument);
  EXPECT_EQ(bytes.size(), std::size_t{64 * 64 * 3});
  // Spare capacity counts too: appending writes there.
  std::vector<std::byte> spare;
  spare.reserve(1 << 16);
  const auto in_spare =
      zc::view(static_cast<const void*>(spare.data() + 1000), zc::dtype{}, {8, 8, 3});
  EXPECT_EQ(code_of([&] { zc::png::encode(in_spare, zc::png::sink::memory(spare)); }),
            zc::errc::invalid_argument);
  EXPECT_TRUE(spare.empty());
}

TEST(encode_refuses, bad_options_before_writing) {
  std::vector<std::byte> out;
  auto img = zc::test::make_image(4, 4, 3, zc::dtype::parse("u1"), layout::c_order);
  for (int level : {-1, 10}) {
    zc::png::encode_options o;
    o.compression_level = level;
    EXPECT_EQ(code_of([&] { zc::png::encode(img.view, zc::png::sink::memory(out), o); }),
              zc::errc::invalid_argument);
  }
  {
    zc::png::encode_options o;
    o.strategy = static_cast<zc::png::compression_strategy>(9);
    EXPECT_EQ(code_of([&] { zc::png::encode(img.view, zc::png::sink::memory(out), o); }),
              zc::errc::invalid_argument);
  }
  for (std::uint8_t set : {std::uint8_t{0}, std::uint8_t{0x01}}) {
    zc::png::encode_options o;
    o.filter_set = set;
    EXPECT_EQ(code_of([&] { zc::png::encode(img.view, zc::png::sink::memory(out), o); }),
              zc::errc::invalid_argument);
  }
  EXPECT_TRUE(out.empty());
}

TEST(encode_refuses, failing_sinks_with_their_own_error) {
  auto img = zc::test::make_image(64, 64, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(img.view, 1);
  for (std::size_t capacity :
       {std::size_t{0}, std::size_t{10}, std::size_t{100}, std::size_t{5000}}) {
    zc::test::failing_sink sink(capacity);
    zc::png::memory_stats stats;
    zc::png::encode_options o;
    o.memory = &stats;
    const std::string msg =
        message_of([&] { zc::png::encode(img.view, zc::png::sink::stream(sink), o); });
    EXPECT_NE(msg.find("simulated write failure"), std::string::npos) << msg;
    EXPECT_EQ(stats.live, 0u);
  }
}

TEST(encode_refuses, full_device_is_an_io_error_and_is_not_removed) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto img = zc::test::make_image(64, 64, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(img.view, 1);
  EXPECT_EQ(code_of([&] { zc::png::encode(img.view, zc::png::sink::file("/dev/full")); }),
            zc::errc::io);
  EXPECT_TRUE(std::filesystem::exists("/dev/full"));
}

TEST(encode_refuses, an_empty_view_creates_no_file) {
  // PNG has no empty images: refused before the path is even created.
  zc::test::temp_dir dir;
  const std::string path = dir.file("empty.png");
  std::vector<std::uint8_t> none(1);
  for (const zc::dims& shape : {zc::dims{0, 4, 3}, zc::dims{4, 0}}) {
    EXPECT_EQ(
        code_of([&] { zc::png::encode(zc::view(none.data(), shape), zc::png::sink::file(path)); }),
        zc::errc::shape_mismatch);
    EXPECT_FALSE(std::filesystem::exists(path));
  }
}

// Runs in a death-test child: encodes `v` to `path` with files limited to
// 20 KB (RLIMIT_FSIZE; writes beyond fail with EFBIG once SIGXFSZ is
// ignored).  0 when encode failed with errc::io and left no file behind.
int encode_onto_a_full_disk(const zc::buffer_view& v, const std::string& path) {
  if (!zc::test::limit_file_size(20000)) return 5;
  try {
    zc::png::encode(v, zc::png::sink::file(path));
  } catch (const zc::error& e) {
    if (e.code() != zc::errc::io) return 3;
    return std::filesystem::exists(path) ? 4 : 0;  // 4: a partial file left behind
  }
  return 2;  // no error at all
}

TEST(encode_refuses, full_disk_is_an_io_error_and_leaves_no_partial_file) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("full.png");
  auto img = zc::test::make_image(256, 256, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(img.view, 1);  // noise: about 200 KB of PNG
  // In a child process, so the file size limit does not outlive the test.
  EXPECT_EXIT(std::_Exit(encode_onto_a_full_disk(img.view, path)), ::testing::ExitedWithCode(0),
              "");
}

}  // namespace
