#include "chunk_reader.hpp"

#include <isa-l/crc.h>

#include <string>

#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

std::uint32_t load_be32(const std::byte* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}

bool is_letter(std::uint32_t c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::uint32_t png_crc(std::uint32_t crc, const std::byte* data, std::size_t n) noexcept {
  // ISA-L's folding CRC (PCLMULQDQ where the CPU has it) computes the same
  // reflected CRC-32 as zlib's crc32(), several times faster.
  return crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(data), n);
}

chunk_reader::chunk_reader(byte_input& in, const limits& lim, std::uint64_t idat_limit)
    : in_(in), idat_limit_(idat_limit) {
  constexpr std::uint64_t uint31_max = 0x7fffffffu;
  chunk_limit_ = lim.max_chunk_bytes > 0 && lim.max_chunk_bytes < uint31_max
                     ? static_cast<std::uint64_t>(lim.max_chunk_bytes)
                     : uint31_max;
  if (idat_limit_ < chunk_limit_) idat_limit_ = chunk_limit_;
}

std::string chunk_reader::name() const {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i)
    s[static_cast<std::size_t>(i)] = static_cast<char>(type_ >> (24 - 8 * i));
  return s;
}

void chunk_reader::next() {
  std::byte header[8];
  in_.read_exact(header, 8);
  const std::uint32_t length = load_be32(header);
  type_ = load_be32(header + 4);
  if (length > 0x7fffffffu) {
    throw error(errc::backend, in_.what() + ": chunk length " + std::to_string(length) +
                                   " is above the PNG maximum of 2^31-1");
  }
  for (int shift = 0; shift < 32; shift += 8) {
    if (!is_letter(type_ >> shift & 0xffu)) {
      throw error(errc::backend, in_.what() + ": invalid chunk type (expected four letters)");
    }
  }
  if (length > (type_ == tag_idat ? idat_limit_ : chunk_limit_)) ++warnings_;
  remaining_ = length;
  crc_ = png_crc(0, header + 4, 4);
}

const std::byte* chunk_reader::piece(std::size_t max, std::size_t& got) {
  std::size_t n = remaining_ < max ? remaining_ : max;
  const std::byte* p = in_.borrow(n);
  if (p == nullptr) {
    if (!buffer_) buffer_ = std::make_unique<std::byte[]>(buffer_bytes);
    if (n > buffer_bytes) n = buffer_bytes;
    in_.read_exact(buffer_.get(), n);
    p = buffer_.get();
  }
  crc_ = png_crc(crc_, p, n);
  remaining_ -= static_cast<std::uint32_t>(n);
  got = n;
  return p;
}

bool chunk_reader::finish() {
  std::size_t got = 0;
  while (remaining_ > 0) (void)piece(buffer_bytes, got);
  std::byte stored[4];
  in_.read_exact(stored, 4);
  if (load_be32(stored) == crc_) return true;
  if (is_critical(type_)) {
    throw error(errc::backend, in_.what() + ": " + name() + ": CRC error");
  }
  ++warnings_;
  return false;
}

}  // namespace zc::png::detail
