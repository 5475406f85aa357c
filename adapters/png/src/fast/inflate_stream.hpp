// The IDAT data of one PNG as a zlib stream, inflated by ISA-L (igzip)
// straight out of the chunks: the zlib header is checked, and so is the
// Adler-32 of everything inflated.  Input comes chunk piece by chunk piece
// (in place for memory sources), so nothing beyond ISA-L's state (about
// 85 KiB) and one input buffer is held.
//
// Agreement with libpng (zlib) on invalid streams.  ISA-L 2.30 checks less
// than zlib, and where it checks it may fault at another output position:
// - the window the zlib header declares (CINFO): zlib (libpng passes
//   windowBits 0) keeps 2^(CINFO+8) bytes of history between inflate calls
//   and refuses a distance beyond that history plus what the current call
//   wrote; libpng calls once per row, so the verdict depends on where rows
//   start.  ISA-L ignores CINFO.
// - a distance reaching before the stream's start: ISA-L refuses it, but
//   reports the fault after the match's bytes (it copies them first; up to
//   258 bytes late).  tests/fuzz/corpus/png_fast_vs_libpng/regression_7: a
//   95-byte match of distance 1553 at 1324 in a 1376-byte image, reported
//   at 1419, past the image's end: a warning where libpng refuses the
//   file.  With a 32 KiB window this can only happen in the first 32 KiB.
// - complete Huffman codes: zlib refuses an incomplete code set at the
//   block header ("invalid literal/lengths set", "invalid distances set",
//   "invalid code lengths set"); ISA-L accepts it and faults only where the
//   data uses a missing code.
// So zlib decides wherever these can matter, and ISA-L only inflates what
// zlib would inflate alike:
// - CINFO > 7: refused, as libpng refuses it ("invalid window size").
// - CINFO < 7 (libpng writes it for image data of at most 16 KiB), or image
//   data of at most 64 KiB: zlib inflates the stream, called exactly as
//   libpng calls it (one call per row, libpng's input pieces, the same
//   check after the last row): the same verdict by construction.
// - Otherwise ISA-L inflates (a late-reported distance fault still lies
//   inside the image then), and zlib checks the same input in step
//   ("shadow", output discarded) until it has inflated 32 KiB, for the
//   incomplete codes of the blocks there: a fault there lies inside the
//   image (which is larger than 64 KiB), where libpng refuses the file
//   whatever its call pattern.  Costs zlib's time for 32 KiB per image
//   (~0.1 ms).
// What remains: an incomplete Huffman code in a block that starts after
// the first 32 KiB of output and whose missing codes the data never uses
// before the image's end: libpng refuses the file, the fast path decodes
// it.  Not detectable through ISA-L's interface (block headers are read
// inside isal_inflate); tests/png/fast_path_test.cpp pins it.
#pragma once

#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "chunk_reader.hpp"

namespace zc::png::detail {

class inflate_stream {
 public:
  /// `chunks` is positioned on the first IDAT (its header read);
  /// `row_bytes`: bytes of one filtered row (filter byte included), where
  /// libpng's inflate calls end; `image_bytes`: of all filtered rows.
  inflate_stream(chunk_reader& chunks, std::size_t row_bytes, std::uint64_t image_bytes);
  ~inflate_stream();
  inflate_stream(const inflate_stream&) = delete;
  inflate_stream& operator=(const inflate_stream&) = delete;

  /// Inflates up to `capacity` bytes into `out`, at least one unless the
  /// stream ended; returns how many.  Errors: zc::error(backend) for a
  /// damaged stream or image data that runs out before the image ends
  /// ("not enough image data": the IDAT chunks end first).
  std::size_t read(std::uint8_t* out, std::size_t capacity);
  /// When read() returned 0 (the stream ended before the image): if the
  /// stream used up its IDAT chunk, reads that chunk's CRC and the next
  /// chunk's header, as libpng does before it notices, so a file that is
  /// both short of image data and cut short fails as truncated on both paths.
  void settle_early_end();
  /// After the last row: reads the rest of the zlib stream (its end and
  /// Adler-32), then the rest of the IDAT chunks.  Extra image data or
  /// bytes after the stream are warnings (libpng's "Too much image data",
  /// "Extra compressed data"); a bad checksum or a stream without its end is
  /// an error.  Leaves `chunks` on the first chunk after the IDATs (header
  /// read).
  void finish();
  /// Bytes of ISA-L's state.
  static constexpr std::size_t state_bytes = sizeof(inflate_state);
  /// Whether zlib inflates this stream (known after the first read()).
  [[nodiscard]] bool uses_zlib() const noexcept { return engine_ == engine::zlib; }

 private:
  // Gives ISA-L the next piece of IDAT data; false when the IDAT chunks
  // ended (chunks_ then holds the next chunk's header).
  bool feed();
  [[noreturn]] void fail(int code) const;
  // Inflated bytes ISA-L holds in its own buffer, not yet handed out.
  [[nodiscard]] std::size_t pending_bytes() const noexcept;
  // After a fault: hands out the bytes inflated before it, then throws.
  std::size_t drain_after_fault(std::uint8_t* out, std::size_t capacity);

  // Reads the zlib header's first byte and picks the engine.
  void choose_engine();
  // The zlib engine: read(), finish() as libpng's png_read_IDAT_data.
  std::size_t read_zlib(std::uint8_t* out, std::size_t capacity);
  void finish_zlib();
  // One zlib inflate call on the current input piece; returns zlib's code.
  int inflate_zlib(std::uint8_t* out, std::size_t capacity, std::size_t& produced);
  [[noreturn]] void fail_zlib(int code) const;
  // The shadow check: zlib inflates the current input piece (ISA-L's
  // next_in/avail_in, left as they are) into scratch; throws on a fault.
  void shadow_check();
  // After the stream's end: the rest of the IDAT chunks (CRCs checked).
  void skip_idat_rest();

  enum class engine { undecided, isal, zlib };

  chunk_reader& chunks_;
  std::size_t row_bytes_;
  std::uint64_t image_bytes_;
  engine engine_ = engine::undecided;
  bool shadow_ = false;  // ISA-L engine: zlib still checks the input
  // The input cursor: ISA-L's next_in/avail_in, also for the zlib engine
  // (copied into zlib_ around each call), so feed() serves both.
  std::unique_ptr<inflate_state> state_;
  std::unique_ptr<z_stream> zlib_;  // zlib engine or shadow (~7 KiB + window)
  std::size_t row_left_ = 0;        // zlib engine: bytes to the current row's end
  bool ended_with_row_ = false;     // zlib engine: the call that ended the stream ended a row
  bool ended_ = false;              // ISA-L reached the end of the zlib stream
  bool idat_over_ = false;          // chunks_ is past the last IDAT
  int fault_ = 0;                   // ISA-L's error code once it met a fault
  std::uint64_t fault_at_ = 0;      // bytes of output before the fault
};

}  // namespace zc::png::detail
