#include "deflate_writer.hpp"

#include <zlib.h>

#include <stdexcept>

namespace zc::test {
namespace {

// RFC 1951 3.2.5: base and extra bits of each length (257-285) and
// distance (0-29) symbol.
constexpr unsigned length_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr unsigned distance_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr int distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// The order the code length code's lengths are sent in.
constexpr int code_length_order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                       11, 4,  12, 3, 13, 2, 14, 1, 15};

}  // namespace

deflate_writer::deflate_writer(unsigned cinfo) {
  const unsigned cmf = (cinfo & 15u) << 4 | 8u;
  const unsigned flg = 31u - (cmf * 256u) % 31u;  // no dictionary, FCHECK fixed up
  bytes_.push_back(static_cast<std::uint8_t>(cmf));
  bytes_.push_back(static_cast<std::uint8_t>(flg == 31u ? 0u : flg));
}

void deflate_writer::bits(std::uint32_t value, int count) {
  for (int i = 0; i < count; ++i) {
    pending_ |= (value >> i & 1u) << pending_bits_;
    if (++pending_bits_ == 8) {
      bytes_.push_back(static_cast<std::uint8_t>(pending_));
      pending_ = 0;
      pending_bits_ = 0;
    }
  }
}

void deflate_writer::code(std::uint32_t code, int length) {
  for (int i = length - 1; i >= 0; --i) bits(code >> i & 1u, 1);
}

deflate_writer::huffman deflate_writer::canonical(const std::vector<int>& lengths) {
  // RFC 1951 3.2.2, for any set of lengths (an over-subscribed set gets
  // codes that overlap; the tests never write those).
  int count[16] = {};
  for (const int l : lengths) ++count[l];
  count[0] = 0;
  std::uint32_t next[16] = {};
  std::uint32_t code = 0;
  for (int bits = 1; bits < 16; ++bits) {
    code = (code + static_cast<std::uint32_t>(count[bits - 1])) << 1;
    next[bits] = code;
  }
  huffman h;
  h.lengths = lengths;
  h.codes.resize(lengths.size());
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    if (lengths[s] != 0) h.codes[s] = next[lengths[s]]++;
  }
  return h;
}

deflate_writer::huffman deflate_writer::fixed_lit_len() {
  std::vector<int> lengths(288);
  for (std::size_t s = 0; s < 288; ++s) lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  return canonical(lengths);
}

void deflate_writer::put_symbol(const huffman& table, unsigned symbol) {
  if (symbol >= table.lengths.size() || table.lengths[symbol] == 0) {
    throw std::logic_error("deflate_writer: symbol without a code in this block");
  }
  code(table.codes[symbol], table.lengths[symbol]);
}

void deflate_writer::fixed_block(bool last) {
  bits(last ? 1u : 0u, 1);
  bits(1, 2);
  lit_len_ = fixed_lit_len();
  distance_ = canonical(std::vector<int>(32, 5));
}

void deflate_writer::dynamic_block(bool last, const std::vector<int>& lit_lengths,
                                   const std::vector<int>& dist_lengths) {
  bits(last ? 1u : 0u, 1);
  bits(2, 2);
  bits(static_cast<std::uint32_t>(lit_lengths.size() - 257), 5);
  bits(static_cast<std::uint32_t>(dist_lengths.size() - 1), 5);
  bits(19 - 4, 4);
  // A complete code length code: 0-12 in 4 bits, 13-18 in 5.
  std::vector<int> cl_lengths(19);
  for (std::size_t s = 0; s < 19; ++s) cl_lengths[s] = s < 13 ? 4 : 5;
  for (const int s : code_length_order) {
    bits(static_cast<std::uint32_t>(cl_lengths[static_cast<std::size_t>(s)]), 3);
  }
  const huffman cl = canonical(cl_lengths);
  for (const int l : lit_lengths) put_symbol(cl, static_cast<unsigned>(l));
  for (const int l : dist_lengths) put_symbol(cl, static_cast<unsigned>(l));
  lit_len_ = canonical(lit_lengths);
  distance_ = canonical(dist_lengths);
}

void deflate_writer::literal(std::uint8_t byte) {
  put_symbol(lit_len_, byte);
  output_.push_back(byte);
}

void deflate_writer::end_of_block() { put_symbol(lit_len_, 256); }

void deflate_writer::match(unsigned length, unsigned distance) {
  int ls = 28;
  while (length_base[ls] > length) --ls;
  put_symbol(lit_len_, static_cast<unsigned>(257 + ls));
  bits(length - length_base[ls], length_extra[ls]);
  int ds = 29;
  while (distance_base[ds] > distance) --ds;
  put_symbol(distance_, static_cast<unsigned>(ds));
  bits(distance - distance_base[ds], distance_extra[ds]);
  for (unsigned i = 0; i < length; ++i) {
    output_.push_back(distance <= output_.size() ? output_[output_.size() - distance] : 0);
  }
}

void deflate_writer::raw_lit_len_symbol(unsigned symbol) { put_symbol(lit_len_, symbol); }

void deflate_writer::raw_distance_symbol(unsigned symbol) { put_symbol(distance_, symbol); }

std::vector<std::uint8_t> deflate_writer::finish() {
  if (pending_bits_ > 0) bits(0, 8 - pending_bits_);
  const uLong adler =
      adler32(adler32(0, nullptr, 0), output_.data(), static_cast<uInt>(output_.size()));
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes_.push_back(static_cast<std::uint8_t>(adler >> shift));
  }
  return bytes_;
}

}  // namespace zc::test
