// Safety limits against hostile PNG files, and an optional counter of
// libpng's own heap use.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zc::png {

/// Limits applied while reading.  Defaults are sane for photos and scans;
/// raise them deliberately for larger images.
struct limits {
  /// Largest accepted image width / height, pixels (libpng's user limits).
  std::uint32_t max_width = 1'000'000;
  std::uint32_t max_height = 1'000'000;
  /// Largest accepted decoded image, bytes (rows x row bytes after the
  /// requested conversions).  Checked before a single row is decoded.
  std::uint64_t max_bytes = std::uint64_t{1} << 30;
  /// Largest number of ancillary chunks libpng keeps (tEXt, zTXt, iTXt,
  /// sPLT, unknown); later ones are skipped with a warning.  0 keeps none.
  std::uint32_t max_chunk_cache = 1000;
  /// Largest single ancillary-chunk allocation by libpng, bytes.  libpng's
  /// and zlib's fixed working memory (inflate window, IDAT buffer: up to
  /// 64 KiB in all) is not a chunk and stays allowed below this limit.
  std::size_t max_chunk_bytes = 8'000'000;
};

/// libpng's own heap use during one read or write (its structs, zlib state,
/// row buffers).  Pass a pointer in the options to have it filled; counts
/// accumulate, so one object can span several calls.
struct memory_stats {
  std::size_t allocations = 0;  ///< malloc calls
  std::size_t bytes = 0;        ///< bytes requested in all
  std::size_t largest = 0;      ///< largest single request, bytes
  std::size_t live = 0;         ///< bytes currently allocated
  std::size_t peak = 0;         ///< largest value `live` reached, bytes
};

}  // namespace zc::png
