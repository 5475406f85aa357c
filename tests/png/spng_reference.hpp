// libspng as the independent reference decoder (test-only dependency).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zc::test {

/// What the reference decoded: samples in C order (H, W, C), one value per
/// sample (sub-byte samples unpacked, 16-bit samples as numbers).
struct reference_image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int channels = 0;
  int bit_depth = 0;  // of the returned samples: 8 or 16
  std::vector<std::uint16_t> samples;
};

/// The three output formats compared.
enum class reference_format {
  file_format,  // SPNG_FMT_PNG: the file's own channels and depth, no tRNS
  rgba8,        // SPNG_FMT_RGBA8 with tRNS applied
  rgba16,       // SPNG_FMT_RGBA16 with tRNS applied
};

/// Decodes `png` with libspng (no gamma).  Throws std::runtime_error with
/// spng's message on failure.
reference_image spng_decode(const std::vector<std::byte>& png, reference_format format);

}  // namespace zc::test
