#include "options.hpp"

#include <charconv>
#include <zc/error.hpp>

namespace image_store {

std::string usage(const std::string& program, const std::string& default_images) {
  return "usage: " + program +
         " [--images DIR] [--db FILE] [--recursive] [--prune] [--jobs N]\n"
         "       [--level N] [--via view|reader] [--busy-timeout MS] [--progress|--lines|--quiet]\n"
         "\n"
         "Stores every *.png of DIR in an SQLite database (table `images`, one row per\n"
         "file, the PNG bytes in a blob), then decodes each stored PNG straight from\n"
         "the database, writes per-channel statistics (table `image_stats`) and derived\n"
         "images (table `derived`: an 8-bit luma image and a half-size thumbnail), and\n"
         "reports what the database holds afterwards.\n"
         "\n"
         "Incremental: a file whose size, modification time and content hash match its\n"
         "row is neither stored nor decoded again; a changed file replaces its row, and\n"
         "its statistics and derived images are made anew.  A stored image that fails\n"
         "to decode is marked 'bad' with the reason (table image_state) and is not\n"
         "decoded again until its file changes.\n"
         "\n"
         "Options take their value as --opt VALUE or --opt=VALUE.\n"
         "  --images DIR        folder of PNG files (default: the bundled samples,\n"
         "                      " +
         default_images +
         ")\n"
         "  --db FILE           SQLite database, created if missing (default:\n"
         "                      image_store.sqlite); put in WAL mode\n"
         "  --recursive, -r     also store the PNGs of sub-folders (named by their path\n"
         "                      relative to DIR); without it sub-folders are counted\n"
         "                      and reported as skipped\n"
         "  --prune             delete the rows of files no longer in DIR (without it\n"
         "                      they are reported and kept)\n"
         "  --jobs N, -j N      decode, analyse and encode on N threads, each reading\n"
         "                      through its own connection; one writer thread commits\n"
         "                      in batches (default: the number of cores)\n"
         "  --level N           zlib level 0-9 for the derived images, with libpng's\n"
         "                      adaptive filters (default: encode_options::fast())\n"
         "  --via reader        decode from an incremental blob reader (sqlite3_blob_read\n"
         "                      of what libpng asks, at most 8 KiB at a time: the\n"
         "                      compressed PNG is never whole in memory; default)\n"
         "  --via view          decode from sqlite3_column_blob's bytes (SQLite assembles\n"
         "                      the whole blob in memory first)\n"
         "  --busy-timeout MS   wait this long for a database another program is\n"
         "                      writing (default 5000)\n"
         "  --progress          a live progress line rewritten in place (default when\n"
         "                      stdout is a terminal)\n"
         "  --lines             one line per image (default otherwise)\n"
         "  --quiet, -q         print only the final report\n"
         "  --help, -h          this text\n"
         "\n"
         "Exit status:\n"
         "  0  every PNG file is stored and decoded\n"
         "  1  the run finished, but some files could not be stored or some stored\n"
         "     images cannot be decoded (each is listed; the others are processed)\n"
         "  2  usage error (nothing was done)\n"
         "  3  a fault stopped the run (database locked, read-only or full, the folder\n"
         "     unreadable): what was committed before it is kept and reported, and\n"
         "     running the same command again finishes the job\n";
}

namespace {

long parse_int(const std::string& option, const std::string& text, long lo, long hi) {
  long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < lo || value > hi) {
    throw zc::error(zc::errc::invalid_argument, option + " expects a whole number from " +
                                                    std::to_string(lo) + " to " +
                                                    std::to_string(hi) + ", found '" + text + "'");
  }
  return value;
}

}  // namespace

std::optional<options> parse_options(const std::vector<std::string>& args,
                                     const std::string& default_images) {
  options out;
  out.images_dir = default_images;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;  // from --opt=VALUE
    if (arg.rfind("--", 0) == 0) {
      const auto eq = arg.find('=');
      if (eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg.resize(eq);
      }
    }
    const auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) {
        throw zc::error(zc::errc::invalid_argument, "option " + arg + " expects a value");
      }
      return args[++i];
    };
    const auto flag = [&] {
      if (inline_value) {
        throw zc::error(zc::errc::invalid_argument, "option " + arg + " takes no value");
      }
    };
    if (arg == "--help" || arg == "-h") {
      return std::nullopt;
    } else if (arg == "--images") {
      out.images_dir = value();
      if (out.images_dir.empty()) {
        throw zc::error(zc::errc::invalid_argument, "--images expects a folder, found ''");
      }
    } else if (arg == "--db") {
      out.database = value();
      // SQLite takes "" for a private temporary database deleted on close:
      // the run would "succeed" and keep nothing (e.g. --db "$UNSET_VAR").
      if (out.database.empty()) {
        throw zc::error(zc::errc::invalid_argument, "--db expects a file name, found ''");
      }
    } else if (arg == "--via") {
      const std::string v = value();
      if (v == "view") {
        out.via = read_path::blob_view;
      } else if (v == "reader") {
        out.via = read_path::blob_reader;
      } else {
        throw zc::error(zc::errc::invalid_argument,
                        "--via expects 'view' or 'reader', found '" + v + "'");
      }
    } else if (arg == "--jobs" || arg == "-j") {
      out.jobs = static_cast<unsigned>(parse_int(arg, value(), 1, 256));
    } else if (arg == "--level") {
      out.level = static_cast<int>(parse_int(arg, value(), 0, 9));
    } else if (arg == "--busy-timeout") {
      out.busy_timeout_ms = static_cast<int>(parse_int(arg, value(), 0, 3600000));
    } else if (arg == "--recursive" || arg == "-r") {
      flag();
      out.recursive = true;
    } else if (arg == "--prune") {
      flag();
      out.prune = true;
    } else if (arg == "--progress") {
      flag();
      out.progress = progress_style::live;
    } else if (arg == "--lines") {
      flag();
      out.progress = progress_style::lines;
    } else if (arg == "--quiet" || arg == "-q") {
      flag();
      out.progress = progress_style::none;
    } else {
      throw zc::error(zc::errc::invalid_argument,
                      "unknown argument '" + args[i] + "' (see --help)");
    }
  }
  return out;
}

}  // namespace image_store
