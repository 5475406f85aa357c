// The fast decoder's view of the opened source (../endpoints.hpp): exact
// reads that never go past what is asked (so a FILE* or byte stream is left
// just past IEND), and for memory sources the bytes in place, without a
// copy (byte_source::borrow).
//
// Lifetime: lives in the fast decoder; the opened source outlives it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "../endpoints.hpp"

namespace zc::png::detail {

class byte_input {
 public:
  explicit byte_input(opened_source& in);

  /// Up to `n` bytes into `out`; returns how many came (fewer only at the
  /// end of the input).  The source's errors as opened_source::rethrow
  /// says: a FILE*'s is errc::io naming the call, a caller's stream's
  /// exception propagates as it is.
  std::size_t read_some(std::byte* out, std::size_t n);
  /// Exactly `n` bytes, or zc::error(truncated) saying where the data ended.
  void read_exact(std::byte* out, std::size_t n);
  /// Sources in memory: the next `n` bytes in place (truncated error when
  /// fewer are left).  Null for other sources.
  const std::byte* borrow(std::size_t n);
  /// Bytes taken from the source so far.
  [[nodiscard]] std::uint64_t consumed() const noexcept { return consumed_; }
  [[nodiscard]] const std::string& what() const noexcept { return in_.what(); }

 private:
  [[noreturn]] void throw_truncated(std::size_t asked, std::size_t got) const;

  opened_source& in_;
  bool lends_;                  // the source lends its bytes in place (memory)
  std::uint64_t consumed_ = 0;  // bytes
};

}  // namespace zc::png::detail
