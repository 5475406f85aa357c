// One libpng write, start to end: opens the sink (sink_output: a path
// changes only when the PNG is complete), owns the png/info
// structs, and turns libpng and sink failures into zc::error once libpng
// has returned.  The libpng calls themselves run in guarded_write.cpp.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "guarded_write.hpp"
#include "libpng_hooks.hpp"
#include "row_copy.hpp"
#include "sink_output.hpp"
#include "writer.hpp"
#include "zc/png/decode.hpp"
#include "zc/png/limits.hpp"
#include "zc/png/sink.hpp"

namespace zc::png::detail {

class write_session {
 public:
  write_session(const sink& dst, memory_stats* stats, const char* operation);
  ~write_session();
  write_session(const write_session&) = delete;
  write_session& operator=(const write_session&) = delete;

  void write_header(const write_plan& plan);
  /// Writes every row of `layout` by `path` (row_buffer: one row of
  /// layout.row_bytes(), counted in zc::bytes_copied()).
  void write_rows(const row_layout& layout, row_path path);
  /// IEND, then flushes (FILE*, byte_sink) or closes (a path) the sink.
  void finish();

  [[nodiscard]] std::uint64_t bytes_written() noexcept { return out_.target().written; }
  [[nodiscard]] int warnings() noexcept { return out_.failed().warnings; }

 private:
  [[noreturn]] void fail();

  sink_output out_;            // its failure is libpng's error_ptr, its writer the io_ptr
  alloc_context alloc_;        // libpng's mem_ptr: counting only (no cap on writes)
  png_structp png_ = nullptr;  // owned: png_destroy_write_struct
  png_infop info_ = nullptr;   // owned, with png_
  std::vector<std::byte> row_buffer_;
};

}  // namespace zc::png::detail
