// libFuzzer target: PNG bytes from memory -> read_info -> decode_into a
// strided destination (bottom-up padded rows: the direct path; or
// channel-planar: the row-buffer path), under tight limits.  A successful
// decode is re-encoded and decoded again, which must give the same samples.
// Every input must end in success or zc::error: anything else (a crash, a
// sanitizer report, a leak, another exception type) is a finding.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "zc/png.hpp"

namespace {

// Keeps one run well inside libFuzzer's memory and time budget.
zc::png::limits fuzz_limits() {
  zc::png::limits lim;
  lim.max_width = 4096;
  lim.max_height = 4096;
  lim.max_bytes = std::uint64_t{32} << 20;
  lim.max_chunk_bytes = std::size_t{1} << 20;
  lim.max_chunk_cache = 64;
  return lim;
}

void run(const std::uint8_t* data, std::size_t size) {
  const zc::buffer_view bytes = zc::view(data, zc::dims{size});
  const zc::png::limits lim = fuzz_limits();
  const zc::png::info h = zc::png::read_info(zc::png::source::memory(bytes), lim);

  // The last byte picks the conversion and the layout; the formats are
  // ones whose channel count and depth follow from the header alone.
  const std::uint8_t pick = size > 0 ? data[size - 1] : 0;
  zc::png::decode_options options;
  std::int64_t channels = h.channels;
  int depth = h.bit_depth == 16 ? 16 : 8;
  switch (pick % 6) {
    case 1:
      options = zc::png::decode_options::rgba8();
      channels = 4;
      depth = 8;
      break;
    case 2:
      options = zc::png::decode_options::rgba16();
      channels = 4;
      depth = 16;
      break;
    case 3:
      options = zc::png::decode_options::rgb8();
      channels = 3;
      depth = 8;
      break;
    case 4:
      options = zc::png::decode_options::gray8();
      channels = 1;
      depth = 8;
      break;
    case 5:
      options = zc::png::decode_options::gray16();
      channels = 1;
      depth = 16;
      break;
    default:
      break;
  }
  options.limits = lim;
  const auto item = static_cast<std::int64_t>(depth / 8);
  const std::int64_t height = h.height;
  const std::int64_t width = h.width;
  const std::uint64_t samples = static_cast<std::uint64_t>(height * width * channels);
  if (samples * static_cast<std::uint64_t>(item) > lim.max_bytes) return;

  const bool planar = (pick / 6) % 2 == 1;
  const std::int64_t row = width * channels * item + (planar ? 0 : 5);  // bytes, padded
  std::vector<std::byte> storage(static_cast<std::size_t>(planar ? height * row : height * row));
  const zc::dtype type = depth == 16 ? zc::dtype::parse("u2") : zc::dtype{};
  const zc::buffer_view dst =
      planar ? zc::buffer_view(storage.data(), type, zc::dims{height, width, channels},
                               zc::dims{width * item, item, height * width * item},
                               zc::access::read_write)
             : zc::buffer_view(storage.data() + (height - 1) * row, type,
                               zc::dims{height, width, channels},
                               zc::dims{-row, channels * item, item}, zc::access::read_write);
  zc::png::decode_into(zc::png::source::memory(bytes), dst, options);

  // Round trip what was decoded.
  std::vector<std::byte> png;
  zc::png::encode(dst, zc::png::sink::memory(png), zc::png::encode_options::fast());
  const zc::png::image back =
      zc::png::decode(zc::png::source::memory(zc::view(static_cast<const void*>(png.data()),
                                                       zc::dtype{}, zc::dims{png.size()})),
                      options);
  // decode() gives one channel as (H, W); dst is (H, W, 1) then.
  const zc::buffer_view expected = channels == 1 ? dst.select(2, 0) : dst;
  if (!(back.view == expected)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    run(data, size);
  } catch (const zc::error&) {
    // A clean refusal.
  }
  return 0;
}
