// Stage 1: PNG files -> the `images` table, incrementally, without reading
// them into a buffer (each file is mapped and bound as it lies).
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <zc/copy_stats.hpp>
#include <zc/mapped_file.hpp>
#include <zc/png.hpp>
#include <zc/sqlite.hpp>

#include "content_hash.hpp"
#include "pipeline.hpp"

namespace image_store {
namespace {

// A batch commits after this many files or bytes: a fault loses at most
// one batch of work, and few commits keep a large first run fast.
constexpr std::size_t batch_files = 64;
constexpr std::uint64_t batch_bytes = 64ull << 20;

struct stored_row {
  std::int64_t id = 0;
  std::int64_t size = -1;      // bytes; -1: unknown (layout 1)
  std::int64_t mtime_ns = -1;  // -1: unknown
  std::int64_t hash = 0;
  bool hash_known = false;
};

struct file_identity {
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const file_identity&) const = default;
};

// Size and modification time of `path`, or the errno of stat().
int identify(const std::filesystem::path& path, file_identity& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno;
  out.size = st.st_size;
  out.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return 0;
}

// A file truncated by another program while it is mapped faults on the
// next access of a page past its new end (SIGBUS; see zc/mapped_file.hpp).  The bytes are touched
// by our hash and by SQLite inside sqlite3_step, where no recovery is safe,
// so the handler names the file and ends the process: SQLite's journal keeps
// every committed batch, and a re-run finishes the job.
std::atomic<const char*> file_being_read{nullptr};

extern "C" void on_sigbus(int) {
  const char* name = file_being_read.load();
  const char head[] = "\nimage_store: file '";
  const char tail[] =
      "' was truncated while being read; the database keeps what was committed before "
      "it; run again to finish\n";
  (void)!::write(STDERR_FILENO, head, sizeof head - 1);
  if (name != nullptr) (void)!::write(STDERR_FILENO, name, std::strlen(name));
  (void)!::write(STDERR_FILENO, tail, sizeof tail - 1);
  ::_exit(exit_stopped);
}

std::int64_t hash_of(const zc::buffer_view& bytes) {
  const auto h = content_hash64(static_cast<const std::byte*>(bytes.data()), bytes.nbytes());
  return static_cast<std::int64_t>(h);  // stored as SQLite's signed 64-bit integer
}

class ingest_job {
 public:
  ingest_job(sqlite3* db, const options& opts, run_stats& stats, progress_display& progress)
      : db_(db), opts_(opts), stats_(stats), progress_(progress) {}

  void run(const folder_scan& scan) {
    struct sigaction action {};
    action.sa_handler = on_sigbus;
    sigaction(SIGBUS, &action, nullptr);
    load_rows();
    prepare();
    IMAGE_STORE_TEST_HOOK("IMAGE_STORE_TEST_HOOK_AFTER_SCAN");
    std::size_t index = 0;
    for (const found_file& file : scan.files) {
      ++index;
      if (progress_.live()) {
        progress_.status("storing [" + std::to_string(index) + "/" +
                         std::to_string(scan.files.size()) + "] " + file.name);
      }
      store_one(file);
    }
    handle_vanished(scan);
    commit_batch();
    file_being_read.store(nullptr);
  }

 private:
  void load_rows() {
    zc::sqlite::statement query(db_,
                                "SELECT i.id, i.name, s.file_size, s.file_mtime_ns, s.content_hash "
                                "FROM images i LEFT JOIN image_state s ON s.image_id = i.id");
    while (query.step()) {
      stored_row row;
      row.id = sqlite3_column_int64(query, 0);
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
      if (sqlite3_column_type(query, 2) != SQLITE_NULL) row.size = sqlite3_column_int64(query, 2);
      if (sqlite3_column_type(query, 3) != SQLITE_NULL) {
        row.mtime_ns = sqlite3_column_int64(query, 3);
      }
      row.hash_known = sqlite3_column_type(query, 4) != SQLITE_NULL;
      row.hash = sqlite3_column_int64(query, 4);
      rows_.emplace(name != nullptr ? name : "", row);
    }
  }

