// The two stages of the image-store job and what they measure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "options.hpp"

struct sqlite3;

namespace image_store {

/// What the run did, for the report.  Byte counts are bytes; "copied" counts
/// are zc::bytes_copied() deltas, i.e. element bytes zcbridge itself copied.
struct run_stats {
  std::size_t files_found = 0;          ///< *.png files in the folder
  std::size_t stored = 0;               ///< rows written by this run
  std::size_t decoded = 0;              ///< stored images decoded and analysed
  std::uint64_t png_bytes_stored = 0;   ///< PNG file bytes bound into SQLite
  std::uint64_t png_bytes_read = 0;     ///< PNG bytes the decoder read from the database
  std::uint64_t pixel_bytes = 0;        ///< decoded pixel bytes written into Eigen storage
  std::uint64_t derived_png_bytes = 0;  ///< encoded derived PNG bytes stored
  std::uint64_t copied_ingest = 0;      ///< file -> SQLite
  std::uint64_t copied_decode = 0;      ///< SQLite -> PNG decoder -> Eigen storage
  std::uint64_t copied_luma = 0;        ///< Eigen storage -> PNG encoder (contiguous rows)
  std::uint64_t copied_thumbnail = 0;   ///< strided thumbnail view -> PNG encoder (row buffer)
  std::size_t identities_checked = 0;   ///< pointer identities asserted (all held, or we threw)
  std::vector<std::string> failures;    ///< one line per input that failed
};

/// Receives one progress line per image (may be ignored).
using progress_fn = std::function<void(const std::string&)>;

/// Creates the tables if missing.
void create_schema(sqlite3* db);

/// The *.png files of `dir`, sorted by name.  A *.png entry that is not a
/// regular file (a folder, FIFO, broken link, link loop) is counted in
/// stats.files_found and recorded in stats.failures.  Throws zc::error(io)
/// if `dir` is not a readable folder.
std::vector<std::filesystem::path> list_pngs(const std::filesystem::path& dir, run_stats& stats,
                                             const progress_fn& progress);

/// Stores each file (header checked first; a bad file is recorded in
/// stats.failures and skipped).  One transaction: a database error leaves
/// the database as it was and throws.
void ingest(sqlite3* db, const std::vector<std::filesystem::path>& files, run_stats& stats,
            const progress_fn& progress);

/// Decodes every stored image straight from the database into an Eigen
/// matrix, writes its statistics and derived images (one transaction per
/// image; a failing image is recorded and skipped).
void analyse(sqlite3* db, read_path via, run_stats& stats, const progress_fn& progress);

}  // namespace image_store
