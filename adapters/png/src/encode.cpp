// encode(): check the source view, plan IHDR and compression, pick the row
// path, and run a write_session.
#include "zc/png/encode.hpp"

#include <png.h>

#include <string>
#include <vector>

#if ZC_PNG_FAST_PATH
#include "fast/fast_encode.hpp"
#endif
#include "guarded_write.hpp"
#include "row_copy.hpp"
#include "write_session.hpp"
#include "zc/error.hpp"

namespace zc::png {
namespace {

constexpr const char* encode_name = "png::encode";

// PNG stores width and height as 31-bit numbers.
constexpr std::int64_t max_png_extent = 0x7fffffff;

int color_type_for(std::int64_t channels) noexcept {
  switch (channels) {
    case 1:
      return PNG_COLOR_TYPE_GRAY;
    case 2:
      return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3:
      return PNG_COLOR_TYPE_RGB;
    default:
      return PNG_COLOR_TYPE_RGB_ALPHA;
  }
}

void check_source(const buffer_view& src) {
  const std::string who(encode_name);
  if (src.rank() != 2 && src.rank() != 3) {
    throw error(errc::shape_mismatch,
                who + ": expected a source of shape (H, W) or (H, W, C), got " + src.describe());
  }
  const zc::dtype t = src.dtype();
  if (t.kind() != dtype_kind::unsigned_int || (t.bits() != 8 && t.bits() != 16)) {
    throw error(errc::dtype_mismatch,
                who + ": expected 'u1' or 'u2' samples, got " + src.describe());
  }
  const std::int64_t channels = src.rank() == 3 ? src.shape()[2] : 1;
  if (channels < 1 || channels > 4) {
    throw error(errc::shape_mismatch,
                who + ": expected 1 to 4 channels (gray, gray+alpha, RGB, RGBA), got " +
                    std::to_string(channels) + " in " + src.describe());
  }
  for (std::size_t axis = 0; axis < 2; ++axis) {
    const std::int64_t extent = src.shape()[axis];
    if (extent < 1 || extent > max_png_extent) {
      throw error(
          errc::shape_mismatch,
          who + ": expected a height and width of 1 to 2^31-1 pixels, got " + src.describe());
    }
  }
}

void check_options(const encode_options& o) {
  const std::string who(encode_name);
  if (o.compression_level < 0 || o.compression_level > 9) {
    throw error(errc::invalid_argument, who + ": expected a compression level of 0 to 9, got " +
                                            std::to_string(o.compression_level));
  }
  if (static_cast<int>(o.strategy) > static_cast<int>(compression_strategy::huffman_only)) {
    throw error(errc::invalid_argument, who + ": expected a compression_strategy, got " +
                                            std::to_string(static_cast<int>(o.strategy)));
  }
  if (o.encoder != encoder_kind::libpng && o.encoder != encoder_kind::fast) {
    throw error(errc::invalid_argument, who + ": expected an encoder_kind, got " +
                                            std::to_string(static_cast<int>(o.encoder)));
  }
  if (o.filter_set == 0 || (o.filter_set & ~filters::all) != 0) {
    throw error(errc::invalid_argument, who + ": expected a nonempty set of filters::* bits, got " +
                                            std::to_string(o.filter_set));
  }
}

// A memory sink's vector grows, and may move, while libpng still reads the
// source rows: a source anywhere in its buffer (spare capacity included,
// appending writes there) would be read after it was freed or overwritten.
void check_not_inside(const buffer_view& src, const sink& dst) {
  if (dst.type() != sink::kind::memory) return;
  const std::vector<std::byte>& v = *dst.vector();
  if (v.capacity() == 0) return;
  const buffer_view whole(v.data(), zc::dtype{}, dims{v.capacity()}, dims{1}, access::read_only);
  if (src.overlaps(whole)) {
    throw error(errc::invalid_argument,
                std::string(encode_name) + ": the source " + src.describe() +
                    " lies in the memory sink's own vector, which grows while encoding");
  }
}

#if ZC_PNG_FAST_PATH
// The fast encoder's ISA-L level for a zlib level (ISA-L has 0..3).
int isal_level_for(int compression_level) noexcept {
  return compression_level < 3 ? compression_level : 3;
}

// The fast encoder's zlib level for flat content (fast/flat_content.hpp):
// three above the ISA-L level (4, 5, 6), where zlib matches lazily (level 4,
// chain 16: 1.10-1.14x the size of libpng's default output on the
// screenshot-like image in about the time of level 3's 1.23x; ISA-L's
// level 1 gave 1.50x); level 0 (the fastest) keeps ISA-L for every image.
int flat_zlib_level_for(int compression_level) noexcept {
  const int isal_level = isal_level_for(compression_level);
  return isal_level == 0 ? 0 : isal_level + 3;
}

encode_result encode_fast(const detail::row_layout& layout, int color_type, bool swap_16,
                          const sink& dst, const encode_options& options) {
  detail::fast_encode_plan plan;
  plan.layout = layout;
  plan.swap_16 = swap_16;
  plan.color_type = static_cast<std::uint8_t>(color_type);
  plan.level = isal_level_for(options.compression_level);
  plan.flat_zlib_level = flat_zlib_level_for(options.compression_level);
  plan.allowed_filters = static_cast<unsigned>(options.filter_set) >> 3;  // filters::none is 1 << 3
  detail::sink_output out(dst, encode_name);
  encode_result r;
  r.path = detail::fast_encode(plan, out);
  out.finish();
  r.bytes_written = out.target().written;
  r.encoder = encoder_kind::fast;
  return r;
}
#endif

}  // namespace

encode_options encode_options::fast() {
  encode_options o;
  o.compression_level = 1;
  o.strategy = compression_strategy::rle;
#if ZC_PNG_FAST_PATH
  // The fast encoder computes all five filters in one pass anyway; choosing
  // among them gave 2-3% smaller files than UP alone (bench/png) and 5%
  // smaller on the screenshot-like image.
  o.filter_set = filters::all;
  o.encoder = encoder_kind::fast;
#else
  o.filter_set = filters::up;
#endif
  return o;
}

encode_result encode(const buffer_view& src, const sink& dst, const encode_options& options) {
  check_source(src);
  check_options(options);
  check_not_inside(src, dst);

  detail::write_plan plan;
  plan.width = static_cast<std::uint32_t>(src.shape()[1]);
  plan.height = static_cast<std::uint32_t>(src.shape()[0]);
  plan.bit_depth = src.dtype().bits();
  plan.color_type = color_type_for(src.rank() == 3 ? src.shape()[2] : 1);
  plan.compression_level = options.compression_level;
  plan.filter_set = options.filter_set;
  plan.strategy = static_cast<int>(options.strategy);
  plan.swap_16 = src.itemsize() == 2 && src.dtype().resolved_order() == byte_order::little;

  // The rows are only read: libpng takes them as const and copies each
  // into its own buffer before filtering or swapping.
  const detail::row_layout layout =
      detail::layout_of(src, const_cast<std::byte*>(src.bytes()));  // NOLINT: read only
#if ZC_PNG_FAST_PATH
  if (options.encoder == encoder_kind::fast) {
    return encode_fast(layout, plan.color_type, plan.swap_16, dst, options);
  }
#endif
  const row_path path = layout.rows_are_packed() ? row_path::direct_rows : row_path::row_buffer;

  detail::write_session session(dst, options.memory, encode_name);
  session.write_header(plan);
  session.write_rows(layout, path);
  session.finish();

  encode_result r;
  r.bytes_written = session.bytes_written();
  r.path = path;
  r.warnings = session.warnings();
  return r;
}

}  // namespace zc::png
