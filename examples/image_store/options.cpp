#include "options.hpp"

#include <cstdio>
#include <zc/error.hpp>

namespace image_store {

std::string usage(const std::string& program, const std::string& default_images) {
  return "usage: " + program +
         " [--images DIR] [--db FILE] [--via view|reader] [--quiet]\n"
         "\n"
         "Stores every *.png of DIR in an SQLite database (table `images`, one row per\n"
         "file, the PNG bytes in a blob), then decodes each stored PNG straight from\n"
         "the database into an Eigen matrix's storage, writes per-channel statistics\n"
         "(table `image_stats`) and derived images (table `derived`: an 8-bit luma\n"
         "image and a half-size thumbnail), and prints what moved and what was copied.\n"
         "\n"
         "  --images DIR    folder of PNG files (default: the bundled samples,\n"
         "                  " +
         default_images +
         ")\n"
         "  --db FILE       SQLite database, created if missing; images of the same\n"
         "                  name are replaced (default: image_store.sqlite)\n"
         "  --via view      decode from sqlite3_column_blob's bytes (default)\n"
         "  --via reader    decode from an incremental blob reader (sqlite3_blob_read\n"
         "                  in small chunks; the compressed PNG is never whole in memory)\n"
         "  --quiet         print only the final report\n"
         "  --help          this text\n"
         "\n"
         "Exit status: 0 when every image was stored and decoded, 1 when some input\n"
         "failed (each failure is reported; the others are still processed) or the\n"
         "database could not be used, 2 for a usage error.\n";
}

std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& default_images) {
  options out;
  out.images_dir = default_images;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) {
        throw zc::error(zc::errc::invalid_argument, "option " + arg + " expects a value");
      }
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      return std::nullopt;
    } else if (arg == "--images") {
      out.images_dir = value();
    } else if (arg == "--db") {
      out.database = value();
      // SQLite takes "" for a private temporary database deleted on close:
      // the run would "succeed" and keep nothing (e.g. --db "$UNSET_VAR").
      if (out.database.empty()) {
        throw zc::error(zc::errc::invalid_argument, "--db expects a file name, found ''");
      }
    } else if (arg == "--via") {
      const std::string& v = value();
      if (v == "view") {
        out.via = read_path::blob_view;
      } else if (v == "reader") {
        out.via = read_path::blob_reader;
      } else {
        throw zc::error(zc::errc::invalid_argument,
                        "--via expects 'view' or 'reader', found '" + v + "'");
      }
    } else if (arg == "--quiet" || arg == "-q") {
      out.quiet = true;
    } else {
      throw zc::error(zc::errc::invalid_argument, "unknown argument '" + arg + "' (see --help)");
    }
  }
  return out;
}

}  // namespace image_store
