// The stages of the image-store job and what they count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "options.hpp"
#include "progress.hpp"

struct sqlite3;

namespace image_store {

/// A fault that stops the run (database locked, read-only or full; folder
/// unreadable).  The message names the file or folder and the operation in
/// words, then SQLite's or the system's reason.
class run_stopped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Why an operation failed, in words: for SQLite errors the result code's
/// text (sqlite3_errstr: "database or disk is full") and name, never the
/// statement, plus the system's reason for an I/O error when `db` is given
/// (RLIMIT_FSIZE shows as SQLITE_IOERR_WRITE with EFBIG); for everything
/// else the exception's message.
std::string reason_of(const std::exception& e, sqlite3* db = nullptr);

/// Throws run_stopped("<doing><joiner> database '<file>': <reason>"), e.g.
/// "cannot store 'x.png' in database 'y.sqlite': database is locked".
[[noreturn]] void stop_with_database_error(const std::string& doing, const std::string& database,
                                           const std::exception& e, sqlite3* db = nullptr,
                                           const char* joiner = " in");

/// A PNG file found in the folder.
struct found_file {
  std::filesystem::path path;  ///< to open
  std::string name;            ///< relative to the folder, '/' separated: the row's key
};

/// What the folder holds.
struct folder_scan {
  std::vector<found_file> files;  ///< regular *.png files, sorted by name
  /// *.png entries that are not regular files, and sub-folders that could not
  /// be read (name, reason), sorted.
  std::vector<std::pair<std::string, std::string>> rejected;
  std::size_t skipped_folders = 0;  ///< sub-folders not entered (no --recursive)
};

/// What this run did, counted when the transaction holding it committed (so
/// a run stopped by a fault never counts what was rolled back).  Bytes are
/// bytes; "copied" counts are zc::bytes_copied() deltas.
struct run_stats {
  std::size_t files_found = 0;          ///< *.png entries, including rejected ones
  std::size_t unchanged = 0;            ///< size, time and content hash as stored: skipped
  std::size_t stored_new = 0;           ///< rows inserted
  std::size_t stored_changed = 0;       ///< rows replaced (content hash differed)
  std::size_t touched = 0;              ///< only size/time updated (same content hash)
  std::size_t vanished = 0;             ///< rows whose file is gone from the folder
  std::size_t pruned = 0;               ///< of those, deleted (--prune)
  std::size_t decoded_ok = 0;           ///< images analysed, results committed
  std::size_t decoded_bad = 0;          ///< images marked bad, committed
  std::size_t decoded_fast = 0;         ///< of the ok ones, decoded by the PNG fast path
  std::uint64_t png_bytes_stored = 0;   ///< PNG file bytes committed into SQLite
  std::uint64_t png_bytes_read = 0;     ///< PNG bytes the decoders read from the database
  std::uint64_t pixel_bytes = 0;        ///< decoded pixel bytes
  std::uint64_t derived_png_bytes = 0;  ///< derived PNG bytes committed
  std::uint64_t copied_ingest = 0;      ///< by zcbridge: file -> SQLite
  std::uint64_t copied_analyse = 0;     ///< by zcbridge, all threads: decode, luma, thumbnail
  std::size_t identities_checked = 0;   ///< pointer identities asserted (all held, or we threw)
  unsigned jobs = 1;                    ///< threads that decoded
  std::vector<std::string> failures;    ///< one line per input that failed in this run

  /// Adds the counts of a batch whose transaction just committed (every
  /// counter; jobs and failures are the run's, not a batch's).
  void add_committed(const run_stats& batch) noexcept;
};

/// Lists the *.png files of `dir` (and of its sub-folders when `recursive`).
/// Throws run_stopped if `dir` is not a readable folder.
folder_scan scan_folder(const std::filesystem::path& dir, bool recursive);

/// Stores new and changed files, updates touched ones, reports (and with
/// opts.prune deletes) vanished rows.  Commits in batches: a fault keeps
/// the batches before it and throws run_stopped.
void ingest(sqlite3* db, const options& opts, const folder_scan& scan, run_stats& stats,
            progress_display& progress);

/// Decodes every 'pending' image on opts.jobs threads, each reading through
/// its own connection; one writer (the calling thread) commits statistics,
/// derived images and the status in batches.  A fault throws run_stopped
/// after the workers stopped (batches committed before it are kept).
void analyse(sqlite3* db, const options& opts, run_stats& stats, progress_display& progress);

/// Test hooks, for the tests that change a file at a chosen moment
/// (store_test.sh while_read).  Only the test build of these sources
/// (image_store_with_test_hooks: IMAGE_STORE_TEST_HOOKS defined, test_hooks.cpp)
/// has them: IMAGE_STORE_TEST_HOOK(name) runs the shell command in the
/// environment variable `name`, once per process, if it is set.  In the
/// shipped program the macro expands to nothing, so not even the variable's
/// name is in the binary (example.image_store.no_test_hooks checks).
#if defined(IMAGE_STORE_TEST_HOOKS)
void run_test_hook(const char* name);
#define IMAGE_STORE_TEST_HOOK(name) ::image_store::run_test_hook(name)
#else
#define IMAGE_STORE_TEST_HOOK(name) static_cast<void>(0)
#endif

}  // namespace image_store
