// One libpng read, start to end: reads the opened source (endpoints.hpp),
// owns the png/info structs, applies the limits, and turns every libpng
// failure into zc::error once libpng has returned.  The libpng calls
// themselves run in guarded_read.cpp.
//
// Lifetime: lives in the caller's frame, above every setjmp frame, so its
// destructor (png_destroy_read_struct) runs on every path, error or not.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "endpoints.hpp"
#include "libpng_hooks.hpp"
#include "output_format.hpp"
#include "reader.hpp"
#include "row_copy.hpp"
#include "zc/png/decode.hpp"
#include "zc/png/info.hpp"
#include "zc/png/limits.hpp"

namespace zc::png::detail {

class read_session {
 public:
  /// Reads `in` (borrowed: it outlives the session).  `replay`: bytes the
  /// fast path already took from it, read before its own (borrowed; kept
  /// alive by the caller).
  read_session(opened_source& in, const limits& lim, memory_stats* stats,
               std::span<const std::byte> replay = {});
  ~read_session();
  read_session(const read_session&) = delete;
  read_session& operator=(const read_session&) = delete;

  /// Reads up to the first IDAT and describes the file as stored.  Applies
  /// the width/height limits (zc::error(limit_exceeded)).
  info read_header();
  /// Applies the transforms and reports the decoded sample layout; checks
  /// the decoded size against limits.max_bytes.  After read_header().
  output_format configure(const transform_plan& plan);
  /// Decodes every row into `layout` by `path`; for row_buffer allocates one
  /// row of output_format::row_bytes.  After configure().
  void read_rows(const row_layout& layout, row_path path);
  /// Reads the chunks after the image data up to IEND.
  void finish();

  [[nodiscard]] int warnings() const noexcept { return failure_.warnings; }
  [[nodiscard]] std::size_t row_buffer_bytes() const noexcept { return row_buffer_.size(); }

 private:
  [[noreturn]] void fail();

  opened_source& in_;
  const std::string& what_;  // in_.what(): "png::decode_into(file 'x.png')", for messages
  limits limits_;
  failure failure_;            // libpng's error_ptr: the callbacks record here
  alloc_context alloc_;        // libpng's mem_ptr: counting and the allocation cap
  reader reader_;              // libpng's io_ptr
  png_structp png_ = nullptr;  // owned: png_destroy_read_struct
  png_infop info_ = nullptr;   // owned, with png_
  output_format format_;
  std::vector<std::byte> row_buffer_;  // the one row of the row_buffer path
};

}  // namespace zc::png::detail
