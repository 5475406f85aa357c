#include "reader.hpp"

#include <cerrno>
#include <cstring>

namespace zc::png::detail {
namespace {

// Fills `out` with up to `length` bytes; returns how many came.  Never
// throws: a stream's exception is parked in r.pending.
std::size_t fill(reader& r, std::byte* out, std::size_t length) noexcept {
  if (r.kind == reader::mode::memory) {
    // Bounds-checked cursor: never reads past memory_size.
    const std::uint64_t left = r.memory_size - r.consumed;
    const std::size_t n = length < left ? length : static_cast<std::size_t>(left);
    if (n > 0) std::memcpy(out, r.memory + r.consumed, n);
    return n;
  }
  if (r.kind == reader::mode::file) {
    const std::size_t got = std::fread(out, 1, length, r.file);
    if (got < length && std::ferror(r.file) != 0) {
      char message[160];
      std::snprintf(message, sizeof message, "reading the PNG file failed: %s",
                    std::strerror(errno));
      record(*r.fail, errc::io, message);
    }
    return got;
  }
  std::size_t got = 0;
  try {
    while (got < length) {
      if (r.buffered_pos == r.buffered_end) {
        const std::size_t want = length - got;
        if (want >= reader::buffer_size) {
          // Large requests (IDAT data) go straight into libpng's buffer.
          const std::size_t n = r.stream->read_some(out + got, want);
          if (n == 0) break;
          got += n;
          continue;
        }
        r.buffered_pos = 0;
        r.buffered_end = r.stream->read_some(r.buffer, reader::buffer_size);
        if (r.buffered_end == 0) break;
      }
      const std::size_t avail = r.buffered_end - r.buffered_pos;
      const std::size_t n = avail < length - got ? avail : length - got;
      std::memcpy(out + got, r.buffer + r.buffered_pos, n);
      r.buffered_pos += n;
      got += n;
    }
  } catch (...) {
    r.pending = std::current_exception();
    record(*r.fail, errc::io, "the byte source failed");
  }
  return got;
}

}  // namespace

void read_callback(png_structp png, png_bytep out, std::size_t length) {
  // No object with a destructor may live in this frame: png_error longjmps.
  auto* r = static_cast<reader*>(png_get_io_ptr(png));
  const std::size_t got = fill(*r, reinterpret_cast<std::byte*>(out), length);
  r->consumed += got;
  if (got < length) {
    char message[160];
    std::snprintf(message, sizeof message,
                  "PNG data ended after %llu bytes: expected %zu more bytes, got %zu",
                  static_cast<unsigned long long>(r->consumed), length, got);
    record(*r->fail, errc::truncated, message);
    png_error(png, message);
  }
}

}  // namespace zc::png::detail
