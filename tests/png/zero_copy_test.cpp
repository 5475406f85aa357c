// Zero-copy proof: decoding into an Eigen row-major matrix hands libpng the
// matrix's own rows (pointer identity), allocates nothing of image size
// (neither we nor libpng), and copies no bytes; the column-major case goes
// through exactly one row buffer and says so.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <vector>

#include "allocation_counter.hpp"
#include "png_test_util.hpp"
#include "row_copy.hpp"  // the adapter's row layout (white-box)
#include "temp_dir.hpp"
#include "zc/copy_stats.hpp"
#include "zc/png.hpp"

namespace {

using RowMajor8 = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMajor16 = Eigen::Matrix<std::uint16_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMajor8 = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;

constexpr int h = 480;
constexpr int w = 640;

std::vector<std::byte> encoded(const zc::buffer_view& v) {
  std::vector<std::byte> png;
  zc::png::encode(v, zc::png::sink::memory(png));
  return png;
}

TEST(zero_copy, eigen_row_major_rgb_rows_are_the_matrix_rows) {
  auto src = zc::test::make_image(h, w, 3, zc::dtype::parse("u1"), zc::test::layout::c_order);
  zc::test::fill_pattern(src.view, 7);
  const std::vector<std::byte> png = encoded(src.view);

  RowMajor8 m(h, w * 3);
  const zc::buffer_view dst = zc::view(m.data(), {h, w, 3});
  EXPECT_EQ(dst.data(), m.data());
  // Every row pointer libpng receives is the matrix's own row.
  const auto rows = zc::png::detail::layout_of(dst, dst.mutable_bytes());
  ASSERT_TRUE(rows.rows_are_packed());
  for (int y = 0; y < h; ++y) {
    ASSERT_EQ(static_cast<void*>(rows.row(static_cast<std::uint32_t>(y))),
              static_cast<void*>(m.row(y).data()));
  }

  const std::size_t image_bytes = std::size_t{h} * w * 3;
  zc::png::memory_stats stats;
  zc::png::decode_options o;
  o.memory = &stats;
  const auto copied = zc::bytes_copied();
  zc::test::allocation_counter counter;
  const auto r = zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), dst, o);
  const auto ours = counter.stats();

  EXPECT_EQ(r.path, zc::png::row_path::direct_rows);
  EXPECT_EQ(r.row_buffer_bytes, 0u);
  EXPECT_EQ(zc::bytes_copied() - copied, 0u);
  if (r.decoder == zc::png::decoder_kind::fast) {
    // The fast path's fixed working memory (ISA-L's state, ~32 KiB of
    // staged rows), whatever the image size.
    EXPECT_LE(ours.bytes, std::size_t{256} << 10);
  } else {
    EXPECT_LT(ours.largest, image_bytes / 8) << "an allocation of image size by the adapter";
    EXPECT_LT(ours.bytes, image_bytes / 8);
  }
  EXPECT_LT(stats.largest, image_bytes / 8) << "an allocation of image size by libpng";
  EXPECT_EQ(stats.live, 0u);
  EXPECT_TRUE(dst == src.view);
  EXPECT_EQ(m(5, 3 * 7 + 1), src.view.at<const std::uint8_t>(5, 7, 1));
}

TEST(zero_copy, eigen_row_major16_bit_swapped_in_place) {
  auto src = zc::test::make_image(h, w, 1, zc::dtype::parse("u2"), zc::test::layout::c_order, true);
  zc::test::fill_pattern(src.view, 8);
  const std::vector<std::byte> png = encoded(src.view);
  for (const auto decoder : {zc::png::decoder_kind::libpng, zc::png::decoder_kind::automatic}) {
    RowMajor16 m(h, w);
    const zc::buffer_view dst = zc::view(m.data(), {h, w});
    const auto copied = zc::bytes_copied();
    zc::png::decode_options o;
    o.decoder = decoder;
    zc::test::allocation_counter counter;
    const auto r = zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), dst, o);
    if (r.decoder == zc::png::decoder_kind::fast) {
      // Fixed working memory, whatever the image size: ISA-L's ~85 KiB state.
      EXPECT_LE(counter.largest(), std::size_t{96} << 10);
    } else {
      EXPECT_LT(counter.largest(), std::size_t{h} * w * 2 / 8);
    }
    EXPECT_EQ(r.path, zc::png::row_path::direct_rows);
    EXPECT_EQ(zc::bytes_copied() - copied, 0u);
    EXPECT_TRUE(dst == src.view);
    EXPECT_EQ(m(10, 20), src.view.at<const std::uint16_t>(10, 20));
  }
}

// A stream that can only copy into the caller's memory (read_some), as any
// source whose bytes are not already in memory: it forwards to `inner`.
class copying_source : public zc::byte_source {
 public:
  explicit copying_source(zc::byte_source& inner) noexcept : inner_(inner) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override {
    return inner_.read_some(dst, max_bytes);
  }

 private:
  zc::byte_source& inner_;  // borrowed
};

