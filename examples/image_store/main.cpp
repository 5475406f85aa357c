// The main job: a folder of PNGs into SQLite, then every stored PNG decoded
// straight from the database into Eigen storage, analysed, and derived
// images written back.  `image_store --help` tells the options.
//
// The report measures rather than claims: "copied by zcbridge" is the change
// of zc::bytes_copied() over each stage, pointer identities are asserted as
// the pipeline runs, and peak memory is the process's maximum resident set.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>
#include <zc/sqlite.hpp>

#include "options.hpp"
#include "pipeline.hpp"

#ifndef ZC_SAMPLE_IMAGES_DIR
#define ZC_SAMPLE_IMAGES_DIR "images"
#endif

namespace {

std::string human_bytes(std::uint64_t n) {
  char text[32];
  if (n >= (1u << 20)) {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(n) / (1024.0 * 1024.0));
  } else if (n >= 1024) {
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(n) / 1024.0);
  } else {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(n));
  }
  return text;
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

void print_report(const image_store::options& opts, const image_store::run_stats& s,
                  double seconds) {
  const auto copied = [](std::uint64_t n) { return std::to_string(n) + " bytes"; };
  std::printf("\nimage_store report (%s -> %s, decoded via %s)\n", opts.images_dir.c_str(),
              opts.database.c_str(),
              opts.via == image_store::read_path::blob_view ? "blob view" : "blob reader");
  std::printf("  images stored            %zu of %zu PNG files found\n", s.stored, s.files_found);
  std::printf("  images decoded           %zu (from the database)\n", s.decoded);
  std::printf("  failed inputs            %zu\n", s.failures.size());
  std::printf("  PNG bytes stored         %s (mapped files bound as they are)\n",
              human_bytes(s.png_bytes_stored).c_str());
  std::printf("  PNG bytes decoded        %s (read by libpng from SQLite)\n",
              human_bytes(s.png_bytes_read).c_str());
  std::printf("  pixel bytes decoded      %s (written by libpng into Eigen storage)\n",
              human_bytes(s.pixel_bytes).c_str());
  std::printf("  derived PNG bytes stored %s\n", human_bytes(s.derived_png_bytes).c_str());
  std::printf("  copied by zcbridge, measured by zc::bytes_copied():\n");
  std::printf("    file -> SQLite                  %s\n", copied(s.copied_ingest).c_str());
  std::printf("    SQLite -> libpng -> Eigen       %s\n", copied(s.copied_decode).c_str());
  std::printf("    Eigen rows -> luma PNG          %s\n", copied(s.copied_luma).c_str());
  std::printf(
      "    strided view -> thumbnail PNG   %s (row buffer: the thumbnail takes every\n"
      "                                    second pixel, so its rows are not contiguous)\n",
      copied(s.copied_thumbnail).c_str());
  std::printf("  pointer identities checked %zu (all held)\n", s.identities_checked);
  std::printf("  time                     %.3f s\n", seconds);
  std::printf("  peak memory (max RSS)    %s\n", human_bytes(peak_rss_bytes()).c_str());
  for (const auto& failure : s.failures) std::printf("  FAILED %s\n", failure.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string program = argc > 0 ? argv[0] : "image_store";
  std::optional<image_store::options> opts;
  try {
    opts = image_store::parse_options(std::vector<std::string>(argv + 1, argv + argc),
                                      ZC_SAMPLE_IMAGES_DIR);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "image_store: %s\n", e.what());
    return 2;
  }
  if (!opts) {
    std::fputs(image_store::usage(program, ZC_SAMPLE_IMAGES_DIR).c_str(), stdout);
    return 0;
  }

  const auto start = std::chrono::steady_clock::now();
  image_store::run_stats stats;
  const image_store::progress_fn progress = [&](const std::string& line) {
    if (opts->quiet) return;
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
  try {
    const auto files = image_store::list_pngs(opts->images_dir, stats, progress);
    zc::sqlite::connection db(opts->database);
    db.busy_timeout(5000);
    zc::sqlite::exec(db, "PRAGMA foreign_keys = ON");
    image_store::create_schema(db);
    if (!opts->quiet) {
      std::printf("storing %zu PNG file(s) from %s in %s\n", files.size(), opts->images_dir.c_str(),
                  opts->database.c_str());
    }
    image_store::ingest(db, files, stats, progress);
    if (!opts->quiet) std::printf("decoding the stored images from the database\n");
    image_store::analyse(db, opts->via, stats, progress);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "image_store: %s\n", e.what());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_report(*opts, stats, seconds);
  return stats.failures.empty() ? 0 : 1;
}
