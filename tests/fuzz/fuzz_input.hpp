// What every libFuzzer target here shares: how a broken invariant ends the
// run, and how fields are drawn from the fuzzer's bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace zc::fuzz {

/// Ends the run as a finding (libFuzzer saves the input that got here);
/// `what` names the invariant that broke.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

/// The fuzzer's bytes, read front to back.  Every field falls back to 0
/// when the input runs out, so any input is a complete test case.
struct input {
  const std::uint8_t* p;  ///< next unread byte (borrowed from libFuzzer)
  std::size_t n;          ///< bytes left

  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  /// Eight bytes, big-endian.
  std::uint64_t raw64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
    return v;
  }
  /// Mostly small numbers (-32..95); with the first byte's top bit set,
  /// eight raw bytes (any int64, so overflow paths are reached).
  std::int64_t number() {
    const std::uint8_t c = byte();
    if ((c & 0x80) != 0) return static_cast<std::int64_t>(raw64());
    return static_cast<std::int64_t>(c) - 32;
  }
};

}  // namespace zc::fuzz
