// encode -> decode round trips for every dtype, byte order, channel count
// and stride case; the source is never modified; written files are read by
// an independent decoder (libspng) too.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/copy_stats.hpp"
#include "zc/png.hpp"
#ifdef ZC_HAVE_SPNG
#include "spng_reference.hpp"
#endif

namespace {

using zc::test::layout;

class round_trip : public ::testing::TestWithParam<std::tuple<std::string, int, layout>> {};

TEST_P(round_trip, decodes_to_the_same_samples) {
  const auto& [format, channels, where] = GetParam();
  const zc::dtype type = zc::dtype::parse(format);
  const std::int64_t h = 13;
  const std::int64_t w = 17;
  auto src = zc::test::make_image(h, w, channels, type, where, /*rank2=*/channels == 1);
  zc::test::fill_pattern(src.view, static_cast<std::uint32_t>(channels * 7 + 1));
  const std::vector<std::byte> before = src.storage;
  const auto expected = zc::test::samples_of(src.view);

  std::vector<std::byte> png;
  const auto copied_before = zc::bytes_copied();
  const zc::png::encode_result r =
      zc::png::encode(src.view.as_readonly(), zc::png::sink::memory(png));
  const bool packed = where == layout::c_order || where == layout::flipped_padded ||
                      (channels == 1 && where == layout::planar);
  EXPECT_EQ(r.path, packed ? zc::png::row_path::direct_rows : zc::png::row_path::row_buffer);
  EXPECT_EQ(zc::bytes_copied() - copied_before,
            packed ? 0u : static_cast<std::uint64_t>(h * w * channels) * type.itemsize());
  EXPECT_EQ(r.bytes_written, png.size());
  EXPECT_TRUE(src.storage == before) << "encode modified its source";

  // Back through our decoder, into a C-order image of the same dtype.
  auto back = zc::test::make_image(h, w, channels, type, layout::c_order);
  const auto d = zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), back.view);
  EXPECT_EQ(d.bit_depth, type.bits());
  EXPECT_EQ(d.channels, channels);
  EXPECT_TRUE(zc::test::samples_of(back.view) == expected);
  // And into the same strided layout the source had.
  auto same = zc::test::make_image(h, w, channels, type, where, channels == 1);
  zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), same.view);
  EXPECT_TRUE(same.view == src.view);

#ifdef ZC_HAVE_SPNG
  const auto ref = zc::test::spng_decode(png, zc::test::reference_format::file_format);
  EXPECT_EQ(ref.channels, channels);
  EXPECT_EQ(ref.bit_depth, type.bits());
  EXPECT_TRUE(ref.samples == expected) << "libspng reads different samples";
#endif
}

INSTANTIATE_TEST_SUITE_P(
    all_cases, round_trip,
    ::testing::Combine(::testing::Values("u1", "<u2", ">u2"), ::testing::Values(1, 2, 3, 4),
                       ::testing::Values(layout::c_order, layout::f_order, layout::flipped_padded,
                                         layout::planar, layout::padded_pixels)),
    [](const auto& param) {
      std::string f = std::get<0>(param.param);
      f = f == "u1" ? "u1" : (f[0] == '<' ? "le_u2" : "be_u2");
      return f + "_c" + std::to_string(std::get<1>(param.param)) + "_" +
             zc::test::to_string(std::get<2>(param.param));
    });

TEST(round_trip, sliced_crops_of_a_canvas) {
  auto canvas = zc::test::make_image(40, 50, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(canvas.view, 3);
  // Every other row of a crop: still packed rows, so libpng reads them in place.
  const auto crop = canvas.view.slice(0, 5, 35, 2).slice(1, 3, 40);
  // Every other pixel: not packed, so one row buffer.
  const auto sparse = canvas.view.slice(1, 1, 49, 2);
  // Bottom-up, right-to-left crop.
  const auto mirrored = canvas.view.flip(0).flip(1).slice(0, 2, 20);
  for (const auto& [v, path] : {std::pair{crop, zc::png::row_path::direct_rows},
                                std::pair{sparse, zc::png::row_path::row_buffer},
                                std::pair{mirrored, zc::png::row_path::row_buffer}}) {
    std::vector<std::byte> png;
    EXPECT_EQ(zc::png::encode(v, zc::png::sink::memory(png)).path, path);
    const zc::png::image back = zc::png::decode(zc::png::source::memory(zc::test::byte_view(png)));
    EXPECT_TRUE(back.view == v);
    EXPECT_TRUE(back.view.is_c_contiguous());
  }
}

TEST(round_trip, every_sink_and_source) {
  auto src = zc::test::make_image(21, 9, 4, zc::dtype::parse("<u2"), layout::c_order);
  zc::test::fill_pattern(src.view, 11);
  zc::test::temp_dir dir;

  // A path, then read back by path and through a FILE*.
  const std::string path = dir.file("a.png");
  zc::png::encode(src.view, zc::png::sink::file(path));
  EXPECT_TRUE(zc::png::decode(zc::png::source::file(path)).view == src.view);
  std::FILE* in = std::fopen(path.c_str(), "rb");
  ASSERT_NE(in, nullptr);
  EXPECT_TRUE(zc::png::decode(zc::png::source::file(in)).view == src.view);
  std::fclose(in);

  // A FILE* the caller owns.
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  const auto r = zc::png::encode(src.view, zc::png::sink::file(out));
  EXPECT_EQ(static_cast<std::uint64_t>(std::ftell(out)), r.bytes_written);
  std::rewind(out);
  EXPECT_TRUE(zc::png::decode(zc::png::source::file(out)).view == src.view);
  std::fclose(out);

  // A core byte sink, read back through a byte source in 100-byte pieces.
  zc::memory_sink sink;
  zc::png::encode(src.view, zc::png::sink::stream(sink));
  const std::vector<std::byte> bytes = sink.take();
  zc::test::chunked_source source(bytes, 100);
  EXPECT_TRUE(zc::png::decode(zc::png::source::stream(source)).view == src.view);

  // A growable vector is appended to, not overwritten.
  std::vector<std::byte> grown(3, std::byte{7});
  zc::png::encode(src.view, zc::png::sink::memory(grown));
  ASSERT_EQ(grown.size(), bytes.size() + 3);
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), grown.begin() + 3));
}

