// Stage 2: the pending images analysed on N worker threads (each with its
// own read-only connection; WAL lets them read while the writer commits),
// results committed by the calling thread in batched transactions.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <zc/copy_stats.hpp>
#include <zc/sqlite.hpp>

#include "analysis.hpp"
#include "pipeline.hpp"

namespace image_store {
namespace {

using clock_type = std::chrono::steady_clock;

// A batch commits after this many images, encoded bytes or seconds.
constexpr std::size_t batch_images = 32;
constexpr std::uint64_t batch_bytes = 32ull << 20;
constexpr double batch_seconds = 2.0;

constexpr std::size_t idle = std::numeric_limits<std::size_t>::max();

std::vector<pending_image> list_pending(sqlite3* db) {
  zc::sqlite::statement query(
      db,
      "SELECT i.id, i.name, i.width, i.height, i.channels, i.bit_depth, i.color_type, "
      "i.has_trns, length(i.png) FROM image_state s JOIN images i ON i.id = s.image_id "
      "WHERE s.status = 'pending' ORDER BY i.id");
  std::vector<pending_image> out;
  while (query.step()) {
    pending_image img;
    img.id = sqlite3_column_int64(query, 0);
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
    img.name = name != nullptr ? name : "";
    img.width = sqlite3_column_int64(query, 2);
    img.height = sqlite3_column_int64(query, 3);
    img.channels = sqlite3_column_int(query, 4);
    img.bit_depth = sqlite3_column_int(query, 5);
    img.color_type = sqlite3_column_int(query, 6);
    img.has_trns = sqlite3_column_int(query, 7) != 0;
    img.png_bytes = sqlite3_column_int64(query, 8);
    out.push_back(std::move(img));
  }
  return out;
}

// What one worker is doing, read by the progress line.
struct worker_state {
  std::atomic<std::size_t> item{idle};  // index into the pending list
  image_progress progress;              // within that image
};

// Results from the workers to the writer; bounded so finished images wait
// for the writer instead of piling up in memory.
class result_queue {
 public:
  explicit result_queue(std::size_t capacity) : capacity_(capacity) {}

  /// Blocks while full; returns false (dropping `r`) once stopped.
  bool push(analysis_result&& r) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return stopped_ || items_.size() < capacity_; });
    if (stopped_) return false;
    items_.push_back(std::move(r));
    ready_.notify_one();
    return true;
  }
  /// Waits up to `timeout` for a result.
  std::optional<analysis_result> pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return !items_.empty() || workers_left_ == 0; });
    if (items_.empty()) return std::nullopt;
    analysis_result r = std::move(items_.front());
    items_.pop_front();
    space_.notify_one();
    return r;
  }
  void set_workers(std::size_t n) {
    const std::lock_guard lock(mutex_);
    workers_left_ = n;
  }
  void worker_done(std::optional<std::string> fault) {
    const std::lock_guard lock(mutex_);
    --workers_left_;
    if (fault && !fault_) fault_ = std::move(fault);
    ready_.notify_all();
  }
  /// Wakes and turns away every producer (a fault: nothing more is written).
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_all();
  }
  [[nodiscard]] bool stopped() {
    const std::lock_guard lock(mutex_);
    return stopped_;
  }
  [[nodiscard]] bool finished() {
    const std::lock_guard lock(mutex_);
    return workers_left_ == 0 && items_.empty();
  }
  [[nodiscard]] std::optional<std::string> fault() {
    const std::lock_guard lock(mutex_);
    return fault_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<analysis_result> items_;
  std::size_t capacity_;
  std::size_t workers_left_ = 0;
  bool stopped_ = false;
  std::optional<std::string> fault_;
};

void worker(const options& opts, const std::vector<pending_image>& pending,
            std::atomic<std::size_t>& next, const zc::png::encode_options& encoding,
            worker_state& state, result_queue& queue) {
  std::optional<std::string> fault;
  try {
    zc::sqlite::connection db(opts.database, zc::sqlite::connection::mode::read_only);
    db.busy_timeout(opts.busy_timeout_ms);
    while (!queue.stopped()) {
      const std::size_t index = next.fetch_add(1);
      if (index >= pending.size()) break;
      state.progress.bytes_read.store(0);
      state.progress.decoded.store(false);
      state.item.store(index);
      analysis_result r = analyse_image(db, pending[index], opts.via, encoding, state.progress);
      r.index = index;
      state.item.store(idle);
      if (!queue.push(std::move(r))) break;
    }
  } catch (const read_fault& f) {
    fault = f.message;
  } catch (const std::exception& e) {
    fault = "cannot read database '" + opts.database + "': " + reason_of(e);
  }
  state.item.store(idle);
  queue.worker_done(std::move(fault));
}

