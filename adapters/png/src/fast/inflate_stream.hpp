// The IDAT data of one PNG as a zlib stream, inflated by ISA-L (igzip)
// straight out of the chunks: the zlib header is checked, and so is the
// Adler-32 of everything inflated.  Input comes chunk piece by chunk piece
// (in place for memory sources), so nothing beyond ISA-L's state (about
// 85 KiB) and one input buffer is held.
#pragma once

#include <isa-l/igzip_lib.h>

#include <cstddef>
#include <cstdint>
#include <memory>

#include "chunk_reader.hpp"

namespace zc::png::detail {

class inflate_stream {
 public:
  /// `chunks` is positioned on the first IDAT (its header read).
  explicit inflate_stream(chunk_reader& chunks);

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

 private:
  // Gives ISA-L the next piece of IDAT data; false when the IDAT chunks
  // ended (chunks_ then holds the next chunk's header).
  bool feed();
  [[noreturn]] void fail(int code) const;
  // Inflated bytes ISA-L holds in its own buffer, not yet handed out.
  [[nodiscard]] std::size_t pending_bytes() const noexcept;
  // After a fault: hands out the bytes inflated before it, then throws.
  std::size_t drain_after_fault(std::uint8_t* out, std::size_t capacity);

  chunk_reader& chunks_;
  std::unique_ptr<inflate_state> state_;
  bool ended_ = false;          // ISA-L reached the end of the zlib stream
  bool idat_over_ = false;      // chunks_ is past the last IDAT
  int fault_ = 0;               // ISA-L's error code once it met a fault
  std::uint64_t fault_at_ = 0;  // bytes of output before the fault
};

}  // namespace zc::png::detail
