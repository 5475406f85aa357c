// PNG -> Eigen -> PNG without an intermediate image copy.
//
//   png_eigen_png [input.png [output-dir]]
//
// 1. The PNG decodes straight into a row-major Eigen matrix of H x 3W bytes,
//    viewed as (H, W, 3): libpng's row pointers are the matrix's rows.
// 2. Each colour channel is an Eigen::Map over the interleaved storage
//    (select(2, c): inner stride 3 bytes), so grayscale conversion reads the
//    decoded pixels in place; a contrast stretch and a 3x3 box blur follow
//    (the processing allocates its own results, as any Eigen code does).
// 3. The result is encoded twice straight from the matrix's rows: a centre
//    crop through two slices, and a vertical flip through a negative stride.
//    Both are read back and compared with the matrix.
// zc::bytes_copied() shows that no step copied pixels through the bridge.
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <zc/buffer_view.hpp>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>
#include <zc/png.hpp>

namespace {

using bytes_rm = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void require(bool ok, const std::string& what) {
  if (!ok) throw zc::error(zc::errc::invalid_argument, "check failed: " + what);
}

const char* path_name(zc::png::row_path path) {
  return path == zc::png::row_path::direct_rows ? "direct rows" : "row buffer";
}

// 3x3 box blur with clamped borders, in float.
Eigen::MatrixXf box_blur(const Eigen::MatrixXf& in) {
  const Eigen::Index rows = in.rows();
  const Eigen::Index cols = in.cols();
  Eigen::MatrixXf out(rows, cols);
  for (Eigen::Index c = 0; c < cols; ++c) {
    for (Eigen::Index r = 0; r < rows; ++r) {
      float sum = 0.0f;
      for (Eigen::Index dc = -1; dc <= 1; ++dc) {
        for (Eigen::Index dr = -1; dr <= 1; ++dr) {
          const Eigen::Index rr = std::clamp<Eigen::Index>(r + dr, 0, rows - 1);
          const Eigen::Index cc = std::clamp<Eigen::Index>(c + dc, 0, cols - 1);
          sum += in(rr, cc);
        }
      }
      out(r, c) = sum / 9.0f;
    }
  }
  return out;
}

int run(const std::string& input, const std::filesystem::path& out_dir) {
  const auto copied_before = zc::bytes_copied();

  // 1. Decode into the matrix's storage.
  const zc::png::info header = zc::png::read_info(zc::png::source::file(input));
  const auto height = static_cast<Eigen::Index>(header.height);
  const auto width = static_cast<Eigen::Index>(header.width);
  bytes_rm rgb(height, 3 * width);
  const zc::buffer_view pixels = zc::eigen::view(rgb).reshape({height, width, 3});
  require(pixels.data() == rgb.data(), "the (H, W, 3) view is the matrix's storage");

  // Whatever the file holds (palette, gray, 1-16 bits, alpha) -> 8-bit RGB;
  // also rgba8(), gray8(), gray16(), as_stored().  A preset is a starting
  // point: its fields can still be changed.
  zc::png::decode_options as_rgb8 = zc::png::decode_options::rgb8();
  as_rgb8.to_8bit = zc::png::depth_reduction::scale;  // round 16-bit samples, not truncate
  const zc::png::decode_result decoded =
      zc::png::decode_into(zc::png::source::file(input), pixels, as_rgb8);
  std::printf("decoded : %s, %u x %u, %d-bit colour type %d -> RGB8 into the matrix at %p (%s)\n",
              input.c_str(), header.width, header.height, header.bit_depth,
              static_cast<int>(header.color), static_cast<const void*>(rgb.data()),
              path_name(decoded.path));

  // 2. Channels as maps over the interleaved bytes: no deinterleaving copy.
  const auto red = zc::eigen::map<const bytes_rm>(pixels.select(2, 0));
  const auto green = zc::eigen::map<const bytes_rm>(pixels.select(2, 1));
  const auto blue = zc::eigen::map<const bytes_rm>(pixels.select(2, 2));
  require(red.data() == rgb.data() && blue.data() == rgb.data() + 2, "channel maps alias rgb");
  const Eigen::MatrixXf gray =
      0.299f * red.cast<float>() + 0.587f * green.cast<float>() + 0.114f * blue.cast<float>();
  const float lo = gray.minCoeff();
  const float hi = gray.maxCoeff();
  const float gain = hi > lo ? 255.0f / (hi - lo) : 1.0f;
  const Eigen::MatrixXf stretched = ((gray.array() - lo) * gain).matrix();
  const bytes_rm result = box_blur(stretched).array().round().cast<std::uint8_t>();
  std::printf(
      "process : gray from channel maps (inner stride 3), contrast %.0f..%.0f -> 0..255, "
      "3x3 box blur\n",
      static_cast<double>(lo), static_cast<double>(hi));

  // 3. Encode straight from the result's rows.
  const zc::buffer_view out = zc::eigen::view(result);
  const zc::buffer_view crop =
      out.slice(0, height / 4, height - height / 4).slice(1, width / 4, width - width / 4);
  const zc::buffer_view flipped = out.flip(0);
  require(crop.data() == &result(height / 4, width / 4), "the crop starts inside the result");
  require(flipped.data() == &result(height - 1, 0), "the flip starts at the last row");

  std::filesystem::create_directories(out_dir);
  const auto crop_path = (out_dir / "crop.png").string();
  const auto flip_path = (out_dir / "flipped.png").string();
  const auto crop_written = zc::png::encode(crop, zc::png::sink::file(crop_path));
  const auto flip_written = zc::png::encode(flipped, zc::png::sink::file(flip_path));
  std::printf("encoded : %s (%lld x %lld crop, %s, %llu bytes)\n", crop_path.c_str(),
              static_cast<long long>(crop.shape(0)), static_cast<long long>(crop.shape(1)),
              path_name(crop_written.path),
              static_cast<unsigned long long>(crop_written.bytes_written));
  std::printf("encoded : %s (vertical flip by a negative stride, %s, %llu bytes)\n",
              flip_path.c_str(), path_name(flip_written.path),
              static_cast<unsigned long long>(flip_written.bytes_written));

  const auto copied = zc::bytes_copied() - copied_before;

  // Read both back (this allocates new images) and compare.
  const zc::png::image crop_back = zc::png::decode(zc::png::source::file(crop_path));
  const zc::png::image flip_back = zc::png::decode(zc::png::source::file(flip_path));
  require(crop_back.view == crop, "crop.png holds exactly the crop");
  require(flip_back.view == flipped, "flipped.png holds exactly the flipped image");
  std::printf("verified: both files decode to exactly the encoded views\n");
  std::printf("copied  : %llu pixel bytes by zcbridge between decode and encode\n",
              static_cast<unsigned long long>(copied));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 3 ||
      (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))) {
    std::fprintf(stderr, "usage: %s [input.png [output-dir]]\n", argv[0]);
    return argc > 3 ? 2 : 0;
  }
  try {
    const std::string input = argc > 1 ? argv[1] : "landscape_rgb8.png";
    const std::filesystem::path out_dir = argc > 2 ? argv[2] : ".";
    return run(input, out_dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "png_eigen_png: %s\n", e.what());
    return 1;
  }
}
