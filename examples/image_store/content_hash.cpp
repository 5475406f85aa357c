#include "content_hash.hpp"

#include <bit>
#include <cstring>

namespace image_store {
namespace {

constexpr std::uint64_t prime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t prime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t prime3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t prime4 = 0x85EBCA77C2B2AE63ULL;

std::uint64_t load64(const std::byte* p) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

std::uint64_t mix_lane(std::uint64_t lane, std::uint64_t input) noexcept {
  return std::rotl(lane + input * prime2, 31) * prime1;
}

}  // namespace

std::uint64_t content_hash64(const std::byte* data, std::size_t n) noexcept {
  const std::byte* p = data;
  const std::byte* const end = data + n;
  std::uint64_t h = prime4 ^ static_cast<std::uint64_t>(n);
  if (n >= 32) {
    std::uint64_t lanes[4] = {prime1 + prime2, prime2, 0, 0 - prime1};
    for (; end - p >= 32; p += 32) {
      for (int i = 0; i < 4; ++i) lanes[i] = mix_lane(lanes[i], load64(p + 8 * i));
    }
    h += std::rotl(lanes[0], 1) + std::rotl(lanes[1], 7) + std::rotl(lanes[2], 12) +
         std::rotl(lanes[3], 18);
    for (const std::uint64_t lane : lanes) h = (h ^ mix_lane(0, lane)) * prime1 + prime4;
  }
  for (; end - p >= 8; p += 8) h = std::rotl(h ^ mix_lane(0, load64(p)), 27) * prime1 + prime4;
  for (; p < end; ++p) {
    h = std::rotl(h ^ (static_cast<std::uint64_t>(*p) * prime3), 11) * prime1;
  }
  h ^= h >> 33;
  h *= prime2;
  h ^= h >> 29;
  h *= prime3;
  h ^= h >> 32;
  return h;
}

}  // namespace image_store
