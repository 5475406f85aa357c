// The fast decode path: our own chunk reader, ISA-L's inflater and SIMD
// unfiltering, each row written straight into the caller's destination row.
//
// It takes non-interlaced 8- and 16-bit gray, gray+alpha, RGB and RGBA files
// for every request whose conversions the row pass makes as libpng does
// (row_convert.hpp: tRNS to alpha, opaque alpha added, alpha stripped, gray
// to RGB, 16 -> 8 by the high byte, 8 -> 16, either byte order), so the
// presets as_stored(), rgb8(), rgba8(), rgba16(), and gray8()/gray16() on
// gray files, take it; rgb_to_gray on colour files and scale_16 go to
// libpng.  open() says whether a file qualifies after reading just the
// signature and IHDR, and everything else goes to libpng.  Errors and
// warnings follow libpng's for the same bytes (see chunk_reader.hpp and
// inflate_stream.hpp).
//
// Memory (operator new; memory_stats counts libpng's heap only): ISA-L's
// state (~85 KiB), a staging buffer of whole filtered rows
// (~32 KiB, at least one row), a 32 KiB input buffer for FILE* and streams,
// and, when the destination is not the file's own packed rows, two rows of
// the file's format (the prior row) plus one decoded row of scratch; zlib's state and window (~7
// KiB + up to 32 KiB) while it checks the first 32 KiB of an ISA-L stream or inflates a small one
// (inflate_stream.hpp).  Never the image.
//
// Lifetime: lives in decode_into's frame, and stays alive while libpng
// decodes a file it declined (replay() points into it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "../output_format.hpp"
#include "../row_copy.hpp"
#include "byte_input.hpp"
#include "chunk_reader.hpp"
#include "inflate_stream.hpp"
#include "row_convert.hpp"
#include "unfilter.hpp"
#include "zc/png/decode.hpp"

namespace zc::png::detail {

class fast_decoder {
 public:
  /// Reads `in` (borrowed: it outlives this decoder, and libpng goes on
  /// reading it when open() declines the file).
  fast_decoder(opened_source& in, const decode_options& options);
  ~fast_decoder();
  fast_decoder(const fast_decoder&) = delete;
  fast_decoder& operator=(const fast_decoder&) = delete;

  /// Reads the signature and IHDR.  True when this decoder takes the file
  /// for `options` (16-bit samples wanted little-endian when `swap_16`);
  /// false when libpng must (also for a damaged or short header, so libpng
  /// reports it in its words).
  bool open(bool swap_16);
  /// What open() took from the source, for libpng to read first before it
  /// goes on with the same source: a source is opened once and never read
  /// twice (a path opened again would wait forever on a FIFO whose writer
  /// is gone, or read another file where the path was replaced meanwhile).
  [[nodiscard]] std::span<const std::byte> replay() const noexcept {
    return {header_.data(), header_size_};
  }

  /// The file as stored, for the destination check's hints: IHDR and
  /// whether a valid tRNS came (known after read_to_image(); the other
  /// ancillary fields stay unset: the fast path skips those chunks).
  [[nodiscard]] info stored() const noexcept;
  /// Reads the chunks before the image data; the decoded format (libpng's
  /// for the same options and file).
  output_format read_to_image();
  /// Decodes every row into `layout` (shape checked by the caller).
  row_path read_rows(const row_layout& layout);
  /// The rest of the image data and the chunks up to IEND.
  void finish();

  /// Bytes of the buffer rows were staged in before reaching the
  /// destination (0 when they were written into its rows).
  [[nodiscard]] std::size_t row_buffer_bytes() const noexcept { return row_buffer_bytes_; }
  [[nodiscard]] int warnings() const noexcept;

 private:
  void emit_row(const row_layout& layout, std::uint32_t y, const std::uint8_t* row);
  void read_trns(bool gray, bool has_alpha);

  decode_options options_;
  byte_input in_;
  std::array<std::byte, 33> header_{};
  std::size_t header_size_ = 0;  // bytes of header_ read

  output_format file_;    // the samples as stored
  output_format format_;  // the samples as decoded (after conversion_)
  row_conversion conversion_;
  unsigned bpp_ = 0;                     // bytes per pixel in the file
  bool swap_ = false;                    // 16-bit file, samples wanted little-endian
  bool swap_16_ = false;                 // 16-bit output wanted little-endian
  bool has_trns_ = false;                // a valid tRNS chunk before the image data
  std::array<std::uint16_t, 3> trns_{};  // its colour (gray: [0]), as stored
  bool have_plte_ = false;               // a PLTE chunk before the image data
  std::optional<chunk_reader> chunks_;
  std::unique_ptr<inflate_stream> inflater_;
  std::unique_ptr<std::uint8_t[]> staging_;  // whole filtered rows, filter byte first
  std::unique_ptr<std::uint8_t[]> scratch_;  // unfiltered rows when not direct, then a decoded row
  std::size_t scratch_bytes_ = 0;
  std::size_t row_buffer_bytes_ = 0;
};

}  // namespace zc::png::detail
