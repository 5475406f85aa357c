// The main job: a folder of PNGs into SQLite, incrementally; then every new
// or changed stored PNG decoded straight from the database on N threads,
// analysed row by row through Eigen maps, and derived images written back.
// `image_store --help` tells the options and exit statuses.
//
// The report measures rather than claims: what the database holds is
// counted from the database after the run (also after a fault), "copied by
// zcbridge" is the change of zc::bytes_copied(), pointer identities are
// asserted as the pipeline runs, and peak memory is the maximum resident set.
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zc/sqlite.hpp>

#include "options.hpp"
#include "pipeline.hpp"
#include "schema.hpp"

#ifndef ZC_SAMPLE_IMAGES_DIR
#define ZC_SAMPLE_IMAGES_DIR "images"
#endif

namespace {

using image_store::run_stats;

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

// What the database holds, counted by queries after the run.
struct database_counts {
  bool known = false;
  std::string why_unknown;
  std::int64_t images = 0, ok = 0, bad = 0, pending = 0, stats_rows = 0, derived = 0;
  std::int64_t png_bytes = 0, derived_bytes = 0;
  std::vector<std::string> bad_images;  // "name: error"
};

database_counts count_database(const std::string& path, int busy_timeout_ms) {
  database_counts out;
  try {
    zc::sqlite::connection db(path, zc::sqlite::connection::mode::read_only);
    db.busy_timeout(busy_timeout_ms);
    zc::sqlite::statement totals(
        db,
        "SELECT count(*), coalesce(sum(s.status = 'ok'), 0), coalesce(sum(s.status = 'bad'), 0), "
        "coalesce(sum(s.status IS NULL OR s.status = 'pending'), 0), "
        "coalesce(sum(length(i.png)), 0), (SELECT count(*) FROM image_stats), "
        "(SELECT count(*) FROM derived), (SELECT coalesce(sum(length(png)), 0) FROM derived) "
        "FROM images i LEFT JOIN image_state s ON s.image_id = i.id");
    totals.step();
    out.images = sqlite3_column_int64(totals, 0);
    out.ok = sqlite3_column_int64(totals, 1);
    out.bad = sqlite3_column_int64(totals, 2);
    out.pending = sqlite3_column_int64(totals, 3);
    out.png_bytes = sqlite3_column_int64(totals, 4);
    out.stats_rows = sqlite3_column_int64(totals, 5);
    out.derived = sqlite3_column_int64(totals, 6);
    out.derived_bytes = sqlite3_column_int64(totals, 7);
    totals.finalize();
    zc::sqlite::statement bad(
        db,
        "SELECT i.name, coalesce(s.error, '') FROM images i JOIN image_state s "
        "ON s.image_id = i.id WHERE s.status = 'bad' ORDER BY i.name");
    while (bad.step()) {
      out.bad_images.push_back(
          std::string(reinterpret_cast<const char*>(sqlite3_column_text(bad, 0))) + ": " +
          reinterpret_cast<const char*>(sqlite3_column_text(bad, 1)));
    }
    out.known = true;
  } catch (const std::exception& e) {
    out.why_unknown = image_store::reason_of(e);
  }
  return out;
}

void print_report(const image_store::options& opts, const run_stats& s,
                  const image_store::folder_scan* scan, const database_counts& db,
                  const std::string& stopped, double seconds) {
  const auto copied = [](std::uint64_t n) { return std::to_string(n) + " bytes"; };
  std::printf("\nimage_store report (%s -> %s, %u job(s), decoded via %s)\n",
              opts.images_dir.c_str(), opts.database.c_str(), s.jobs,
              opts.via == image_store::read_path::blob_view ? "blob view" : "blob reader");
  if (!stopped.empty()) std::printf("  RUN STOPPED: %s\n", stopped.c_str());
  std::printf("  this run:\n");
  if (scan != nullptr) {
    std::printf("    PNG files found          %zu%s\n", s.files_found,
                s.files_found == 0 ? " (the folder holds no *.png file)" : "");
    if (scan->skipped_folders > 0) {
      std::printf("    sub-folders skipped      %zu (--recursive descends into them)\n",
                  scan->skipped_folders);
    }
  }
  std::printf("    stored                   %zu new, %zu changed (%s)\n", s.stored_new,
              s.stored_changed, human_bytes(s.png_bytes_stored).c_str());
  std::printf("    unchanged (skipped)      %zu (size, time and content hash as stored)\n",
              s.unchanged);
  if (s.touched > 0) {
    std::printf("    time updated only        %zu (same content)\n", s.touched);
  }
  std::printf("    vanished files           %zu (%s)\n", s.vanished,
              opts.prune ? (std::to_string(s.pruned) + " rows deleted by --prune").c_str()
                         : "rows kept; --prune deletes them");
  std::printf("    images decoded           %zu ok, %zu bad (from the database, committed)\n",
              s.decoded_ok, s.decoded_bad);
  std::printf("    decoded by               %zu fast path, %zu libpng (zc::png picks per file)\n",
              s.decoded_fast, s.decoded_ok - s.decoded_fast);
  std::printf("    PNG bytes decoded        %s (read by the decoder from SQLite)\n",
              human_bytes(s.png_bytes_read).c_str());
  std::printf("    pixel bytes decoded      %s (written by the decoder into Eigen storage)\n",
              human_bytes(s.pixel_bytes).c_str());
  std::printf("    derived PNG bytes        %s (luma and thumbnail, %s)\n",
              human_bytes(s.derived_png_bytes).c_str(),
              opts.level < 0 ? "encode_options::fast()"
                             : ("zlib level " + std::to_string(opts.level)).c_str());
  std::printf("    failed inputs            %zu\n", s.failures.size());
  std::printf("  copied by zcbridge, measured by zc::bytes_copied():\n");
  std::printf("    file -> SQLite                      %s\n", copied(s.copied_ingest).c_str());
  std::printf(
      "    SQLite -> decoder -> Eigen -> PNGs  %s (all threads; the thumbnail takes every\n"
      "                                        second pixel, its rows go through a row buffer)\n",
      copied(s.copied_analyse).c_str());
  std::printf("    pointer identities checked          %zu (all held)\n", s.identities_checked);
  if (db.known) {
    std::printf("  the database now holds (counted from it):\n");
    std::printf("    images                   %lld (%s of PNG)\n",
                static_cast<long long>(db.images),
                human_bytes(static_cast<std::uint64_t>(db.png_bytes)).c_str());
    std::printf("      analysed               %lld\n", static_cast<long long>(db.ok));
    std::printf("      bad (cannot decode)    %lld\n", static_cast<long long>(db.bad));
    std::printf("      pending                %lld%s\n", static_cast<long long>(db.pending),
                db.pending > 0 ? " (run again to analyse them)" : "");
    std::printf("    statistics rows          %lld\n", static_cast<long long>(db.stats_rows));
    std::printf("    derived images           %lld (%s)\n", static_cast<long long>(db.derived),
                human_bytes(static_cast<std::uint64_t>(db.derived_bytes)).c_str());
  } else {
    std::printf("  the database cannot be counted: %s\n", db.why_unknown.c_str());
  }
  std::printf("  time                     %.3f s\n", seconds);
  std::printf("  peak memory (max RSS)    %s\n", human_bytes(peak_rss_bytes()).c_str());
  for (const auto& failure : s.failures) std::printf("  FAILED %s\n", failure.c_str());
  for (const auto& bad : db.bad_images) std::printf("  BAD %s\n", bad.c_str());
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
    return image_store::exit_usage;
  }
  if (!opts) {
    std::fputs(image_store::usage(program, ZC_SAMPLE_IMAGES_DIR).c_str(), stdout);
    return image_store::exit_ok;
  }
  // A full disk under RLIMIT_FSIZE must be an error SQLite reports, not a
  // signal that ends the process before the report.
  std::signal(SIGXFSZ, SIG_IGN);

