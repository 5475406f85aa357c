// The libpng read callback over every kind of source: a bounds-checked
// cursor over memory (no copy of the input beyond what libpng asks for),
// a FILE*, or a zc::byte_source pulled through a small fixed buffer so the
// compressed file is never staged.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>

#include "libpng_hooks.hpp"
#include "zc/stream.hpp"

namespace zc::png::detail {

struct reader {
  enum class mode : std::uint8_t { memory, file, stream };
  mode kind = mode::memory;
  const std::byte* memory = nullptr;  // borrowed: the caller's view
  std::size_t memory_size = 0;        // bytes
  std::FILE* file = nullptr;          // borrowed (or opened and closed by the caller)
  zc::byte_source* stream = nullptr;  // borrowed

  std::uint64_t consumed = 0;  // bytes handed to libpng so far
  // Read-ahead for streams, so libpng's 4- and 8-byte chunk-header reads
  // do not each become a stream call.  Bytes, within `buffer`.
  static constexpr std::size_t buffer_size = 8192;
  std::size_t buffered_pos = 0;
  std::size_t buffered_end = 0;
  std::byte buffer[buffer_size];

  failure* fail = nullptr;     // where a short read or stream error is recorded
  std::exception_ptr pending;  // an exception a stream threw, rethrown later
};

/// png_rw_ptr: copies `length` bytes to `out` or png_error()s (short input
/// is an error, never a wait).  The io pointer is a `reader*`.
void read_callback(png_structp png, png_bytep out, std::size_t length);

}  // namespace zc::png::detail
