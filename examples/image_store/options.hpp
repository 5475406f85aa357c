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

struct options {
  std::string images_dir;                       ///< folder of *.png to store (not recursive)
  std::string database = "image_store.sqlite";  ///< created if missing; rows are upserted
  read_path via = read_path::blob_view;
  bool quiet = false;  ///< no per-image progress lines, only the report
};

/// The usage text for --help.
std::string usage(const std::string& program, const std::string& default_images);

/// Parses argv.  Returns nullopt after printing help (--help); throws
/// zc::error(invalid_argument) for an unknown option or a missing value.
std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& default_images);

}  // namespace image_store