  const auto start = std::chrono::steady_clock::now();
  run_stats stats;
  stats.jobs = opts->jobs != 0 ? opts->jobs : std::max(1u, std::thread::hardware_concurrency());
  image_store::progress_display progress(opts->progress);
  std::optional<image_store::folder_scan> scan;
  std::string stopped;
  try {
    scan = image_store::scan_folder(opts->images_dir, opts->recursive);
    std::optional<zc::sqlite::connection> connection;
    try {
      connection.emplace(opts->database);
      zc::sqlite::connection& db = *connection;
      db.busy_timeout(opts->busy_timeout_ms);
      zc::sqlite::exec(db, "PRAGMA foreign_keys = ON");
      // WAL: the workers' connections read while the writer commits.
      zc::sqlite::statement mode(db, "PRAGMA journal_mode");
      mode.step();
      const std::string current = reinterpret_cast<const char*>(sqlite3_column_text(mode, 0));
      mode.finalize();
      if (current != "wal") zc::sqlite::exec(db, "PRAGMA journal_mode = WAL");
    } catch (const std::exception& e) {
      image_store::stop_with_database_error("cannot open", opts->database, e,
                                            connection ? connection->get() : nullptr, "");
    }
    sqlite3* db = *connection;
    try {
      image_store::open_schema(db);
    } catch (const std::exception& e) {
      image_store::stop_with_database_error("cannot create or upgrade the tables", opts->database,
                                            e, db);
    }
    progress.line("storing " + std::to_string(scan->files.size()) + " PNG file(s) from " +
                  opts->images_dir + " in " + opts->database);
    image_store::ingest(db, *opts, *scan, stats, progress);
    image_store::analyse(db, *opts, stats, progress);
  } catch (const image_store::run_stopped& e) {
    stopped = e.what();
  } catch (const std::exception& e) {
    stopped = image_store::reason_of(e);  // never a statement's text
  }
  progress.finish();
  if (!stopped.empty()) std::fprintf(stderr, "image_store: %s\n", stopped.c_str());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const database_counts counts = count_database(opts->database, opts->busy_timeout_ms);
  print_report(*opts, stats, scan ? &*scan : nullptr, counts, stopped, seconds);
  if (!stopped.empty()) return image_store::exit_stopped;
  return stats.failures.empty() && counts.bad == 0 ? image_store::exit_ok
                                                   : image_store::exit_bad_inputs;
}
