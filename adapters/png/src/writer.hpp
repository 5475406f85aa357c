// The libpng write and flush callbacks, over the one byte_sink an encode
// writes to (endpoints.hpp); the fast encoder writes through write_bytes()
// too.  libpng hands over compressed bytes from its own buffer; sink
// failures are parked and turned into zc::error after libpng has returned.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <exception>

#include "libpng_hooks.hpp"
#include "zc/stream.hpp"

namespace zc::png::detail {

struct writer {
  zc::byte_sink* stream = nullptr;  // borrowed: the opened sink

  std::uint64_t written = 0;  // bytes accepted by the sink
  failure* fail = nullptr;
  std::exception_ptr pending;  // an exception the sink threw, rethrown later
};

/// Hands `length` bytes to the sink; false (the sink's exception in
/// w.pending, noted in *w.fail) when it did not take them all.  Never
/// throws.  Does not count w.written.
bool write_bytes(writer& w, const std::byte* data, std::size_t length) noexcept;

/// png_rw_ptr: writes all `length` bytes or png_error()s.  io pointer: writer*.
void write_callback(png_structp png, png_bytep data, std::size_t length);
/// png_flush_ptr: the sink's flush() (fflush for a FILE*), or png_error().
void flush_callback(png_structp png);

}  // namespace zc::png::detail