  void prepare() {
    upsert_ = zc::sqlite::statement(
        db_,
        "INSERT INTO images(name, width, height, channels, bit_depth, color_type, has_trns, "
        "png) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT(name) DO UPDATE SET width = ?2, height = ?3, channels = ?4, "
        "bit_depth = ?5, color_type = ?6, has_trns = ?7, png = ?8");
    set_state_ = zc::sqlite::statement(
        db_,
        "INSERT OR REPLACE INTO image_state(image_id, file_size, file_mtime_ns, content_hash, "
        "status, error) SELECT id, ?2, ?3, ?4, 'pending', NULL FROM images WHERE name = ?1");
    touch_ = zc::sqlite::statement(
        db_, "UPDATE image_state SET file_size = ?2, file_mtime_ns = ?3 WHERE image_id = ?1");
    // A replaced image's statistics and derived images describe the old
    // bytes: they go in the same transaction as the new bytes, and analyse
    // writes them anew (an image that fails to decode keeps none).
    drop_stats_ = zc::sqlite::statement(
        db_, "DELETE FROM image_stats WHERE image_id = (SELECT id FROM images WHERE name = ?1)");
    drop_derived_ = zc::sqlite::statement(
        db_, "DELETE FROM derived WHERE image_id = (SELECT id FROM images WHERE name = ?1)");
    delete_ = zc::sqlite::statement(db_, "DELETE FROM images WHERE id = ?1");
  }

  void fail(const std::string& line) {
    stats_.failures.push_back(line);
    progress_.notice("FAILED " + line);
  }

  void open_batch() {
    if (batch_) return;
    try {
      batch_ = std::make_unique<zc::sqlite::transaction>(db_);
    } catch (const std::exception& e) {
      stop_with_database_error("cannot start storing images", opts_.database, e, db_);
    }
    copied_before_ = zc::bytes_copied();
  }

  void commit_batch() {
    if (!batch_) return;
    try {
      batch_->commit();
    } catch (const std::exception& e) {
      stop_with_database_error("cannot commit the images just stored", opts_.database, e, db_);
    }
    batch_.reset();
    stats_.add_committed(pending_);
    stats_.copied_ingest += zc::bytes_copied() - copied_before_;
    pending_ = run_stats{};
    batch_count_ = 0;
    batch_size_ = 0;
  }

