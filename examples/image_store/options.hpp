// Command line of the image-store pipeline.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace image_store {

/// How a stored PNG travels from the database to the decoder.
enum class read_path {
  blob_view,    ///< sqlite3_column_blob's bytes as a view (SQLite's value copy, none by us)
  blob_reader,  ///< sqlite3_blob_read of what libpng asks (<= 8 KiB): never whole in memory
};

/// Whether per-image lines or one live progress line are printed.
enum class progress_style {
  automatic,  ///< a live line when stdout is a terminal, per-image lines otherwise
  live,       ///< a live line, rewritten in place (--progress)
  lines,      ///< one line per image
  none,       ///< only the report (--quiet)
};

struct options {
  std::string images_dir;                       ///< folder of *.png to store
  std::string database = "image_store.sqlite";  ///< created if missing
  read_path via = read_path::blob_reader;       ///< never the whole compressed PNG in memory
  progress_style progress = progress_style::automatic;
  bool recursive = false;      ///< descend into sub-folders (names become relative paths)
  bool prune = false;          ///< delete rows whose file has disappeared
  unsigned jobs = 0;           ///< decode/analyse/encode threads; 0: one per core
  int level = -1;              ///< zlib level 0..9 of derived images; -1: encode_options::fast()
  int busy_timeout_ms = 5000;  ///< how long a database locked by another writer is waited for
};

/// The usage text for --help.
std::string usage(const std::string& program, const std::string& default_images);

/// Parses argv ("--opt VALUE" and "--opt=VALUE" alike).  Returns nullopt for
/// --help; throws zc::error(invalid_argument) for an unknown option, a
/// missing or malformed value.
std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& default_images);

/// The exit statuses, as documented by --help.
enum exit_status : int {
  exit_ok = 0,          ///< every PNG found is stored and decoded
  exit_bad_inputs = 1,  ///< the run finished; some files or stored images are bad (listed)
  exit_usage = 2,       ///< a usage error; nothing was done
  exit_stopped = 3,     ///< a fault (database, disk, folder) stopped the run; what was
                        ///< committed before it is kept, and running again finishes the job
};

}  // namespace image_store
