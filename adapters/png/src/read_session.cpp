#include "read_session.hpp"

#include <limits>
#include <string>

#include "guarded_read.hpp"
#include "zc/copy_stats.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

// libpng's chunk cache counter is not a count of chunks: 0 means unlimited,
// and a value v keeps v - 2 chunks (it drops the chunk that brings the
// counter down to 1, and every chunk after).  `keep` chunks are kept with
// keep + 2; beyond what that can express, unlimited is what was asked.
png_uint_32 libpng_chunk_cache(std::uint32_t keep) noexcept {
  return keep <= 0xffffffffu - 2 ? keep + 2 : 0;
}

// The image's geometry as libpng reports it now: as stored after
// png_read_info, as it will be written after the transforms are set.
// `Format` is info or output_format (same field names).
template <class Format>
void read_geometry(png_structp png, png_infop info, Format& out) {
  out.width = png_get_image_width(png, info);
  out.height = png_get_image_height(png, info);
  out.channels = png_get_channels(png, info);
  out.bit_depth = png_get_bit_depth(png, info);
  out.color = static_cast<color_type>(png_get_color_type(png, info));
  out.interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
}

}  // namespace

read_session::read_session(opened_source& in, const limits& lim, memory_stats* stats,
                           std::span<const std::byte> replay)
    : in_(in), what_(in.what()), limits_(lim) {
  reader_.stream = &in.stream();
  reader_.fail = &failure_;
  reader_.replay = replay.data();
  reader_.replay_size = replay.size();
  alloc_.stats = stats;
  alloc_.max_single = read_allocation_cap(lim);
  // png_create_read_struct_2 catches its own errors and returns null.
  png_ = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &failure_, on_error, on_warning, &alloc_,
                                  on_malloc, on_free);
  if (png_ != nullptr) info_ = png_create_info_struct(png_);
  if (png_ == nullptr || info_ == nullptr) {
    if (png_ != nullptr) png_destroy_read_struct(&png_, nullptr, nullptr);
    throw error(errc::backend, what_ + ": libpng could not create its read structures");
  }
  png_set_read_fn(png_, &reader_, read_callback);
  // Width and height are checked by read_header() right after IHDR, before
  // anything is sized by them; libpng's own check would fail first and say
  // so only in text (see failure in libpng_hooks.hpp).
  png_set_user_limits(png_, 0x7fffffff, 0x7fffffff);
  png_set_chunk_cache_max(png_, libpng_chunk_cache(lim.max_chunk_cache));
  png_set_chunk_malloc_max(png_, lim.max_chunk_bytes);
}

read_session::~read_session() { png_destroy_read_struct(&png_, &info_, nullptr); }

void read_session::fail() {
  if (reader_.pending) in_.rethrow(reader_.pending);
  raise(failure_, nullptr, what_.c_str());
}

info read_session::read_header() {
  if (!guarded_read_info(png_, info_)) fail();
  info h;
  read_geometry(png_, info_, h);
  h.has_gamma = png_get_valid(png_, info_, PNG_INFO_gAMA) != 0;
  if (h.has_gamma) png_get_gAMA(png_, info_, &h.gamma);
  h.has_iccp = png_get_valid(png_, info_, PNG_INFO_iCCP) != 0;
  h.has_srgb = png_get_valid(png_, info_, PNG_INFO_sRGB) != 0;
  h.has_trns = png_get_valid(png_, info_, PNG_INFO_tRNS) != 0;
  png_colorp palette = nullptr;
  int entries = 0;
  if (png_get_PLTE(png_, info_, &palette, &entries) != 0) h.palette_size = entries;
  // The one width/height check (libpng's user limits are wide open): IHDR
  // is read, no row or image buffer is sized yet.
  if (h.width > limits_.max_width || h.height > limits_.max_height) {
    throw error(errc::limit_exceeded,
                what_ + ": image of " + std::to_string(h.width) + "x" + std::to_string(h.height) +
                    " pixels exceeds the limit of " + std::to_string(limits_.max_width) + "x" +
                    std::to_string(limits_.max_height));
  }
  return h;
}

output_format read_session::configure(const transform_plan& plan) {
  int passes = 1;
  if (!guarded_configure(png_, info_, &plan, &passes)) fail();
  output_format f;
  read_geometry(png_, info_, f);
  f.passes = passes;
  f.row_bytes = png_get_rowbytes(png_, info_);
  // After png_set_packing every sample is 8 or 16 bits; anything else would
  // make rows we cannot describe.
  if (f.bit_depth != 8 && f.bit_depth != 16) {
    throw error(errc::backend, what_ +
                                   ": expected 8- or 16-bit samples after the transforms, got " +
                                   std::to_string(f.bit_depth) + "-bit");
  }
  const std::uint64_t expected_row = std::uint64_t{f.width} *
                                     static_cast<std::uint64_t>(f.channels) *
                                     static_cast<std::uint64_t>(f.bit_depth / 8);
  if (f.row_bytes != expected_row) {
    throw error(errc::backend, what_ + ": libpng reports rows of " + std::to_string(f.row_bytes) +
                                   " bytes, expected " + std::to_string(expected_row));
  }
  // Both factors are below 2^35 and 2^32: the product fits unless the width
  // is absurd, so check it anyway.
  if (f.height != 0 &&
      expected_row > std::numeric_limits<std::uint64_t>::max() / std::uint64_t{f.height}) {
    throw error(errc::overflow, what_ + ": decoded image size overflows 64 bits");
  }
  const std::uint64_t total = expected_row * f.height;
  if (total > limits_.max_bytes) {
    throw error(errc::limit_exceeded, what_ + ": decoded image of " + std::to_string(total) +
                                          " bytes exceeds the limit of " +
                                          std::to_string(limits_.max_bytes) + " bytes");
  }
  format_ = f;
  return f;
}

void read_session::read_rows(const row_layout& layout, row_path path) {
  if (path == row_path::direct_rows) {
    if (!guarded_read_direct(png_, &layout, format_.passes)) fail();
    return;
  }
  row_buffer_.resize(format_.row_bytes);
  std::uint64_t copied = 0;
  const bool ok = guarded_read_buffered(png_, &layout, format_.passes, row_buffer_.data(), &copied);
  zc::detail::count_copied(copied);
  if (!ok) fail();
}

void read_session::finish() {
  if (!guarded_read_end(png_, info_)) fail();
}

}  // namespace zc::png::detail
