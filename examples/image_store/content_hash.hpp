// A fast 64-bit hash of a file's bytes: what the incremental run compares
// to tell a changed file from an unchanged one whose time was touched.  Not
// cryptographic (it finds edits, not an adversary's collisions); its value
// is stored in images.content_hash, so it must never change for a layout.
#pragma once

#include <cstddef>
#include <cstdint>

namespace image_store {

/// Hash of `n` bytes at `data` (four independent multiply-rotate lanes over
/// 32-byte blocks, little-endian loads, then a final avalanche).  Cheap next
/// to decoding: a re-run over the 503 MiB benchmark corpus, which maps and
/// hashes every file, took 0.25-0.42 s (bench/results/image_store_bench.md).
std::uint64_t content_hash64(const std::byte* data, std::size_t n) noexcept;

}  // namespace image_store
