// A 4096 x 4096 RGB8 PNG (gradients plus noise, 25 MiB compressed with the
// fast preset) stored in an SQLite file database, decoded into a row-major
// Eigen matrix three ways:
//   blob_reader_zero_copy   zc::sqlite::blob_reader (sqlite3_blob_read, 64 KiB
//                           pieces) -> zc::png::source::stream -> decode_into
//   column_view_zero_copy   column_view (SQLite stages the whole value) ->
//                           zc::png::source::memory -> decode_into
//   vector_copy             what users write today: column_blob copied into a
//                           std::vector, libpng decodes into its own image
//                           buffer, the image is copied into the matrix
// Counters (bytes, per iteration): sqlite_peak = SQLite's heap high-water
// mark above its use before the iteration; libpng_peak = libpng's heap peak;
// new_bytes = bytes requested from operator new; extra_peak = their sum, an
// upper bound of the memory the path needs besides the destination matrix;
// copied_bytes = zc::bytes_copied() delta.
#include <benchmark/benchmark.h>
#include <png.h>
#include <sqlite3.h>
#include <unistd.h>

#include <Eigen/Core>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>
#include <zc/png.hpp>
#include <zc/sqlite.hpp>

#include "heap_meter.hpp"

namespace {

using rgb_matrix = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr int side = 4096;  // pixels

// The database with one stored PNG, made once per program run.
struct fixture {
  std::filesystem::path dir;
  sqlite3* db = nullptr;
  std::size_t png_bytes = 0;

  fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("zc_pipeline_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    rgb_matrix image(side, 3 * side);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> noise(-6, 6);
    const auto clamp = [](int v) {
      return static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
    };
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        image(y, 3 * x + 0) = clamp(x * 255 / side + noise(rng));
        image(y, 3 * x + 1) = clamp(y * 255 / side + noise(rng));
        image(y, 3 * x + 2) = clamp((x + y) * 255 / (2 * side) + noise(rng));
      }
    }
    std::vector<std::byte> png;
    zc::png::encode(zc::eigen::view(image).reshape({side, side, 3}), zc::png::sink::memory(png),
                    zc::png::encode_options::fast());
    png_bytes = png.size();
    if (sqlite3_open((dir / "bench.sqlite").c_str(), &db) != SQLITE_OK) std::abort();
    zc::sqlite::exec(db, "CREATE TABLE images(id INTEGER PRIMARY KEY, png BLOB NOT NULL)");
    zc::sqlite::statement insert(db, "INSERT INTO images(id, png) VALUES(1, ?)");
    zc::sqlite::bind(insert, 1, zc::view(png), zc::sqlite::blob_lifetime::caller_keeps_alive);
    insert.run();
  }
  ~fixture() {
    sqlite3_close(db);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

fixture& the_fixture() {
  static fixture f;
  return f;
}

// Per-iteration memory meter over SQLite's heap, libpng's heap and operator new.
struct meter {
  sqlite3_int64 sqlite_base = 0;
  std::uint64_t copied_base = 0;
  zc::bench::heap_meter heap;  // operator new, restarted by start()
  void start() {
    sqlite3_memory_highwater(1);
    sqlite_base = sqlite3_memory_used();
    heap = zc::bench::heap_meter();
    copied_base = zc::bytes_copied();
  }
  void report(benchmark::State& state, std::size_t libpng_peak, std::size_t png_bytes) {
    const auto sqlite_peak = static_cast<double>(sqlite3_memory_highwater(0) - sqlite_base);
    const auto new_bytes = static_cast<double>(heap.reading().new_bytes);
    state.counters["sqlite_peak"] = sqlite_peak;
    state.counters["libpng_peak"] = static_cast<double>(libpng_peak);
    state.counters["new_bytes"] = new_bytes;
    state.counters["extra_peak"] = sqlite_peak + static_cast<double>(libpng_peak) + new_bytes;
    state.counters["copied_bytes"] = static_cast<double>(zc::bytes_copied() - copied_base);
    state.counters["png_MiB"] = static_cast<double>(png_bytes) / (1024.0 * 1024.0);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * side * side * 3);
  }
};

