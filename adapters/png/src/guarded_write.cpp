#include "guarded_write.hpp"

#include <zlib.h>

#include <csetjmp>

namespace zc::png::detail {
namespace {

void write_header(png_structp png, png_infop info, const write_plan& plan) {
  png_set_IHDR(png, info, plan.width, plan.height, plan.bit_depth, plan.color_type,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, plan.compression_level);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, plan.filter_set);
  // compression_strategy's order: standard, filtered, rle, huffman_only.
  constexpr int zlib_strategy[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_RLE, Z_HUFFMAN_ONLY};
  if (plan.strategy != 0) {
    png_set_compression_strategy(png, zlib_strategy[static_cast<std::size_t>(plan.strategy)]);
  }
  png_write_info(png, info);
  if (plan.swap_16) png_set_swap(png);
}

void write_direct(png_structp png, const row_layout& layout) {
  for (std::uint32_t y = 0; y < layout.height; ++y) {
    png_write_row(png, reinterpret_cast<png_const_bytep>(layout.row(y)));
  }
}

void write_buffered(png_structp png, const row_layout& layout, std::byte* buffer,
                    std::uint64_t* copied) {
  for (std::uint32_t y = 0; y < layout.height; ++y) {
    gather_row(layout, y, buffer);
    *copied += layout.row_bytes();
    png_write_row(png, reinterpret_cast<png_const_bytep>(buffer));
  }
}

}  // namespace

bool guarded_write_header(png_structp png, png_infop info, const write_plan* plan) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  write_header(png, info, *plan);
  return true;
}

bool guarded_write_direct(png_structp png, const row_layout* layout) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  write_direct(png, *layout);
  return true;
}

bool guarded_write_buffered(png_structp png, const row_layout* layout, std::byte* row_buffer,
                            std::uint64_t* copied) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  write_buffered(png, *layout, row_buffer, copied);
  return true;
}

bool guarded_write_end(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_write_end(png, info);
  return true;
}

}  // namespace zc::png::detail
