// libFuzzer target: the fast encoder on fuzzer-chosen images.  The first
// bytes choose the format (1-4 channels, u1 or u2 in either byte order),
// the width and the layout (C order, flipped, a column crop); the rest are
// the samples.  Each image is encoded by the fast encoder and decoded by
// libpng and by the fast decoder: both must give the source's samples.
// Anything else -- an error, different samples, a crash, a sanitizer
// report -- is a finding (abort).  Without ISA-L fast() is libpng's preset
// and the target still runs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "zc/png.hpp"

namespace {

std::uint32_t sample_at(const zc::buffer_view& v, std::int64_t y, std::int64_t x, std::int64_t c) {
  const std::byte* p = v.bytes() + y * v.strides()[0] + x * v.strides()[1] +
                       (v.rank() == 3 ? c * v.strides()[2] : 0);
  if (v.itemsize() == 1) return std::to_integer<std::uint32_t>(p[0]);
  const bool little = v.dtype().resolved_order() == zc::byte_order::little;
  const auto lo = std::to_integer<std::uint32_t>(p[little ? 0 : 1]);
  const auto hi = std::to_integer<std::uint32_t>(p[little ? 1 : 0]);
  return hi << 8 | lo;
}

void expect_same(const zc::buffer_view& src, const zc::buffer_view& got, const char* who) {
  const std::int64_t channels = src.rank() == 3 ? src.shape()[2] : 1;
  const std::int64_t got_channels = got.rank() == 3 ? got.shape()[2] : 1;
  if (got.shape()[0] != src.shape()[0] || got.shape()[1] != src.shape()[1] ||
      got_channels != channels || got.itemsize() != src.itemsize()) {
    std::fprintf(stderr, "%s: decoded %s from %s\n", who, got.describe().c_str(),
                 src.describe().c_str());
    std::abort();
  }
  for (std::int64_t y = 0; y < src.shape()[0]; ++y)
    for (std::int64_t x = 0; x < src.shape()[1]; ++x)
      for (std::int64_t c = 0; c < channels; ++c)
        if (sample_at(src, y, x, c) != sample_at(got, y, x, c)) {
          std::fprintf(stderr, "%s: sample (%lld, %lld, %lld) differs\n", who,
                       static_cast<long long>(y), static_cast<long long>(x),
                       static_cast<long long>(c));
          std::abort();
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const int channels = 1 + (data[0] & 3);
  const bool wide = (data[0] & 4) != 0;
  const bool little = (data[0] & 8) != 0;
  const bool flip = (data[0] & 16) != 0;
  const bool crop = (data[0] & 32) != 0;
  const std::int64_t width = 1 + data[1] % 64;
  const std::int64_t item = wide ? 2 : 1;
  const std::int64_t row = width * channels * item;
  const auto height = static_cast<std::int64_t>(size - 2) / row;
  if (height < 1) return 0;
  std::vector<std::byte> storage(reinterpret_cast<const std::byte*>(data + 2),
                                 reinterpret_cast<const std::byte*>(data + 2) + height * row);
  const zc::dtype type = zc::dtype::parse(!wide ? "u1" : little ? "<u2" : ">u2");
  zc::buffer_view src(storage.data(), type, zc::dims{height, width, channels},
                      zc::dims{row, channels * item, item}, zc::access::read_only);
  if (flip) src = src.flip(0);
  if (crop && width > 1) src = src.slice(1, 1, {});

  std::vector<std::byte> png;
  try {
    zc::png::encode(src, zc::png::sink::memory(png), zc::png::encode_options::fast());
  } catch (const zc::error& e) {
    std::fprintf(stderr, "fast encode refused %s: %s\n", src.describe().c_str(), e.what());
    std::abort();
  }
  const zc::buffer_view bytes(png.data(), zc::dtype{},
                              zc::dims{static_cast<std::int64_t>(png.size())}, zc::dims{1},
                              zc::access::read_only);
  for (const zc::png::decoder_kind d :
       {zc::png::decoder_kind::libpng, zc::png::decoder_kind::fast}) {
    zc::png::decode_options o;
    o.decoder = d;
    try {
      const zc::png::image img = zc::png::decode(zc::png::source::memory(bytes), o);
      expect_same(src, img.view, d == zc::png::decoder_kind::libpng ? "libpng" : "fast decoder");
    } catch (const zc::error& e) {
      std::fprintf(stderr, "decoding the fast encoder's PNG failed: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
