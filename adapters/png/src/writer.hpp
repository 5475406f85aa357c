// The libpng write and flush callbacks over every kind of sink.  libpng
// hands over compressed bytes from its own buffer; sink failures are parked
// and turned into zc::error after libpng has returned.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <vector>

#include "libpng_hooks.hpp"
#include "zc/stream.hpp"

namespace zc::png::detail {

struct writer {
  enum class mode : std::uint8_t { file, memory, stream };
  mode kind = mode::memory;
  std::FILE* file = nullptr;                 // borrowed (or opened and closed by the caller)
  std::vector<std::byte>* vector = nullptr;  // borrowed, appended to
  zc::byte_sink* stream = nullptr;           // borrowed

  std::uint64_t written = 0;  // bytes accepted by the sink
  failure* fail = nullptr;
  std::exception_ptr pending;  // an exception the sink threw, rethrown later
};

/// Hands `length` bytes to the sink; false (the reason recorded in *w.fail,
/// a byte_sink's exception in w.pending) when it did not take them all.
/// Never throws.  Does not count w.written.
bool write_bytes(writer& w, const std::byte* data, std::size_t length) noexcept;

/// png_rw_ptr: writes all `length` bytes or png_error()s.  io pointer: writer*.
void write_callback(png_structp png, png_bytep data, std::size_t length);
/// png_flush_ptr: flushes FILE* sinks and calls byte_sink::flush().
void flush_callback(png_structp png);

}  // namespace zc::png::detail
