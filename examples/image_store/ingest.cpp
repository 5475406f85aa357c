// Stage 1: PNG files -> the `images` table, without reading them into a buffer.
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>
#include <zc/copy_stats.hpp>
#include <zc/png.hpp>
#include <zc/sqlite.hpp>

#include "mapped_file.hpp"
#include "pipeline.hpp"
#include "schema.hpp"

namespace image_store {

void create_schema(sqlite3* db) {
  // user_version marks a database as ours: a database made by something
  // else (or by a later layout) is refused instead of half-written.
  zc::sqlite::statement version(db, "PRAGMA user_version");
  version.step();
  const int found = sqlite3_column_int(version, 0);
  version.finalize();
  zc::sqlite::statement tables(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
  tables.step();
  const int table_count = sqlite3_column_int(tables, 0);
  tables.finalize();
  if (found != schema_version && (found != 0 || table_count != 0)) {
    throw zc::error(zc::errc::invalid_format,
                    "the database is not an image store of layout " +
                        std::to_string(schema_version) + " (user_version " + std::to_string(found) +
                        ", " + std::to_string(table_count) + " table(s)); pass another --db");
  }
  zc::sqlite::exec(db, schema_sql);
  zc::sqlite::exec(db, "PRAGMA user_version = " + std::to_string(schema_version));
}

namespace {

// Why a *.png folder entry cannot be stored, or "" for a regular file.
// Nothing is opened: a FIFO named x.png would block the open.
std::string why_not_a_file(const std::filesystem::directory_entry& entry) {
  std::error_code ec;
  const auto status = entry.status(ec);              // follows symbolic links
  if (ec) return "cannot be read: " + ec.message();  // a broken link or a link loop
  switch (status.type()) {
    case std::filesystem::file_type::regular:
      return "";
    case std::filesystem::file_type::directory:
      return "is a folder, not a file";
    default:
      return "is not a regular file (FIFO, socket or device)";
  }
}

}  // namespace

std::vector<std::filesystem::path> list_pngs(const std::filesystem::path& dir, run_stats& stats,
                                             const progress_fn& progress) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw zc::error(zc::errc::io, "image folder '" + dir.string() + "' " +
                                      (ec ? "cannot be read: " + ec.message()
                                          : std::string("does not exist or is not a folder")));
  }
  std::vector<std::filesystem::path> files;
  std::vector<std::pair<std::string, std::string>> rejected;  // name, reason
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto& path = entry.path();
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext != ".png") continue;
    // Every *.png entry counts as an input: one that is not a file is
    // reported, not silently passed over.
    const std::string reason = why_not_a_file(entry);
    if (reason.empty()) {
      files.push_back(path);
    } else {
      rejected.emplace_back(path.filename().string(), reason);
    }
  }
  std::sort(files.begin(), files.end());
  std::sort(rejected.begin(), rejected.end());
  stats.files_found += rejected.size();
  for (const auto& [name, reason] : rejected) {
    stats.failures.push_back(name + ": not stored: " + reason);
    if (progress) progress("skip  " + name + ": " + reason);
  }
  return files;
}

void ingest(sqlite3* db, const std::vector<std::filesystem::path>& files, run_stats& stats,
            const progress_fn& progress) {
  stats.files_found += files.size();
  const auto copied_before = zc::bytes_copied();
  zc::sqlite::transaction tx(db);
  zc::sqlite::statement upsert(db,
                               "INSERT INTO images(name, width, height, channels, bit_depth, "
                               "color_type, has_trns, png) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                               "ON CONFLICT(name) DO UPDATE SET width = ?2, height = ?3, "
                               "channels = ?4, bit_depth = ?5, color_type = ?6, has_trns = ?7, "
                               "png = ?8");
  zc::sqlite::statement drop_stats(
      db, "DELETE FROM image_stats WHERE image_id = (SELECT id FROM images WHERE name = ?1)");
  zc::sqlite::statement drop_derived(
      db, "DELETE FROM derived WHERE image_id = (SELECT id FROM images WHERE name = ?1)");
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    zc::png::info header;
    zc::buffer_view bytes;
    try {
      bytes = map_file(path.string());
      // The header is read from the mapped pages themselves.
      const auto source = zc::png::source::memory(bytes);
      if (source.bytes().data() != bytes.data()) {
        throw zc::error(zc::errc::invalid_argument, "memory source does not alias the mapping");
      }
      ++stats.identities_checked;
      header = zc::png::read_info(source);
    } catch (const zc::error& e) {
      stats.failures.push_back(name + ": not stored: " + e.what());
      if (progress) progress("skip  " + name + ": " + e.what());
      continue;
    }
    upsert.reset();
    sqlite3_bind_text(upsert, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(upsert, 2, header.width);
    sqlite3_bind_int64(upsert, 3, header.height);
    sqlite3_bind_int(upsert, 4, header.channels);
    sqlite3_bind_int(upsert, 5, header.bit_depth);
    sqlite3_bind_int(upsert, 6, static_cast<int>(header.color));
    // SQLite reads the mapped pages as they are (no copy by us) and holds a
    // reference to the mapping until it no longer needs the pointer.
    sqlite3_bind_int(upsert, 7, header.has_trns ? 1 : 0);
    zc::sqlite::bind(upsert, 8, bytes, zc::sqlite::blob_lifetime::hold_owner);
    upsert.run();
    // A replaced image's statistics and derived images describe the old
    // bytes (possibly another channel count or size): drop them, analyse
    // writes them anew, and an image that fails to decode keeps none.
    for (auto* stale : {&drop_stats, &drop_derived}) {
      stale->reset();
      sqlite3_bind_text(*stale, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      stale->run();
    }
    ++stats.stored;
    stats.png_bytes_stored += bytes.nbytes();
    if (progress) {
      progress("store " + name + " (" + std::to_string(bytes.nbytes()) + " bytes, mapped)");
    }
  }
  upsert.finalize();
  drop_stats.finalize();
  drop_derived.finalize();
  tx.commit();
  stats.copied_ingest += zc::bytes_copied() - copied_before;
}

}  // namespace image_store