void BM_blob_reader_zero_copy(benchmark::State& state) {
  fixture& f = the_fixture();
  rgb_matrix image(side, 3 * side);
  const zc::buffer_view dst = zc::eigen::view(image).reshape({side, side, 3});
  meter m;
  zc::png::memory_stats libpng;
  for (auto _ : state) {
    m.start();
    libpng = {};
    zc::png::decode_options options;
    options.memory = &libpng;
    zc::sqlite::blob_reader reader(f.db, "images", "png", 1);
    zc::png::decode_into(zc::png::source::stream(reader), dst, options);
    benchmark::DoNotOptimize(image.data());
    benchmark::ClobberMemory();
  }
  m.report(state, libpng.peak, f.png_bytes);
}

void BM_column_view_zero_copy(benchmark::State& state) {
  fixture& f = the_fixture();
  rgb_matrix image(side, 3 * side);
  const zc::buffer_view dst = zc::eigen::view(image).reshape({side, side, 3});
  zc::sqlite::statement select(f.db, "SELECT png FROM images WHERE id = 1");
  meter m;
  zc::png::memory_stats libpng;
  for (auto _ : state) {
    m.start();
    libpng = {};
    zc::png::decode_options options;
    options.memory = &libpng;
    if (!select.step()) std::abort();
    zc::png::decode_into(zc::png::source::memory(zc::sqlite::column_view(select, 0).get()), dst,
                         options);
    select.reset();
    benchmark::DoNotOptimize(image.data());
    benchmark::ClobberMemory();
  }
  m.report(state, libpng.peak, f.png_bytes);
}

// ---- the copying path, written the way users write it ----------------------

struct counting_heap {
  std::size_t live = 0;  // bytes
  std::size_t peak = 0;  // bytes
};

png_voidp counting_malloc(png_structp png, png_alloc_size_t n) {
  auto* heap = static_cast<counting_heap*>(png_get_mem_ptr(png));
  auto* block = static_cast<std::size_t*>(std::malloc(n + sizeof(std::max_align_t)));
  if (block == nullptr) return nullptr;
  *block = n;
  heap->live += n;
  if (heap->live > heap->peak) heap->peak = heap->live;
  return reinterpret_cast<std::byte*>(block) + sizeof(std::max_align_t);
}

void counting_free(png_structp png, png_voidp p) {
  if (p == nullptr) return;
  auto* heap = static_cast<counting_heap*>(png_get_mem_ptr(png));
  auto* block =
      reinterpret_cast<std::size_t*>(static_cast<std::byte*>(p) - sizeof(std::max_align_t));
  heap->live -= *block;
  std::free(block);
}

struct memory_cursor {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t offset;
};

void read_cursor(png_structp png, png_bytep out, std::size_t n) {
  auto* c = static_cast<memory_cursor*>(png_get_io_ptr(png));
  if (n > c->size - c->offset) png_error(png, "truncated");
  std::memcpy(out, c->data + c->offset, n);
  c->offset += n;
}

// C-style on purpose: nothing with a destructor lives across setjmp.
bool decode_with_libpng(memory_cursor* cursor, png_bytepp rows, counting_heap* heap) {
  png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr, heap,
                                             counting_malloc, counting_free);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, cursor, read_cursor);
  png_read_info(png, info);
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

void BM_vector_copy(benchmark::State& state) {
  fixture& f = the_fixture();
  rgb_matrix image(side, 3 * side);
  sqlite3_stmt* select = nullptr;
  sqlite3_prepare_v2(f.db, "SELECT png FROM images WHERE id = 1", -1, &select, nullptr);
  meter m;
  counting_heap heap;
  for (auto _ : state) {
    m.start();
    heap = {};
    if (sqlite3_step(select) != SQLITE_ROW) std::abort();
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(select, 0));
    const std::vector<std::uint8_t> bytes(blob, blob + sqlite3_column_bytes(select, 0));
    sqlite3_reset(select);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side) * side * 3);
    std::vector<png_bytep> rows(side);
    for (int y = 0; y < side; ++y)
      rows[static_cast<std::size_t>(y)] = &pixels[static_cast<std::size_t>(y) * side * 3];
    memory_cursor cursor{bytes.data(), bytes.size(), 0};
    if (!decode_with_libpng(&cursor, rows.data(), &heap)) std::abort();
    std::memcpy(image.data(), pixels.data(), pixels.size());
    benchmark::DoNotOptimize(image.data());
    benchmark::ClobberMemory();
  }
  sqlite3_finalize(select);
  m.report(state, heap.peak, f.png_bytes);
}

}  // namespace

BENCHMARK(BM_blob_reader_zero_copy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_column_view_zero_copy)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_vector_copy)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