class writer {
 public:
  writer(sqlite3* db, run_stats& stats, const std::vector<pending_image>& pending)
      : db_(db), stats_(stats), pending_(pending) {
    set_ok_ = zc::sqlite::statement(
        db, "UPDATE image_state SET status = 'ok', error = NULL WHERE image_id = ?");
    set_bad_ = zc::sqlite::statement(
        db, "UPDATE image_state SET status = 'bad', error = ?2 WHERE image_id = ?1");
    drop_stats_ = zc::sqlite::statement(db, "DELETE FROM image_stats WHERE image_id = ?");
    drop_derived_ = zc::sqlite::statement(db, "DELETE FROM derived WHERE image_id = ?");
    insert_stats_ =
        zc::sqlite::statement(db,
                              "INSERT INTO image_stats(image_id, channel, mean, stddev, min, max) "
                              "VALUES(?, ?, ?, ?, ?, ?)");
    insert_derived_ = zc::sqlite::statement(
        db, "INSERT INTO derived(image_id, kind, width, height, png) VALUES(?, ?, ?, ?, ?)");
  }

  void write(const analysis_result& r) {
    const pending_image& img = pending_[r.index];
    if (!tx_) {
      tx_.emplace(db_);
      batch_start_ = clock_type::now();
    }
    for (auto* drop : {&drop_stats_, &drop_derived_}) {
      drop->reset();
      sqlite3_bind_int64(*drop, 1, img.id);
      drop->run();
    }
    if (r.bad) {
      set_bad_.reset();
      sqlite3_bind_int64(set_bad_, 1, img.id);
      sqlite3_bind_text(set_bad_, 2, r.error.c_str(), static_cast<int>(r.error.size()),
                        SQLITE_TRANSIENT);
      set_bad_.run();
      ++batch_.decoded_bad;
    } else {
      for (std::size_t c = 0; c < r.stats.size(); ++c) {
        const channel_stats& s = r.stats[c];
        insert_stats_.reset();
        sqlite3_bind_int64(insert_stats_, 1, img.id);
        sqlite3_bind_int(insert_stats_, 2, static_cast<int>(c));
        sqlite3_bind_double(insert_stats_, 3, s.mean);
        sqlite3_bind_double(insert_stats_, 4, s.stddev);
        sqlite3_bind_double(insert_stats_, 5, s.min);
        sqlite3_bind_double(insert_stats_, 6, s.max);
        insert_stats_.run();
      }
      insert_derived(img.id, "luma", r.luma_width, r.luma_height, r.luma_png);
      insert_derived(img.id, "thumbnail", r.thumbnail_width, r.thumbnail_height, r.thumbnail_png);
      set_ok_.reset();
      sqlite3_bind_int64(set_ok_, 1, img.id);
      set_ok_.run();
      ++batch_.decoded_ok;
      if (r.fast_decoder) ++batch_.decoded_fast;
      batch_.derived_png_bytes += r.luma_png.size() + r.thumbnail_png.size();
    }
    batch_.png_bytes_read += r.png_bytes_read;
    batch_.pixel_bytes += r.pixel_bytes;
    batch_.identities_checked += r.identities_checked;
    ++batch_count_;
  }

  [[nodiscard]] bool batch_full() const {
    if (!tx_) return false;
    const double age = std::chrono::duration<double>(clock_type::now() - batch_start_).count();
    return batch_count_ >= batch_images || batch_.derived_png_bytes >= batch_bytes ||
           age >= batch_seconds;
  }

  void commit() {
    if (!tx_) return;
    tx_->commit();
    tx_.reset();
    stats_.add_committed(batch_);
    batch_ = run_stats{};
    batch_count_ = 0;
  }

 private:
  void insert_derived(std::int64_t id, const char* kind, std::int64_t width, std::int64_t height,
                      const std::vector<std::byte>& png) {
    insert_derived_.reset();
    sqlite3_bind_int64(insert_derived_, 1, id);
    sqlite3_bind_text(insert_derived_, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_derived_, 3, width);
    sqlite3_bind_int64(insert_derived_, 4, height);
    // `png` outlives the step: bound as it is, released by the reset above.
    zc::sqlite::bind(insert_derived_, 5, zc::view(png),
                     zc::sqlite::blob_lifetime::caller_keeps_alive);
    insert_derived_.run();
    insert_derived_.clear_bindings();
  }

  sqlite3* db_;
  run_stats& stats_;
  const std::vector<pending_image>& pending_;
  zc::sqlite::statement set_ok_, set_bad_, drop_stats_, drop_derived_, insert_stats_,
      insert_derived_;
  std::optional<zc::sqlite::transaction> tx_;
  clock_type::time_point batch_start_;
  run_stats batch_;  // counts of the open batch, added to stats_ on commit
  std::size_t batch_count_ = 0;
};

