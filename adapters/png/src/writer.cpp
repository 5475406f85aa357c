#include "writer.hpp"

namespace zc::png::detail {

bool write_bytes(writer& w, const std::byte* data, std::size_t length) noexcept {
  try {
    w.stream->write(data, length);
    return true;
  } catch (...) {
    w.pending = std::current_exception();
    record(*w.fail, errc::io, "the byte sink failed");
    return false;
  }
}

namespace {

bool flush(writer& w) noexcept {
  try {
    w.stream->flush();
    return true;
  } catch (...) {
    w.pending = std::current_exception();
    record(*w.fail, errc::io, "flushing the byte sink failed");
    return false;
  }
}

}  // namespace

void write_callback(png_structp png, png_bytep data, std::size_t length) {
  // No object with a destructor in this frame: png_error longjmps.
  auto* w = static_cast<writer*>(png_get_io_ptr(png));
  if (!write_bytes(*w, reinterpret_cast<const std::byte*>(data), length))
    png_error(png, "write failed");
  w->written += length;
}

void flush_callback(png_structp png) {
  auto* w = static_cast<writer*>(png_get_io_ptr(png));
  if (!flush(*w)) png_error(png, "flush failed");
}

}  // namespace zc::png::detail
