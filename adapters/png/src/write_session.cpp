#include "write_session.hpp"

#include "zc/copy_stats.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {
write_session::write_session(const sink& dst, memory_stats* stats, const char* operation)
    : out_(dst, operation) {
  alloc_.stats = stats;
  png_ = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &out_.failed(), on_error, on_warning,
                                   &alloc_, on_malloc, on_free);
  if (png_ != nullptr) info_ = png_create_info_struct(png_);
  if (png_ == nullptr || info_ == nullptr) {
    if (png_ != nullptr) png_destroy_write_struct(&png_, nullptr);
    throw error(errc::backend, out_.what() + ": libpng could not create its write structures");
  }
  png_set_write_fn(png_, &out_.target(), write_callback, flush_callback);
  // libpng starts every struct, the write struct too, with 1'000'000-pixel
  // user limits; encode() accepts what PNG allows (2^31-1 a side), and the
  // caller's memory already holds the image, so there is nothing to guard.
  png_set_user_limits(png_, 0x7fffffff, 0x7fffffff);
}

// Uncommitted (every failure), out_ cuts a memory sink back and removes a
// path's temporary file itself.
write_session::~write_session() { png_destroy_write_struct(&png_, &info_); }

void write_session::fail() { out_.fail(); }

void write_session::write_header(const write_plan& plan) {
  if (!guarded_write_header(png_, info_, &plan)) fail();
}

void write_session::write_rows(const row_layout& layout, row_path path) {
  if (path == row_path::direct_rows) {
    if (!guarded_write_direct(png_, &layout)) fail();
    return;
  }
  row_buffer_.resize(layout.row_bytes());
  std::uint64_t copied = 0;
  const bool ok = guarded_write_buffered(png_, &layout, row_buffer_.data(), &copied);
  zc::detail::count_copied(copied);
  if (!ok) fail();
}

void write_session::finish() {
  if (!guarded_write_end(png_, info_)) fail();
  out_.finish();
}

}  // namespace zc::png::detail
