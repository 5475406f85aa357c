// PNG chunks one at a time over a byte_input: header checks (length, name,
// size limit), the chunk's data in pieces, and its CRC.  The rules follow
// what libpng 1.6 does with the same bytes, so both decoders accept and
// refuse alike: a bad CRC on a critical chunk (IHDR, PLTE, IDAT, IEND) is an
// error, on an ancillary chunk a warning; a chunk longer than
// limits::max_chunk_bytes is a warning (libpng's benign "chunk data is too
// large"); a length above 2^31-1 or a name that is not four letters is an
// error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "byte_input.hpp"
#include "zc/png/limits.hpp"

namespace zc::png::detail {

/// A chunk type as the big-endian number of its four letters.
constexpr std::uint32_t chunk_tag(const char (&name)[5]) noexcept {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(name[0])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(name[3]));
}
inline constexpr std::uint32_t tag_ihdr = chunk_tag("IHDR");
inline constexpr std::uint32_t tag_plte = chunk_tag("PLTE");
inline constexpr std::uint32_t tag_idat = chunk_tag("IDAT");
inline constexpr std::uint32_t tag_iend = chunk_tag("IEND");
inline constexpr std::uint32_t tag_trns = chunk_tag("tRNS");

/// Critical chunks have an upper-case first letter.
constexpr bool is_critical(std::uint32_t tag) noexcept { return (tag & 0x20000000u) == 0; }

/// CRC-32 (ISO 3309, as PNG and gzip use it) of `n` bytes continuing `crc`
/// (0 to start).
std::uint32_t png_crc(std::uint32_t crc, const std::byte* data, std::size_t n) noexcept;

class chunk_reader {
 public:
  /// `idat_limit`: the largest IDAT length libpng accepts without a warning
  /// for this image (see png_check_chunk_length).
  chunk_reader(byte_input& in, const limits& lim, std::uint64_t idat_limit);

  /// Reads the next chunk's 8-byte header and checks it.
  void next();
  [[nodiscard]] std::uint32_t type() const noexcept { return type_; }
  [[nodiscard]] std::uint32_t remaining() const noexcept { return remaining_; }
  /// Up to `max` bytes of the current chunk's data (at least one while
  /// remaining() > 0): in place for memory sources, else in an internal
  /// buffer of at most `buffer_bytes`.  Valid until the next call.  Updates
  /// the CRC.
  const std::byte* piece(std::size_t max, std::size_t& got);
  /// Skips the rest of the chunk's data, reads its CRC and checks it
  /// (critical: zc::error(backend); ancillary: a warning, and false so
  /// that the caller drops what it read of the chunk).
  bool finish();
  /// The public call and source, for messages.
  [[nodiscard]] const std::string& what() const noexcept { return in_.what(); }
  /// "IDAT", for messages.
  [[nodiscard]] std::string name() const;

  [[nodiscard]] int warnings() const noexcept { return warnings_; }
  void warn() noexcept { ++warnings_; }
  /// Bytes of the internal buffer (0 for memory sources until needed).
  static constexpr std::size_t buffer_bytes = std::size_t{32} << 10;
  /// IDAT data goes to the inflater in libpng's pieces (PNG_IDAT_READ_SIZE,
  /// from each chunk's start), so both meet a damaged stream's end alike.
  static constexpr std::size_t idat_piece_bytes = 8192;

 private:
  byte_input& in_;
  std::uint64_t chunk_limit_;  // bytes; larger non-IDAT chunks warn
  std::uint64_t idat_limit_;   // bytes; larger IDAT chunks warn
  std::uint32_t type_ = 0;
  std::uint32_t remaining_ = 0;  // data bytes of the current chunk not yet read
  std::uint32_t crc_ = 0;        // running CRC of type and data read so far
  int warnings_ = 0;
  std::unique_ptr<std::byte[]> buffer_;  // buffer_bytes, for FILE* and streams
};

}  // namespace zc::png::detail
