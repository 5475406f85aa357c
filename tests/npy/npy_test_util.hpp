// Building .npy bytes by hand for the npy suites: any dict text, version
// and payload, so headers that lie can be written as easily as good ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace zc::test {

/// Magic, version major.0, the little-endian length of `dict` (2 bytes for
/// version 1, 4 otherwise), `dict` as given (no padding added), `payload`.
inline std::vector<std::byte> npy_bytes(const std::string& dict, int major = 1,
                                        const std::string& payload = "") {
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  for (std::size_t i = 0; i < length_bytes; ++i) {
    out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  }
  out += dict;
  out += payload;
  std::vector<std::byte> bytes(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) bytes[i] = static_cast<std::byte>(out[i]);
  return bytes;
}

inline void write_bytes(const std::string& path, std::span<const std::byte> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

inline std::vector<std::byte> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string s{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::byte> bytes(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) bytes[i] = static_cast<std::byte>(s[i]);
  return bytes;
}

}  // namespace zc::test