TEST(round_trip, the_design_doc_calls_read_as_written) {
  // docs/architecture.md, "The API at a glance", verbatim (path a std::string, a
  // const char* and a std::filesystem::path; blob_view a 1-d byte view).
  zc::test::temp_dir dir;
  const std::string path = dir.file("design.png");
  auto src = zc::test::make_image(6, 7, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(src.view, 4);
  const zc::buffer_view src_view = src.view;

  zc::png::encode(src_view, zc::png::sink::file(path));
  zc::png::info hdr = zc::png::read_info(zc::png::source::file(path));
  EXPECT_EQ(hdr.width, 7u);
  EXPECT_EQ(hdr.height, 6u);
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(path.c_str())).channels, 3);
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(dir.path() / "design.png")).bit_depth, 8);

  const auto bytes = zc::test::read_file(path);
  std::vector<std::uint8_t> blob(bytes.size());
  std::memcpy(blob.data(), bytes.data(), bytes.size());
  const zc::buffer_view blob_view = zc::view(blob);
  std::vector<std::uint8_t> pixels(6 * 7 * 3);
  const zc::buffer_view dst_view = zc::view(pixels.data(), {6, 7, 3});
  zc::png::decode_into(zc::png::source::memory(blob_view), dst_view);
  EXPECT_TRUE(dst_view == src_view);
}

TEST(round_trip, encode_options_stay_lossless) {
  auto src = zc::test::make_image(30, 30, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(src.view, 5);
  zc::png::encode_options stored;
  stored.compression_level = 0;
  stored.filter_set = zc::png::filters::none;
  zc::png::encode_options paeth;
  paeth.filter_set = zc::png::filters::paeth;
  std::vector<std::size_t> sizes;
  zc::png::encode_options huffman;
  huffman.strategy = zc::png::compression_strategy::huffman_only;
  zc::png::encode_options filtered;
  filtered.strategy = zc::png::compression_strategy::filtered;
  for (const auto& o : {zc::png::encode_options{}, zc::png::encode_options::fast(), stored, paeth,
                        huffman, filtered}) {
    std::vector<std::byte> png;
    zc::png::encode(src.view, zc::png::sink::memory(png), o);
    sizes.push_back(png.size());
    EXPECT_TRUE(zc::png::decode(zc::png::source::memory(zc::test::byte_view(png))).view ==
                src.view);
  }
  // Level 0 stores: at least the raw samples plus a filter byte per row.
  EXPECT_GE(sizes[2], 30u * (30u * 3u + 1u));
}

TEST(round_trip, extents_beyond_one_million_pixels) {
  // PNG allows up to 2^31-1 pixels a side and encode() promises that range;
  // libpng's write struct starts with 1'000'000-pixel user limits that must
  // not leak into encoding.  1 MB images, decoded back with raised limits.
  for (const auto& [h, w] : {std::pair{std::int64_t{1}, std::int64_t{1'000'001}},
                             std::pair{std::int64_t{1'000'001}, std::int64_t{1}}}) {
    SCOPED_TRACE(std::to_string(h) + "x" + std::to_string(w));
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(h * w));
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i % 251);
    const zc::buffer_view src = zc::view(pixels.data(), {h, w});
    std::vector<std::byte> png;
    ASSERT_NO_THROW(zc::png::encode(src, zc::png::sink::memory(png)));
    zc::png::decode_options o;
    o.limits.max_width = 2'000'000;
    o.limits.max_height = 2'000'000;
    const zc::png::image back =
        zc::png::decode(zc::png::source::memory(zc::test::byte_view(png)), o);
    EXPECT_TRUE(back.view == src);
  }
}

TEST(round_trip, decode_honours_the_requested_sample_order) {
  auto src = zc::test::make_image(4, 5, 1, zc::dtype::parse(">u2"), layout::c_order, true);
  zc::test::fill_pattern(src.view, 9);
  std::vector<std::byte> png;
  zc::png::encode(src.view, zc::png::sink::memory(png));
  for (const auto order : {zc::byte_order::big, zc::byte_order::little, zc::byte_order::native}) {
    zc::png::decode_options o;
    o.sample_order = order;
    const auto img = zc::png::decode(zc::png::source::memory(zc::test::byte_view(png)), o);
    EXPECT_EQ(img.view.dtype(), zc::dtype(zc::dtype_kind::unsigned_int, 16, order));
    EXPECT_TRUE(img.view == src.view);
  }
  // A big-endian destination receives the file's raw bytes.
  std::vector<std::byte> raw(4 * 5 * 2);
  const auto dst = zc::view(static_cast<void*>(raw.data()), zc::dtype::parse(">u2"), {4, 5});
  zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), dst);
  EXPECT_TRUE(std::equal(raw.begin(), raw.end(), src.storage.begin()));
}

}  // namespace
