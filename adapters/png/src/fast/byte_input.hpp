// The fast decoder's view of a PNG source: exact reads that never go past
// what is asked (so a FILE* or byte stream is left just past IEND), and for
// memory sources the bytes in place, without a copy.
//
// Lifetime: lives in decode_into's frame; a path source is opened here and
// closed by the destructor.  FILE*, memory and streams are borrowed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "zc/png/source.hpp"

namespace zc::png::detail {

class byte_input {
 public:
  /// `what` names the call for messages ("png::decode_into(file 'x.png')").
  byte_input(const source& src, std::string what);
  ~byte_input();
  byte_input(const byte_input&) = delete;
  byte_input& operator=(const byte_input&) = delete;

  /// Up to `n` bytes into `out`; returns how many came (fewer only at the
  /// end of the input).  A FILE* error is errc::io; a stream's exception
  /// propagates as it is.
  std::size_t read_some(std::byte* out, std::size_t n);
  /// Exactly `n` bytes, or zc::error(truncated) saying where the data ended.
  void read_exact(std::byte* out, std::size_t n);
  /// Memory sources: the next `n` bytes in place (truncated error when
  /// fewer are left).  Null for other sources.
  const std::byte* borrow(std::size_t n);
  [[nodiscard]] bool in_memory() const noexcept { return memory_ != nullptr; }
  /// Bytes taken from the source so far.
  [[nodiscard]] std::uint64_t consumed() const noexcept { return consumed_; }
  [[nodiscard]] const std::string& what() const noexcept { return what_; }
  /// A path source's FILE*, handed to the caller (who closes it) with what
  /// was read from it so far gone; null for other sources.  This input reads
  /// nothing afterwards.
  [[nodiscard]] std::FILE* release_file() noexcept;

 private:
  [[noreturn]] void throw_truncated(std::size_t asked, std::size_t got) const;

  std::string what_;
  const std::byte* memory_ = nullptr;  // borrowed: the caller's view
  std::uint64_t memory_size_ = 0;      // bytes
  std::FILE* file_ = nullptr;          // borrowed, or owned when owns_file_
  bool owns_file_ = false;
  zc::byte_source* stream_ = nullptr;  // borrowed
  std::uint64_t consumed_ = 0;         // bytes
};

}  // namespace zc::png::detail
