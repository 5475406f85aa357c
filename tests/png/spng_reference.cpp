#include "spng_reference.hpp"

#include <spng.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace zc::test {
namespace {

struct ctx_deleter {
  void operator()(spng_ctx* c) const noexcept { spng_ctx_free(c); }
};

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string(what) + ": " + spng_strerror(rc));
}

int channels_of(std::uint8_t color_type) {
  switch (color_type) {
    case SPNG_COLOR_TYPE_GRAYSCALE:
    case SPNG_COLOR_TYPE_INDEXED:
      return 1;
    case SPNG_COLOR_TYPE_GRAYSCALE_ALPHA:
      return 2;
    case SPNG_COLOR_TYPE_TRUECOLOR:
      return 3;
    default:
      return 4;
  }
}

}  // namespace

reference_image spng_decode(const std::vector<std::byte>& png, reference_format format) {
  std::unique_ptr<spng_ctx, ctx_deleter> ctx(spng_ctx_new(0));
  if (!ctx) throw std::runtime_error("spng_ctx_new failed");
  check(spng_set_png_buffer(ctx.get(), png.data(), png.size()), "spng_set_png_buffer");
  spng_ihdr ihdr{};
  check(spng_get_ihdr(ctx.get(), &ihdr), "spng_get_ihdr");

  int fmt = SPNG_FMT_PNG;
  int flags = 0;
  reference_image out;
  out.width = ihdr.width;
  out.height = ihdr.height;
  if (format == reference_format::file_format) {
    out.channels = channels_of(ihdr.color_type);
    out.bit_depth = ihdr.bit_depth == 16 ? 16 : 8;
  } else {
    fmt = format == reference_format::rgba8 ? SPNG_FMT_RGBA8 : SPNG_FMT_RGBA16;
    flags = SPNG_DECODE_TRNS;
    out.channels = 4;
    out.bit_depth = format == reference_format::rgba8 ? 8 : 16;
  }
  std::size_t size = 0;
  check(spng_decoded_image_size(ctx.get(), fmt, &size), "spng_decoded_image_size");
  std::vector<unsigned char> raw(size);
  check(spng_decode_image(ctx.get(), raw.data(), raw.size(), fmt, flags), "spng_decode_image");

  const std::size_t per_row = std::size_t{out.width} * static_cast<std::size_t>(out.channels);
  out.samples.resize(per_row * out.height);
  const std::size_t row_bytes = size / out.height;
  for (std::size_t y = 0; y < out.height; ++y) {
    const unsigned char* row = raw.data() + y * row_bytes;
    std::uint16_t* dst = out.samples.data() + y * per_row;
    if (out.bit_depth == 16) {
      // SPNG_FMT_PNG and RGBA16 give host-endian 16-bit samples.
      for (std::size_t i = 0; i < per_row; ++i) {
        std::uint16_t v = 0;
        std::memcpy(&v, row + 2 * i, 2);
        dst[i] = v;
      }
    } else if (format == reference_format::file_format && ihdr.bit_depth < 8) {
      // SPNG_FMT_PNG keeps sub-byte samples packed, most significant first.
      const unsigned depth = ihdr.bit_depth;
      const unsigned mask = (1u << depth) - 1u;
      for (std::size_t i = 0; i < per_row; ++i) {
        const std::size_t bit = i * depth;
        const unsigned byte = row[bit / 8];
        dst[i] = static_cast<std::uint16_t>((byte >> (8 - depth - bit % 8)) & mask);
      }
    } else {
      for (std::size_t i = 0; i < per_row; ++i) dst[i] = row[i];
    }
  }
  return out;
}

}  // namespace zc::test