  void store_one(const found_file& file) {
    const std::string& name = file.name;
    file_identity before;
    if (const int err = identify(file.path, before); err != 0) {
      fail(name + ": not stored: " +
           (err == ENOENT ? std::string("the file vanished before it was read")
                          : "cannot read the file: " + std::string(std::strerror(err))));
      return;
    }
    const auto found = rows_.find(name);
    const stored_row* row = found == rows_.end() ? nullptr : &found->second;
    zc::buffer_view bytes;
    try {
      bytes = zc::map_file(file.path);  // readonly, owns the mapping
    } catch (const zc::error& e) {
      fail(name + ": not stored: " + e.what());
      return;
    }
    file_being_read.store(name.c_str());
    const std::int64_t hash = hash_of(bytes);
    const std::int64_t size = static_cast<std::int64_t>(bytes.nbytes());
    if (row != nullptr && row->hash_known && row->hash == hash && row->size == size) {
      if (row->mtime_ns == before.mtime_ns) {
        ++stats_.unchanged;  // nothing written: counts as done at once
        return;
      }
      // Touched, not changed: only the recorded time moves.
      write_step("cannot record the time of '" + name + "'", [&] {
        open_batch();
        touch_.reset();
        sqlite3_bind_int64(touch_, 1, row->id);
        sqlite3_bind_int64(touch_, 2, size);
        sqlite3_bind_int64(touch_, 3, before.mtime_ns);
        touch_.run();
      });
      ++pending_.touched;
      return;
    }
    zc::png::info header;
    try {
      // The header is read from the mapped pages themselves.
      const auto source = zc::png::source::memory(bytes);
      if (source.bytes().data() != bytes.data()) {
        throw zc::error(zc::errc::invalid_argument, "memory source does not alias the mapping");
      }
      ++stats_.identities_checked;
      header = zc::png::read_info(source);
    } catch (const zc::error& e) {
      fail(name + ": not stored: " + e.what());
      return;
    }
    bool kept = false;
    write_step("cannot store '" + name + "'", [&] {
      open_batch();
      zc::sqlite::transaction one_file(db_);  // a SAVEPOINT inside the batch
      upsert_.reset();
      sqlite3_bind_text(upsert_, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(upsert_, 2, header.width);
      sqlite3_bind_int64(upsert_, 3, header.height);
      sqlite3_bind_int(upsert_, 4, header.channels);
      sqlite3_bind_int(upsert_, 5, header.bit_depth);
      sqlite3_bind_int(upsert_, 6, static_cast<int>(header.color));
      sqlite3_bind_int(upsert_, 7, header.has_trns ? 1 : 0);
      // SQLite reads the mapped pages as they are (no copy by us) and holds
      // a reference to the mapping until it no longer needs the pointer.
      zc::sqlite::bind(upsert_, 8, bytes, zc::sqlite::blob_lifetime::hold_owner);
      upsert_.run();
      upsert_.clear_bindings();  // releases the mapping
      set_state_.reset();
      sqlite3_bind_text(set_state_, 1, name.c_str(), static_cast<int>(name.size()),
                        SQLITE_TRANSIENT);
      sqlite3_bind_int64(set_state_, 2, size);
      sqlite3_bind_int64(set_state_, 3, before.mtime_ns);
      sqlite3_bind_int64(set_state_, 4, hash);
      set_state_.run();
      for (auto* stale : {&drop_stats_, &drop_derived_}) {
        stale->reset();
        sqlite3_bind_text(*stale, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
        stale->run();
      }
      // What was stored must be what the file holds: a file rewritten or
      // removed while we read it is rolled back and left for the next run.
      IMAGE_STORE_TEST_HOOK("IMAGE_STORE_TEST_HOOK_WHILE_READING");
      file_identity after;
      const int err = identify(file.path, after);
      if (err != 0 || !(after == before) || hash_of(bytes) != hash) {
        one_file.rollback();
        fail(name + ": not stored: the file " +
             (err != 0 ? std::string("vanished") : std::string("changed")) +
             " while being read (run again to store it)");
        return;
      }
      one_file.commit();
      kept = true;
    });
    if (!kept) return;
    ++(row != nullptr ? pending_.stored_changed : pending_.stored_new);
    pending_.png_bytes_stored += bytes.nbytes();
    progress_.line("store " + name + " (" + std::to_string(bytes.nbytes()) + " bytes, mapped)");
    ++batch_count_;
    batch_size_ += bytes.nbytes();
    if (batch_count_ >= batch_files || batch_size_ >= batch_bytes) commit_batch();
  }

  void handle_vanished(const folder_scan& scan) {
    std::set<std::string> present;
    for (const auto& f : scan.files) present.insert(f.name);
    for (const auto& r : scan.rejected) present.insert(r.first);
    for (const auto& [name, row] : rows_) {
      if (present.count(name) != 0) continue;
      // Without --recursive, rows of sub-folders were not looked at.
      if (!opts_.recursive && name.find('/') != std::string::npos) continue;
      ++stats_.vanished;
      if (!opts_.prune) {
        progress_.notice("vanished " + name + " (its row is kept; --prune deletes it)");
        continue;
      }
      const std::int64_t id = row.id;  // a structured binding cannot be captured (C++20)
      write_step("cannot delete the row of vanished '" + name + "'", [&] {
        open_batch();
        delete_.reset();
        sqlite3_bind_int64(delete_, 1, id);
        delete_.run();
      });
      ++pending_.pruned;
      progress_.notice("pruned " + name + " (the file vanished)");
    }
  }

  template <class F>
  void write_step(const std::string& doing, F&& step) {
    try {
      step();
    } catch (const run_stopped&) {
      throw;
    } catch (const std::exception& e) {
      stop_with_database_error(doing, opts_.database, e, db_);
    }
  }

  sqlite3* db_;
  const options& opts_;
  run_stats& stats_;
  progress_display& progress_;
  std::map<std::string, stored_row> rows_;
  zc::sqlite::statement upsert_, set_state_, touch_, drop_stats_, drop_derived_, delete_;
  std::unique_ptr<zc::sqlite::transaction> batch_;
  run_stats pending_;  // counts of the open batch, added to stats_ on commit
  std::uint64_t copied_before_ = 0;
  std::size_t batch_count_ = 0;
  std::uint64_t batch_size_ = 0;
};

}  // namespace

void ingest(sqlite3* db, const options& opts, const folder_scan& scan, run_stats& stats,
            progress_display& progress) {
  stats.files_found = scan.files.size() + scan.rejected.size();
  for (const auto& [name, reason] : scan.rejected) {
    stats.failures.push_back(name + ": not stored: " + reason);
    progress.notice("FAILED " + name + ": " + reason);
  }
  ingest_job job(db, opts, stats, progress);
  try {
    job.run(scan);
  } catch (const run_stopped&) {
    throw;
  } catch (const std::exception& e) {
    stop_with_database_error("cannot read the stored images", opts.database, e, db);
  }
}

}  // namespace image_store