std::string status_line(const std::vector<pending_image>& pending,
                        const std::vector<worker_state>& states, std::size_t done,
                        std::uint64_t done_bytes, std::uint64_t total_bytes, double elapsed) {
  std::uint64_t in_progress = 0;
  std::string current;
  for (const auto& state : states) {
    const std::size_t item = state.item.load();
    if (item == idle || item >= pending.size()) continue;
    const pending_image& img = pending[item];
    const std::uint64_t read = state.progress.bytes_read.load();
    in_progress += read;
    if (state.progress.decoded.load()) {
      current += "  " + img.name + " decoded, analysing and encoding";
      continue;
    }
    // Rows decoded, estimated from the compressed bytes the decoder pulled.
    const auto rows = img.png_bytes > 0
                          ? static_cast<std::int64_t>(static_cast<double>(img.height) *
                                                      static_cast<double>(read) /
                                                      static_cast<double>(img.png_bytes))
                          : 0;
    current += "  " + img.name + " rows ~" + std::to_string(std::min(rows, img.height)) + "/" +
               std::to_string(img.height) + " decoded";
  }
  const double bytes = static_cast<double>(done_bytes + in_progress);
  const double rate = elapsed > 0 ? bytes / elapsed : 0;  // PNG bytes per second
  const double eta = rate > 0 ? (static_cast<double>(total_bytes) - bytes) / rate : -1;
  char head[160];
  std::snprintf(head, sizeof head, "[%zu/%zu] %.1f MB/s  %s elapsed  ETA %s |", done,
                pending.size(), rate / 1e6, clock_text(elapsed).c_str(), clock_text(eta).c_str());
  return head + current;
}

}  // namespace

void analyse(sqlite3* db, const options& opts, run_stats& stats, progress_display& progress) {
  std::vector<pending_image> pending;
  try {
    pending = list_pending(db);
  } catch (const std::exception& e) {
    stop_with_database_error("cannot list the images to decode", opts.database, e, db);
  }
  if (pending.empty()) return;
  std::uint64_t total_bytes = 0;
  for (const auto& img : pending) total_bytes += static_cast<std::uint64_t>(img.png_bytes);

  const unsigned jobs =
      static_cast<unsigned>(std::min<std::size_t>(std::max(1u, stats.jobs), pending.size()));
  progress.line("decoding " + std::to_string(pending.size()) +
                " new or changed image(s) from the database on " + std::to_string(jobs) +
                " thread(s)");
  const zc::png::encode_options encoding = opts.level < 0 ? zc::png::encode_options::fast() : [&] {
    zc::png::encode_options o;
    o.compression_level = opts.level;
    return o;
  }();
  const auto copied_before = zc::bytes_copied();
  const auto start = clock_type::now();

  std::optional<writer> out;
  try {
    out.emplace(db, stats, pending);
  } catch (const std::exception& e) {
    stop_with_database_error("cannot prepare to write results", opts.database, e);
  }
  // One finished image waits for the writer at most: every queued result
  // holds its encoded PNGs, which count against the memory budget.
  result_queue queue(1);
  queue.set_workers(jobs);
  std::vector<worker_state> states(jobs);
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i) {
    threads.emplace_back(worker, std::cref(opts), std::cref(pending), std::ref(next),
                         std::cref(encoding), std::ref(states[i]), std::ref(queue));
  }

  std::optional<std::string> stopped;
  std::size_t done = 0;
  std::uint64_t done_bytes = 0;
  auto last_status = clock_type::time_point{};
  while (!stopped) {
    auto result = queue.pop(std::chrono::milliseconds(200));
    try {
      if (result) {
        out->write(*result);
        ++done;
        done_bytes += static_cast<std::uint64_t>(pending[result->index].png_bytes);
        const std::string counter =
            "[" + std::to_string(done) + "/" + std::to_string(pending.size()) + "] ";
        if (result->bad) {
          progress.notice(counter + "FAILED " + result->line);
        } else {
          progress.line(counter + result->line);
        }
      }
      const bool finished = queue.finished();
      if (finished || out->batch_full()) out->commit();
      if (finished) break;
    } catch (const std::exception& e) {
      stopped = "cannot write the results of '" +
                (result ? pending[result->index].name : std::string("a batch")) +
                "' in database '" + opts.database + "': " + reason_of(e, db);
      break;
    }
    if (auto fault = queue.fault()) {
      // Keep what the healthy workers finished, then stop.
      try {
        out->commit();
      } catch (const std::exception& e) {
        fault = *fault + "; and cannot commit the finished images: " + reason_of(e, db);
      }
      stopped = fault;
      break;
    }
    const auto now = clock_type::now();
    if (progress.live() && now - last_status >= std::chrono::milliseconds(200)) {
      last_status = now;
      progress.status(status_line(pending, states, done, done_bytes, total_bytes,
                                  std::chrono::duration<double>(now - start).count()));
    }
  }
  queue.stop();
  for (auto& t : threads) t.join();
  out.reset();  // rolls back an uncommitted batch
  progress.finish();
  stats.copied_analyse += zc::bytes_copied() - copied_before;
  if (stopped) throw run_stopped(*stopped);
}

}  // namespace image_store
