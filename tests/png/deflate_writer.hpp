// Handcrafted zlib streams for the tests that feed decoders invalid deflate
// data on purpose: every symbol is chosen by the test (fixed or dynamic
// Huffman codes, any code length set, any distance), so a stream can break
// exactly one rule of RFC 1950/1951 at a chosen output position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zc::test {

class deflate_writer {
 public:
  /// Starts a zlib stream: CMF with window field `cinfo` (0-15) and method
  /// 8, and an FLG that makes the header check pass.
  explicit deflate_writer(unsigned cinfo = 7);

  /// Raw bits, least significant first (block headers, extra bits).
  void bits(std::uint32_t value, int count);
  /// A Huffman code of `length` bits, most significant bit first.
  void code(std::uint32_t code, int length);

  /// A block header with the fixed codes (BTYPE 01).
  void fixed_block(bool last);
  /// A block header with dynamic codes (BTYPE 10) of these code lengths
  /// (257-288 lit/len, 1-32 distance; any set, valid or not: the code
  /// length code gives every length 0-15 a code, so each is sent as is).
  void dynamic_block(bool last, const std::vector<int>& lit_lengths,
                     const std::vector<int>& dist_lengths);

  /// Symbols in the current block's codes.  `literal` also records the
  /// byte in output(); `match` copies from output() (zeros where the
  /// distance reaches before the start).
  void literal(std::uint8_t byte);
  void end_of_block();
  void match(unsigned length, unsigned distance);
  /// A lit/len symbol (0-287) or distance symbol (0-31) with no extra bits
  /// and no effect on output(): for the invalid codes 286/287 and 30/31.
  void raw_lit_len_symbol(unsigned symbol);
  void raw_distance_symbol(unsigned symbol);

  /// Byte-aligns, appends the Adler-32 of output() and returns the stream.
  [[nodiscard]] std::vector<std::uint8_t> finish();
  /// What a decoder produces from the symbols written so far.
  [[nodiscard]] const std::vector<std::uint8_t>& output() const noexcept { return output_; }

 private:
  struct huffman {
    std::vector<std::uint32_t> codes;
    std::vector<int> lengths;
  };
  static huffman canonical(const std::vector<int>& lengths);
  static huffman fixed_lit_len();
  void put_symbol(const huffman& table, unsigned symbol);

  std::vector<std::uint8_t> bytes_;
  std::uint32_t pending_ = 0;  // bits not yet a whole byte
  int pending_bits_ = 0;
  huffman lit_len_;
  huffman distance_;
  std::vector<std::uint8_t> output_;
};

}  // namespace zc::test
