// One stored image decoded and analysed on a worker thread: what it yields
// for the writer.  No database writes here.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>
#include <zc/png.hpp>

#include "options.hpp"

struct sqlite3;

namespace image_store {

/// A row of `images` waiting for analysis.
struct pending_image {
  std::int64_t id = 0;
  std::string name;
  std::int64_t width = 0;   // pixels
  std::int64_t height = 0;  // pixels
  int channels = 0;         // in the file
  int bit_depth = 0;        // in the file
  int color_type = 0;
  bool has_trns = false;
  std::int64_t png_bytes = 0;  // length of the stored PNG
};

struct channel_stats {
  double mean = 0, stddev = 0, min = 0, max = 0;  // sample units
};

/// What a worker hands the writer for one image.
struct analysis_result {
  std::size_t index = 0;  ///< into the pending list
  bool bad = false;       ///< the stored PNG cannot be decoded
  std::string error;      ///< why, when bad
  std::vector<channel_stats> stats;
  std::vector<std::byte> luma_png, thumbnail_png;  ///< encoded derived images
  std::int64_t luma_width = 0, luma_height = 0, thumbnail_width = 0, thumbnail_height = 0;
  std::uint64_t png_bytes_read = 0, pixel_bytes = 0;
  std::size_t identities_checked = 0;
  bool fast_decoder = false;  ///< the PNG fast path decoded it (else libpng)
  std::string line;           ///< the per-image progress line
};

/// Where a worker is with its image, read by the progress line.
struct image_progress {
  std::atomic<std::uint64_t> bytes_read{0};  ///< of the stored PNG, pulled by the decoder
  std::atomic<bool> decoded{false};          ///< rows done; analysing and encoding now
};

/// A failure that is not the image's fault (the database could not be
/// read): it stops the run instead of marking the image bad.
struct read_fault {
  std::string message;
};

/// Decodes `img` from `db` (the worker's own connection) and analyses it.
/// `progress` follows the decoder through the stored PNG.
/// Throws read_fault for a database failure; a PNG that cannot be decoded
/// gives a result with bad = true.
analysis_result analyse_image(sqlite3* db, const pending_image& img, read_path via,
                              const zc::png::encode_options& encoding, image_progress& progress);

}  // namespace image_store
