// read_info, decode_into and decode: check the destination, plan the
// libpng transforms, pick the row path, and run a read_session.
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "endpoints.hpp"
#include "fit_hint.hpp"
#include "output_format.hpp"
#if ZC_PNG_FAST_PATH
#include "fast/fast_decode.hpp"
#endif
#include "read_session.hpp"
#include "row_copy.hpp"
#include "zc/error.hpp"
#include "zc/png/decode.hpp"

namespace zc::png {
namespace {

constexpr const char* decode_into_name = "png::decode_into";

bool is_sample_dtype(zc::dtype t) noexcept {
  return t.kind() == dtype_kind::unsigned_int && (t.bits() == 8 || t.bits() == 16);
}

// Everything that can be checked without reading the file: rank, dtype,
// writability, extents that fit a PNG, no broadcast (zero) strides.
void check_destination_layout(const buffer_view& dst) {
  if (dst.rank() != 2 && dst.rank() != 3) {
    throw error(errc::shape_mismatch, std::string(decode_into_name) +
                                          ": expected a destination of shape (H, W) or (H, W, C), "
                                          "got " +
                                          dst.describe());
  }
  if (!is_sample_dtype(dst.dtype())) {
    throw error(errc::dtype_mismatch, std::string(decode_into_name) +
                                          ": expected a destination of 'u1' or 'u2' samples, got " +
                                          dst.describe());
  }
  dst.require_writable(decode_into_name);
  for (std::size_t axis = 0; axis < dst.rank(); ++axis) {
    if (dst.shape()[axis] > 1 && dst.strides()[axis] == 0) {
      throw error(errc::layout, std::string(decode_into_name) +
                                    ": expected distinct memory for every sample, got a zero "
                                    "stride on axis " +
                                    std::to_string(axis) + " of " + dst.describe());
    }
  }
}

std::string shape_text(const detail::output_format& f) {
  std::string s = "(" + std::to_string(f.height) + ", " + std::to_string(f.width);
  if (f.channels != 1) s += ", " + std::to_string(f.channels);
  return s + ")";
}

// The decoded format must match the destination exactly: (H, W, C), or
// (H, W) / (H, W, 1) for one channel, with samples of bit_depth bits.  A
// refusal that a decode option would fix names that option.
void check_destination_fits(const buffer_view& dst, const info& stored,
                            const detail::output_format& f, const decode_options& options,
                            const std::string& what) {
  const auto shape = dst.shape();
  const int dst_channels = dst.rank() == 2 ? 1 : static_cast<int>(shape[2]);
  const int dst_bits = static_cast<int>(dst.itemsize()) * 8;
  const bool size_ok = shape[0] == f.height && shape[1] == f.width;
  const bool channels_ok = dst.rank() == 2 ? f.channels == 1 : shape[2] == f.channels;
  if (!size_ok || !channels_ok) {
    // Width and height are the file's: no option changes them.
    const std::string hint =
        size_ok ? detail::fit_hint(stored, f, options, {dst_channels, dst_bits}) : "";
    throw error(errc::shape_mismatch, what + ": the decoded image has shape " + shape_text(f) +
                                          " with " + std::to_string(f.channels) +
                                          " channel(s), the destination is " + dst.describe() +
                                          hint);
  }
  if (dst_bits != f.bit_depth) {
    throw error(errc::dtype_mismatch,
                what + ": the decoded image has " + std::to_string(f.bit_depth) +
                    "-bit samples (needs '" + (f.bit_depth == 8 ? "u1" : "u2") +
                    "'), the destination is " + dst.describe() +
                    detail::fit_hint(stored, f, options, {dst_channels, dst_bits}));
  }
}

void check_options(const decode_options& o, const char* what) {
  if (o.to_16bit && o.to_8bit != depth_reduction::keep) {
    throw error(errc::invalid_argument,
                std::string(what) + ": expected at most one of to_16bit and to_8bit, got both");
  }
  if (o.gray_to_rgb && o.rgb_to_gray) {
    throw error(errc::invalid_argument, std::string(what) +
                                            ": expected at most one of gray_to_rgb and "
                                            "rgb_to_gray, got both");
  }
}

decode_result result_of(const detail::output_format& f, row_path path, std::size_t buffer_bytes,
                        int warnings, decoder_kind decoder = decoder_kind::libpng) {
  decode_result r;
  r.width = f.width;
  r.height = f.height;
  r.channels = f.channels;
  r.bit_depth = f.bit_depth;
  r.color = f.color;
  r.interlaced = f.interlaced;
  r.path = path;
  r.row_buffer_bytes = buffer_bytes;
  r.warnings = warnings;
  r.decoder = decoder;
  return r;
}

bool little_endian(byte_order order) noexcept {
  return (order == byte_order::native ? host_byte_order : order) == byte_order::little;
}

// A right-sized C-order image for `f` (the caller checked rows x row bytes
// against limits.max_bytes), owning its pixels.
buffer_view allocate_image(const detail::output_format& f, byte_order order) {
  const std::size_t bytes = f.row_bytes * f.height;
  std::shared_ptr<std::byte[]> pixels(new std::byte[bytes]);
  const zc::dtype type =
      f.bit_depth == 16 ? zc::dtype(dtype_kind::unsigned_int, 16, order) : zc::dtype{};
  const dims shape =
      f.channels == 1 ? dims{f.height, f.width} : dims{f.height, f.width, f.channels};
  return buffer_view(pixels.get(), type, shape, c_strides(shape, type.itemsize()),
                     access::read_write, pixels);
}

// Decodes `in` into the view `destination_for(format, stored header)`
// returns once the output format is known (the caller's view, checked to
// fit, or a new image): through the fast path when it takes the file, else
// through libpng, which first reads again the header bytes the fast path
// took from the source.
template <class DestinationFor>
decode_result decode_rows(detail::opened_source& in, const decode_options& options, bool swap,
                          DestinationFor&& destination_for) {
  std::span<const std::byte> replay;  // header bytes the fast path took from the source
#if ZC_PNG_FAST_PATH
  std::optional<detail::fast_decoder> fast;
  if (options.decoder != decoder_kind::libpng) {
    fast.emplace(in, options);
    if (fast->open(swap)) {
      const detail::output_format f = fast->read_to_image();
      const buffer_view& dst = destination_for(f, fast->stored());
      const row_path path = fast->read_rows(detail::layout_of(dst, dst.mutable_bytes()));
      fast->finish();
      return result_of(f, path, fast->row_buffer_bytes(), fast->warnings(), decoder_kind::fast);
    }
    replay = fast->replay();
  }
#endif
  detail::read_session session(in, options.limits, options.memory, replay);
  const info stored = session.read_header();
  const detail::output_format f = session.configure(detail::plan_transforms(options, swap));
  const buffer_view& dst = destination_for(f, stored);
  const detail::row_layout layout = detail::layout_of(dst, dst.mutable_bytes());
  const row_path path = layout.rows_are_packed() ? row_path::direct_rows : row_path::row_buffer;
  session.read_rows(layout, path);
  session.finish();
  return result_of(f, path, session.row_buffer_bytes(), session.warnings());
}

}  // namespace

info read_info(const source& src, const limits& lim) {
  detail::opened_source in(src, "png::read_info");
  detail::read_session session(in, lim, nullptr);
  return session.read_header();
}

decode_result decode_into(const source& src, const buffer_view& dst,
                          const decode_options& options) {
  check_options(options, decode_into_name);
  check_destination_layout(dst);
  // Rows would overwrite PNG bytes libpng has not read yet (and the
  // caller's input with them).
  if (src.type() == source::kind::memory && dst.overlaps(src.bytes())) {
    throw error(errc::invalid_argument, std::string(decode_into_name) + ": the destination " +
                                            dst.describe() + " overlaps the PNG bytes (" +
                                            src.describe() + ") it would decode from");
  }
  const bool swap = dst.itemsize() == 2 && little_endian(dst.dtype().order());
  detail::opened_source in(src, decode_into_name);
  return decode_rows(in, options, swap,
                     [&](const detail::output_format& f, const info& stored) -> const buffer_view& {
                       check_destination_fits(dst, stored, f, options, in.what());
                       return dst;
                     });
}

image decode(const source& src, const decode_options& options) {
  check_options(options, "png::decode");
  detail::opened_source in(src, "png::decode");
  buffer_view view;  // the new image, once the format is known
  const decode_result result =
      decode_rows(in, options, little_endian(options.sample_order),
                  [&](const detail::output_format& f, const info&) -> const buffer_view& {
                    view = allocate_image(f, options.sample_order);
                    return view;
                  });
  return image{std::move(view), result};
}

}  // namespace zc::png
