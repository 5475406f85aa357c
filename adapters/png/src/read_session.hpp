// One libpng read, start to end: opens the source (a path is opened here
// and closed by the destructor), owns the png/info structs, applies the
// limits, and turns every libpng failure into zc::error once libpng has
// returned.  The libpng calls themselves run in guarded_read.cpp.
//
// Lifetime: lives in the caller's frame, above every setjmp frame, so its
// destructor (png_destroy_read_struct, fclose) runs on every path, error
// or not.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "libpng_hooks.hpp"
#include "output_format.hpp"
#include "reader.hpp"
#include "row_copy.hpp"
#include "zc/png/decode.hpp"
#include "zc/png/info.hpp"
#include "zc/png/limits.hpp"
#include "zc/png/source.hpp"

namespace zc::png::detail {

class read_session {
 public:
  /// `operation` names the public call for messages ("png::decode_into").
  /// `replay`: bytes already taken from a path, FILE* or stream source,
  /// read before the source's own (borrowed; kept alive by the caller).
  /// `opened`: a path source's file as the fast path opened it (borrowed;
  /// the caller closes it after this session), read instead of opening the
  /// path again.
  read_session(const source& src, const limits& lim, memory_stats* stats, const char* operation,
               std::span<const std::byte> replay = {}, std::FILE* opened = nullptr);
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

  std::string what_;  // "png::decode_into(file 'x.png')", for messages
  limits limits_;
  failure failure_;                  // libpng's error_ptr: the callbacks record here
  alloc_context alloc_;              // libpng's mem_ptr: counting and the allocation cap
  reader reader_;                    // libpng's io_ptr
  std::FILE* owned_file_ = nullptr;  // opened from a path: closed by us
  png_structp png_ = nullptr;        // owned: png_destroy_read_struct
  png_infop info_ = nullptr;         // owned, with png_
  output_format format_;
  std::vector<std::byte> row_buffer_;  // the one row of the row_buffer path
};

}  // namespace zc::png::detail
