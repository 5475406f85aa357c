// The libpng read callback, over the one byte_source a decode reads from
// (endpoints.hpp): it pulls exactly the bytes libpng asks for (at most its
// 8 KiB IDAT buffer at a time), so the compressed file is never staged and
// nothing past the PNG is consumed.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <exception>

#include "libpng_hooks.hpp"
#include "zc/stream.hpp"

namespace zc::png::detail {

struct reader {
  zc::byte_source* stream = nullptr;  // borrowed: the opened source

  std::uint64_t consumed = 0;  // bytes handed to libpng so far

  // Bytes the fast path already took from the stream before handing the
  // file to libpng: served first (borrowed from the fast decoder).
  const std::byte* replay = nullptr;
  std::size_t replay_size = 0;  // bytes
  std::size_t replayed = 0;     // bytes of replay handed out

  failure* fail = nullptr;     // where a short read or stream error is recorded
  std::exception_ptr pending;  // an exception the stream threw, rethrown later
};

/// How a source that ended early is reported, by libpng's reads and the
/// fast decoder's alike: "PNG data ended after <consumed> bytes: expected
/// <asked> more bytes, got <got>".  Into a fixed buffer: the read callback
/// may not allocate (png_error longjmps out of its frame).
using truncation_text = char[160];
void describe_truncation(truncation_text& out, std::uint64_t consumed, std::size_t asked,
                         std::size_t got) noexcept;

/// png_rw_ptr: copies `length` bytes to `out` or png_error()s (short input
/// is an error, never a wait).  The io pointer is a `reader*`.
void read_callback(png_structp png, png_bytep out, std::size_t length);

}  // namespace zc::png::detail
