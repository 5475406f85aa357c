#include "reader.hpp"

#include <cstdio>
#include <cstring>

namespace zc::png::detail {
namespace {

// Fills `out` with up to `length` bytes; returns how many came.  Never
// throws: the stream's exception is parked in r.pending.
//
// Exactly what libpng asks for, no read-ahead: the stream is left just past
// the bytes libpng consumed (after IEND, or after the first IDAT header for
// read_info), so a caller can go on reading what follows, e.g. the next PNG.
// libpng's reads are 4 to 8192 bytes; IDAT data goes straight into libpng's
// buffer.
std::size_t fill_from_source(reader& r, std::byte* out, std::size_t length) noexcept {
  std::size_t got = 0;
  try {
    while (got < length) {
      const std::size_t n = r.stream->read_some(out + got, length - got);
      if (n == 0) break;
      got += n;
    }
  } catch (...) {
    r.pending = std::current_exception();
    record(*r.fail, errc::io, "the byte source failed");
  }
  return got;
}

std::size_t fill(reader& r, std::byte* out, std::size_t length) noexcept {
  const std::size_t left = r.replay_size - r.replayed;
  const std::size_t n = length < left ? length : left;
  if (n > 0) {
    std::memcpy(out, r.replay + r.replayed, n);
    r.replayed += n;
  }
  return n == length ? n : n + fill_from_source(r, out + n, length - n);
}

}  // namespace

void describe_truncation(truncation_text& out, std::uint64_t consumed, std::size_t asked,
                         std::size_t got) noexcept {
  std::snprintf(out, sizeof out,
                "PNG data ended after %llu bytes: expected %zu more bytes, got %zu",
                static_cast<unsigned long long>(consumed), asked, got);
}

void read_callback(png_structp png, png_bytep out, std::size_t length) {
  // No object with a destructor may live in this frame: png_error longjmps.
  auto* r = static_cast<reader*>(png_get_io_ptr(png));
  const std::size_t got = fill(*r, reinterpret_cast<std::byte*>(out), length);
  r->consumed += got;
  if (got < length) {
    truncation_text message;
    describe_truncation(message, r->consumed, length, got);
    record(*r->fail, errc::truncated, message);
    png_error(png, message);
  }
}

}  // namespace zc::png::detail