TEST(zero_copy, fast_path_reads_a_callers_memory_source_in_place) {
  auto src = zc::test::make_image(h, w, 3, zc::dtype::parse("u1"), zc::test::layout::c_order, true);
  zc::test::fill_pattern(src.view, 11);
  const std::vector<std::byte> png = encoded(src.view);
  // Heap bytes the decode itself requests, through `source`.
  const auto decode_bytes = [&](const zc::png::source& source) {
    RowMajor8 m(h, w * 3);
    const zc::buffer_view dst = zc::view(m.data(), {h, w, 3});
    zc::test::allocation_counter counter;
    const auto r = zc::png::decode_into(source, dst);
    const std::size_t bytes = counter.bytes();
    EXPECT_EQ(r.decoder, zc::png::decoder_kind::fast);
    EXPECT_TRUE(dst == src.view);
    return bytes;
  };
  if (zc::png::decode(zc::png::source::memory(zc::test::byte_view(png))).result.decoder !=
      zc::png::decoder_kind::fast) {
    GTEST_SKIP() << "built without the fast path (ZC_WITH_ISAL=OFF)";
  }
  zc::memory_source lending(zc::test::byte_view(png));
  const std::size_t through_memory_source = decode_bytes(zc::png::source::stream(lending));
  zc::memory_source inner(zc::test::byte_view(png));
  copying_source copying(inner);
  const std::size_t through_copying_source = decode_bytes(zc::png::source::stream(copying));
  // A stream that only copies needs the fast path's 32 KiB input buffer;
  // the caller's memory_source lends its bytes (byte_source::borrow), so
  // none is allocated for it.
  EXPECT_GE(through_copying_source, through_memory_source + (std::size_t{32} << 10));
  EXPECT_EQ(lending.remaining(), 0u);
}

TEST(zero_copy, eigen_column_major_uses_one_row_buffer_and_counts_its_copies) {
  auto src = zc::test::make_image(h, w, 1, zc::dtype::parse("u1"), zc::test::layout::c_order, true);
  zc::test::fill_pattern(src.view, 9);
  const std::vector<std::byte> png = encoded(src.view);
  for (const auto decoder : {zc::png::decoder_kind::libpng, zc::png::decoder_kind::automatic}) {
    ColMajor8 m(h, w);
    const zc::buffer_view dst = zc::view(m.data(), {h, w}, {1, h});
    const auto copied = zc::bytes_copied();
    zc::png::decode_options o;
    o.decoder = decoder;
    zc::test::allocation_counter counter;
    const auto r = zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(png)), dst, o);
    EXPECT_EQ(r.path, zc::png::row_path::row_buffer);
    if (r.decoder == zc::png::decoder_kind::fast) {
      // Two rows: this row and the prior one the next row's filter needs.
      EXPECT_EQ(r.row_buffer_bytes, 2 * std::size_t{w});
      EXPECT_LE(counter.largest(), std::size_t{96} << 10);  // ISA-L's state
    } else {
      EXPECT_EQ(r.row_buffer_bytes, std::size_t{w});
      EXPECT_EQ(counter.largest(), std::size_t{w});  // the one row buffer
    }
    EXPECT_EQ(zc::bytes_copied() - copied, std::uint64_t{h} * w);
    EXPECT_TRUE(dst == src.view);
    EXPECT_EQ(m(17, 3), src.view.at<const std::uint8_t>(17, 3));
  }
}

TEST(zero_copy, interlaced_row_buffer_never_stages_the_image) {
  // Adam7 into a column-major destination: still one row buffer.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basi2c08.png"));
  ColMajor8 planes(32 * 32, 3);  // channel-planar: one column per channel
  const zc::buffer_view dst = zc::view(planes.data(), {32, 32, 3}, {32, 1, 32 * 32});
  zc::test::allocation_counter counter;
  const auto r = zc::png::decode_into(zc::png::source::memory(zc::test::byte_view(bytes)), dst);
  EXPECT_TRUE(r.interlaced);
  EXPECT_EQ(r.path, zc::png::row_path::row_buffer);
  EXPECT_EQ(counter.largest(), 32u * 3u);
  const zc::png::image ref = zc::png::decode(zc::png::source::memory(zc::test::byte_view(bytes)));
  EXPECT_TRUE(dst == ref.view);
}

TEST(zero_copy, encode_from_eigen_allocates_nothing_of_image_size) {
  RowMajor8 m(h, w * 4);
  const zc::buffer_view src = zc::view(m.data(), {h, w, 4});
  zc::test::fill_pattern(src, 10);
  const RowMajor8 before = m;
  zc::test::failing_sink discard(std::size_t{1} << 30);  // counts bytes, keeps none
  zc::png::memory_stats stats;
  zc::png::encode_options o;
  o.memory = &stats;
  const auto copied = zc::bytes_copied();
  zc::test::allocation_counter counter;
  const auto r = zc::png::encode(src.as_readonly(), zc::png::sink::stream(discard), o);
  EXPECT_EQ(r.path, zc::png::row_path::direct_rows);
  EXPECT_EQ(zc::bytes_copied() - copied, 0u);
  EXPECT_LT(counter.largest(), std::size_t{h} * w * 4 / 8);
  EXPECT_LT(stats.largest, std::size_t{h} * w * 4 / 8);
  EXPECT_EQ(stats.live, 0u);
  EXPECT_EQ(discard.written, r.bytes_written);
  EXPECT_TRUE(m == before);
}

}  // namespace
