// PNG decode and encode throughput and peak memory.
//
// Images, encoded once at the default settings: 4096x4096 RGB8 and
// 2048x2048 gray16 gradients plus a little noise; a 4096x4096 RGB8
// photo-like image (smooth shading, texture, noise, objects with edges);
// a 1920x1080 RGBA screenshot-like image (flat areas, window frames, lines
// of text-like glyphs, a picture, a translucent overlay).
// Decode paths, all ending with the pixels in an Eigen row-major matrix:
//   adapter        zc::png::decode_into straight into the matrix rows (the
//                  automatic choice: the fast path on ISA-L for these formats)
//   adapter_libpng the same with decode_options::decoder = libpng
//   adapter_stream the same, pulling the PNG from a byte source in 64 KiB pieces
//   libpng_rows    raw libpng, png_read_image with row pointers into the matrix
//                  (the floor the adapter is measured against)
//   libpng_copy    libpng into its own buffer, then a copy into the matrix
//                  (what users write today)
//   spng           libspng decoding into the matrix storage
// Encode: the adapter from the matrix: default (libpng, zlib level 6), fast
// (encode_options::fast(): the fast encoder on ISA-L, level 1, or zlib level
// 4 for flat content such as the screenshot-like image; _level2/3 the same
// at ISA-L levels 2 and 3, zlib 5 and 6) and libpng_fast (fast() forced to
// libpng: the preset before the fast encoder existed).
// Counters: bytes_per_second (decoded image bytes), peak_extra_KiB (heap above
// the level before the call, destination excluded: it exists beforehand; for
// the adapter libpng's own peak, counted through its allocator hook, is added,
// an upper bound of the combined peak),
// and for encodes the PNG size and its ratio to the default encode.
#include <benchmark/benchmark.h>
#include <png.h>
#include <spng.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "heap_meter.hpp"
#include "zc/png.hpp"

namespace {

using Rgb8 = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Gray16 = Eigen::Matrix<std::uint16_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// ---- test images -----------------------------------------------------------

struct lcg {
  std::uint32_t state;
  int noise(int amplitude) {  // uniform in [-amplitude, amplitude]
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((state >> 8) % static_cast<std::uint32_t>(2 * amplitude + 1)) -
           amplitude;
  }
};

template <class T>
T clamp_to(int v, int hi) {
  return static_cast<T>(std::clamp(v, 0, hi));
}

struct fixture {
  int height = 0;
  int width = 0;
  int channels = 0;
  int depth = 0;                // bits per sample
  std::vector<std::byte> png;   // default encode
  std::size_t image_bytes = 0;  // decoded size
  std::size_t fast_png_bytes = 0;
  zc::buffer_view source;  // the pixels (static storage)
};

Rgb8 make_rgb(int n) {
  Rgb8 m(n, n * 3);
  lcg rng{1};
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      m(y, 3 * x + 0) = clamp_to<std::uint8_t>(x * 255 / n + rng.noise(6), 255);
      m(y, 3 * x + 1) = clamp_to<std::uint8_t>(y * 255 / n + rng.noise(6), 255);
      m(y, 3 * x + 2) = clamp_to<std::uint8_t>((x + y) * 255 / (2 * n) + rng.noise(6), 255);
    }
  }
  return m;
}

Gray16 make_gray16(int n) {
  Gray16 m(n, n);
  lcg rng{2};
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      m(y, x) = clamp_to<std::uint16_t>((x + y) * 65535 / (2 * n) + rng.noise(300), 65535);
  return m;
}

// Photo-like: smooth shading (products of slow sines), a fine oriented
// texture, noise whose strength varies across the image, and a few discs
// of another colour with hard edges.  Sines come from tables: the image is
// large.
Rgb8 make_photo(int n) {
  Rgb8 m(n, n * 3);
  constexpr double two_pi = 6.283185307179586;
  std::vector<double> slow_x(static_cast<std::size_t>(n)), slow_y(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    slow_x[static_cast<std::size_t>(i)] = std::sin(two_pi * i / 1500.0);
    slow_y[static_cast<std::size_t>(i)] = std::cos(two_pi * i / 1100.0);
  }
  std::vector<int> texture(1024);
  for (int i = 0; i < 1024; ++i) {
    texture[static_cast<std::size_t>(i)] = static_cast<int>(18.0 * std::sin(two_pi * i / 37.0));
  }
  struct disc {
    int cx, cy, r, red, green, blue;
  };
  const disc discs[] = {{n / 4, n / 3, n / 7, 200, 60, 40},
                        {2 * n / 3, n / 2, n / 5, 40, 90, 180},
                        {n / 2, 4 * n / 5, n / 9, 230, 210, 70}};
  lcg rng{3};
  for (int y = 0; y < n; ++y) {
    const double sy = slow_y[static_cast<std::size_t>(y)];
    const int amplitude = 2 + 10 * y / n;  // noisier towards the bottom
    for (int x = 0; x < n; ++x) {
      const double shade = slow_x[static_cast<std::size_t>(x)] * sy;
      const int t = texture[static_cast<std::size_t>((x * 3 + y * 2) & 1023)];
      int rgb[3] = {110 + static_cast<int>(70 * shade), 120 + static_cast<int>(50 * shade),
                    100 - static_cast<int>(40 * shade)};
      for (const disc& d : discs) {
        const int dx = x - d.cx;
        const int dy = y - d.cy;
        if (dx * dx + dy * dy < d.r * d.r) {
          rgb[0] = d.red + dx / 64;
          rgb[1] = d.green + dy / 64;
          rgb[2] = d.blue;
        }
      }
      for (int c = 0; c < 3; ++c) {
        m(y, 3 * x + c) = clamp_to<std::uint8_t>(rgb[c] + t / (c + 1) + rng.noise(amplitude), 255);
      }
    }
  }
  return m;
}

// Screenshot-like RGBA: a flat desktop, windows with title bars and 1-pixel
// frames, lines of text-like glyphs (5x9 bitmaps from a fixed pseudo-random
// font), a picture inside one window, and a translucent overlay.
Rgb8 make_screenshot(int width, int height) {
  Rgb8 m(height, width * 4);
  const auto put = [&](int x, int y, int r, int g, int b, int a) {
    m(y, 4 * x + 0) = static_cast<std::uint8_t>(r);
    m(y, 4 * x + 1) = static_cast<std::uint8_t>(g);
    m(y, 4 * x + 2) = static_cast<std::uint8_t>(b);
    m(y, 4 * x + 3) = static_cast<std::uint8_t>(a);
  };
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) put(x, y, 58, 110, 165, 255);  // desktop
  std::uint16_t font[64][9];                                       // 64 glyphs of 9 rows x 5 bits
  lcg rng{4};
  for (auto& glyph : font)
    for (auto& row : glyph) row = static_cast<std::uint16_t>(rng.noise(16) + 16);
  struct window {
    int x0, y0, x1, y1;
  };
  const window windows[] = {{60, 40, 1000, 700}, {700, 300, 1820, 1000}, {1200, 60, 1880, 260}};
  int picture = 0;
  for (const window& w : windows) {
    for (int y = w.y0; y < w.y1; ++y) {
      for (int x = w.x0; x < w.x1; ++x) {
        const bool frame = x == w.x0 || x == w.x1 - 1 || y == w.y0 || y == w.y1 - 1;
        const bool title = y < w.y0 + 28;
        if (frame) {
          put(x, y, 40, 40, 40, 255);
        } else if (title) {
          put(x, y, 225, 225, 230, 255);
        } else {
          put(x, y, 255, 255, 255, 255);
        }
      }
    }
    // Text: lines 16 px apart, glyphs 7 px apart, words of 2..9 glyphs.
    for (int line = w.y0 + 40; line + 9 < w.y1 - 8; line += 16) {
      int x = w.x0 + 12;
      while (x + 70 < w.x1) {
        const int word = 2 + (rng.noise(4) + 4);
        for (int g = 0; g < word && x + 6 < w.x1 - 8; ++g, x += 7) {
          const auto& glyph = font[(rng.noise(32) + 32) & 63];
          for (int r = 0; r < 9; ++r)
            for (int b = 0; b < 5; ++b)
              if ((glyph[r] >> b & 1) != 0) put(x + b, line + r, 20, 20, 25, 255);
        }
        x += 7;  // space
      }
    }
    // A picture in the second window's lower right.
    if (picture++ == 1) {
      for (int y = w.y1 - 300; y < w.y1 - 20; ++y)
        for (int x = w.x1 - 500; x < w.x1 - 20; ++x)
          put(x, y, clamp_to<std::uint8_t>(x / 5 + rng.noise(9), 255),
              clamp_to<std::uint8_t>(y / 6 + rng.noise(9), 255), 120, 255);
    }
  }
  // A translucent notification overlay.
  for (int y = height - 180; y < height - 60; ++y)
    for (int x = width - 460; x < width - 60; ++x) put(x, y, 30, 30, 30, 200);
  return m;
}

std::vector<std::byte> encode_default(const zc::buffer_view& v) {
  std::vector<std::byte> out;
  zc::png::encode(v, zc::png::sink::memory(out));
  return out;
}

const Rgb8& rgb_image() {
  static const Rgb8 m = make_rgb(4096);
  return m;
}
const Gray16& gray_image() {
  static const Gray16 m = make_gray16(2048);
  return m;
}
const Rgb8& photo_image() {
  static const Rgb8 m = make_photo(4096);
  return m;
}
const Rgb8& screenshot_image() {
  static const Rgb8 m = make_screenshot(1920, 1080);
  return m;
}
zc::buffer_view rgb_view(const Rgb8& m) { return zc::view(m.data(), {m.rows(), m.cols() / 3, 3}); }
zc::buffer_view rgba_view(const Rgb8& m) { return zc::view(m.data(), {m.rows(), m.cols() / 4, 4}); }
zc::buffer_view gray_view(const Gray16& m) { return zc::view(m.data(), {m.rows(), m.cols()}); }

const fixture& rgb_fixture() {
  static const fixture f = [] {
    fixture x{4096,
              4096,
              3,
              8,
              encode_default(rgb_view(rgb_image())),
              4096u * 4096u * 3u,
              0,
              rgb_view(rgb_image())};
    return x;
  }();
  return f;
}
const fixture& gray_fixture() {
  static const fixture f = [] {
    fixture x{2048,
              2048,
              1,
              16,
              encode_default(gray_view(gray_image())),
              2048u * 2048u * 2u,
              0,
              gray_view(gray_image())};
    return x;
  }();
  return f;
}
const fixture& photo_fixture() {
  static const fixture f = [] {
    fixture x{4096,
              4096,
              3,
              8,
              encode_default(rgb_view(photo_image())),
              4096u * 4096u * 3u,
              0,
              rgb_view(photo_image())};
    return x;
  }();
  return f;
}
const fixture& screenshot_fixture() {
  static const fixture f = [] {
    fixture x{1080,
              1920,
              4,
              8,
              encode_default(rgba_view(screenshot_image())),
              1920u * 1080u * 4u,
              0,
              rgba_view(screenshot_image())};
    return x;
  }();
  return f;
}

zc::buffer_view bytes_of(const std::vector<std::byte>& v) {
  return zc::view(static_cast<const void*>(v.data()), zc::dtype{}, zc::dims{v.size()});
}

// ---- peak memory -----------------------------------------------------------

class peak_probe {
 public:
  [[nodiscard]] std::size_t extra() const { return meter_.reading().peak_extra; }

 private:
  zc::bench::heap_meter meter_;
};

void report(benchmark::State& state, const fixture& f, std::size_t peak_extra) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(f.image_bytes));
  state.counters["peak_extra_KiB"] = static_cast<double>(peak_extra) / 1024.0;
  state.counters["png_MiB"] = static_cast<double>(f.png.size()) / (1024.0 * 1024.0);
}

// ---- raw libpng ------------------------------------------------------------

struct cursor {
  const std::byte* data;
  std::size_t size;
  std::size_t pos = 0;
};

void read_from_cursor(png_structp png, png_bytep out, std::size_t n) {
  auto* c = static_cast<cursor*>(png_get_io_ptr(png));
  if (n > c->size - c->pos) png_error(png, "truncated");
  std::memcpy(out, c->data + c->pos, n);
  c->pos += n;
}
png_voidp png_meter_malloc(png_structp, png_alloc_size_t n) { return zc::bench::meter_malloc(n); }
void png_meter_free(png_structp, png_voidp p) { zc::bench::meter_free(p); }

// What a careful user writes: png_read_image with row pointers into `out`.
// Plain C-style control flow: nothing with a destructor lives across setjmp.
bool libpng_decode(const std::vector<std::byte>& file, std::byte* out, std::size_t row_bytes,
                   png_bytep* rows, int height, bool swap16) {
  png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr,
                                             nullptr, png_meter_malloc, png_meter_free);
  png_infop info = png_create_info_struct(png);
  cursor c{file.data(), file.size()};
  if (setjmp(png_jmpbuf(png)) != 0) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &c, read_from_cursor);
  png_read_info(png, info);
  if (swap16) png_set_swap(png);
  png_read_update_info(png, info);
  for (int y = 0; y < height; ++y) {
    rows[y] = reinterpret_cast<png_bytep>(out + static_cast<std::size_t>(y) * row_bytes);
  }
  png_read_image(png, rows);
  png_read_end(png, info);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

// ---- decode benchmarks -----------------------------------------------------

template <class Matrix>
Matrix destination(const fixture& f) {
  return Matrix(f.height, f.width * f.channels);
}

template <class Matrix>
zc::buffer_view view_of(Matrix& m, const fixture& f) {
  if (f.channels == 1) return zc::view(m.data(), {m.rows(), m.cols()});
  return zc::view(m.data(), {m.rows(), m.cols() / f.channels, f.channels});
}

template <class Matrix>
void BM_decode_adapter(benchmark::State& state, const fixture& (*get)(),
                       zc::png::decoder_kind decoder) {
  const fixture& f = get();
  Matrix m = destination<Matrix>(f);
  const zc::buffer_view dst = view_of(m, f);
  std::size_t peak = 0;
  zc::png::decoder_kind ran = zc::png::decoder_kind::libpng;
  for (auto _ : state) {
    peak_probe probe;
    zc::png::memory_stats libpng;  // libpng's heap use inside the adapter
    zc::png::decode_options o;
    o.memory = &libpng;
    o.decoder = decoder;
    ran = zc::png::decode_into(zc::png::source::memory(bytes_of(f.png)), dst, o).decoder;
    peak = std::max(peak, probe.extra() + libpng.peak);
    benchmark::DoNotOptimize(m.data());
  }
  report(state, f, peak);
  state.SetLabel(ran == zc::png::decoder_kind::fast ? "fast path" : "libpng");
}

// A preset's output (rgba8: every image as 8-bit RGBA; as_stored: the
// file's own samples, tRNS as alpha) decoded into a C-order image of that
// format, by the fast path or libpng: the conversion in the fast path's row
// pass against libpng's transforms.
void BM_decode_preset(benchmark::State& state, const fixture& (*get)(),
                      zc::png::decode_options (*preset)(), zc::png::decoder_kind decoder) {
  const fixture& f = get();
  zc::png::decode_options o = preset();
  o.decoder = decoder;
  // The destination, made once (its format is the preset's for this file).
  const zc::png::image dst = zc::png::decode(zc::png::source::memory(bytes_of(f.png)), o);
  std::size_t peak = 0;
  zc::png::decoder_kind ran = zc::png::decoder_kind::libpng;
  for (auto _ : state) {
    peak_probe probe;
    zc::png::memory_stats libpng;
    o.memory = &libpng;
    ran = zc::png::decode_into(zc::png::source::memory(bytes_of(f.png)), dst.view, o).decoder;
    peak = std::max(peak, probe.extra() + libpng.peak);
    benchmark::DoNotOptimize(dst.view.data());
  }
  report(state, f, peak);
  state.SetLabel(ran == zc::png::decoder_kind::fast ? "fast path" : "libpng");
}

// Pulls from memory in 64 KiB pieces, like an SQLite incremental blob reader.
class piecewise_source : public zc::byte_source {
 public:
  explicit piecewise_source(const std::vector<std::byte>& bytes) : bytes_(bytes) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override {
    const std::size_t n = std::min({max_bytes, std::size_t{65536}, bytes_.size() - pos_});
    std::memcpy(dst, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  const std::vector<std::byte>& bytes_;
  std::size_t pos_ = 0;
};

template <class Matrix>
void BM_decode_adapter_stream(benchmark::State& state, const fixture& (*get)()) {
  const fixture& f = get();
  Matrix m = destination<Matrix>(f);
  const zc::buffer_view dst = view_of(m, f);
  std::size_t peak = 0;
  for (auto _ : state) {
    peak_probe probe;
    piecewise_source source(f.png);
    zc::png::memory_stats libpng;
    zc::png::decode_options o;
    o.memory = &libpng;
    zc::png::decode_into(zc::png::source::stream(source), dst, o);
    // The reader pulls exactly what libpng asks for, into libpng's buffers:
    // no read-ahead buffer of its own.
    peak = std::max(peak, probe.extra() + libpng.peak);
    benchmark::DoNotOptimize(m.data());
  }
  report(state, f, peak);
}

template <class Matrix>
void BM_decode_libpng_rows(benchmark::State& state, const fixture& (*get)()) {
  const fixture& f = get();
  Matrix m = destination<Matrix>(f);
  const std::size_t row_bytes = f.image_bytes / static_cast<std::size_t>(f.height);
  std::vector<png_bytep> rows(static_cast<std::size_t>(f.height));
  std::size_t peak = 0;
  for (auto _ : state) {
    peak_probe probe;
    if (!libpng_decode(f.png, reinterpret_cast<std::byte*>(m.data()), row_bytes, rows.data(),
                       f.height, f.depth == 16)) {
      state.SkipWithError("libpng failed");
      return;
    }
    peak = std::max(peak, probe.extra());
    benchmark::DoNotOptimize(m.data());
  }
  report(state, f, peak);
}

template <class Matrix>
void BM_decode_libpng_copy(benchmark::State& state, const fixture& (*get)()) {
  const fixture& f = get();
  Matrix m = destination<Matrix>(f);
  const std::size_t row_bytes = f.image_bytes / static_cast<std::size_t>(f.height);
  std::size_t peak = 0;
  for (auto _ : state) {
    peak_probe probe;
    std::vector<std::byte> buffer(f.image_bytes);  // libpng's own image buffer
    std::vector<png_bytep> rows(static_cast<std::size_t>(f.height));
    if (!libpng_decode(f.png, buffer.data(), row_bytes, rows.data(), f.height, f.depth == 16)) {
      state.SkipWithError("libpng failed");
      return;
    }
    std::memcpy(m.data(), buffer.data(), f.image_bytes);
    peak = std::max(peak, probe.extra());
    benchmark::DoNotOptimize(m.data());
  }
  report(state, f, peak);
}

template <class Matrix>
void BM_decode_spng(benchmark::State& state, const fixture& (*get)()) {
  const fixture& f = get();
  Matrix m = destination<Matrix>(f);
  spng_alloc alloc{zc::bench::meter_malloc, zc::bench::meter_realloc, zc::bench::meter_calloc,
                   zc::bench::meter_free};
  const int fmt = f.depth == 16     ? SPNG_FMT_PNG  // host-endian 16-bit
                  : f.channels == 4 ? SPNG_FMT_RGBA8
                                    : SPNG_FMT_RGB8;
  std::size_t peak = 0;
  for (auto _ : state) {
    peak_probe probe;
    spng_ctx* ctx = spng_ctx_new2(&alloc, 0);
    spng_set_png_buffer(ctx, f.png.data(), f.png.size());
    const int rc = spng_decode_image(ctx, m.data(), f.image_bytes, fmt, 0);
    spng_ctx_free(ctx);
    if (rc != 0) {
      state.SkipWithError(spng_strerror(rc));
      return;
    }
    peak = std::max(peak, probe.extra());
    benchmark::DoNotOptimize(m.data());
  }
  report(state, f, peak);
}

// ---- encode benchmarks -----------------------------------------------------

// The encoders compared side by side.
enum class encode_preset : std::uint8_t {
  libpng_default,  // encode_options{}: libpng, zlib level 6, all filters
  libpng_fast,     // encode_options::fast() forced to libpng: level 1, UP, Z_RLE
  fast,            // encode_options::fast(): the fast encoder (ISA-L)
};

zc::png::encode_options options_for(encode_preset preset, int level) {
  zc::png::encode_options o;
  if (preset == encode_preset::libpng_default) return o;
  o = zc::png::encode_options::fast();
  if (preset == encode_preset::libpng_fast) {
    o.encoder = zc::png::encoder_kind::libpng;
    o.filter_set = zc::png::filters::up;  // what fast() was before the fast encoder
  }
  if (level >= 0) o.compression_level = level;
  return o;
}

void BM_encode(benchmark::State& state, const fixture& (*get)(), encode_preset preset, int level) {
  const fixture& f = get();
  const zc::buffer_view& src = f.source;
  zc::png::encode_options options = options_for(preset, level);
  // The output buffer is the caller's, not the encoder's cost: reserve() alone
  // leaves its pages untouched, and with one or two iterations per run the
  // first encode paid ~80 ms of page faults for 27 MB of output (a quarter
  // of the fast preset's time), so the pages are touched here once.
  std::vector<std::byte> out(f.image_bytes);
  out.clear();
  std::size_t peak = 0;
  for (auto _ : state) {
    out.clear();
    peak_probe probe;
    zc::png::memory_stats libpng;
    options.memory = &libpng;
    const zc::png::encode_result r = zc::png::encode(src, zc::png::sink::memory(out), options);
    if (preset == encode_preset::fast && r.encoder != zc::png::encoder_kind::fast) {
      state.SkipWithError("the fast encoder did not run (built without ISA-L?)");
      break;
    }
    peak = std::max(peak, probe.extra() + libpng.peak);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(f.image_bytes));
  state.counters["peak_extra_KiB"] = static_cast<double>(peak) / 1024.0;
  state.counters["png_MiB"] = static_cast<double>(out.size()) / (1024.0 * 1024.0);
  state.counters["size_vs_default"] =
      static_cast<double>(out.size()) / static_cast<double>(f.png.size());
  state.SetLabel(preset == encode_preset::fast ? "fast encoder" : "libpng");
}

}  // namespace

// Registered by hand: BENCHMARK_CAPTURE cannot name template instances.
int main(int argc, char** argv) {
  using getter = const fixture& (*)();
  struct image_case {
    const char* name;
    getter get;
    bool sixteen_bit;
  };
  const image_case cases[] = {{"rgb8_4096", rgb_fixture, false},
                              {"photo8_4096", photo_fixture, false},
                              {"screen_rgba8_1920", screenshot_fixture, false},
                              {"gray16_2048", gray_fixture, true}};
  const auto ms = benchmark::kMillisecond;
  const auto name = [](const char* what, const char* image) {
    return std::string(what) + "/" + image;
  };
  for (const image_case& c : cases) {
    // The fast path and raw libpng side by side, first: their ratio is the
    // decode target.
    if (c.sixteen_bit) {
      benchmark::RegisterBenchmark(name("decode/adapter", c.name).c_str(),
                                   BM_decode_adapter<Gray16>, c.get,
                                   zc::png::decoder_kind::automatic)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/libpng_rows", c.name).c_str(),
                                   BM_decode_libpng_rows<Gray16>, c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/adapter_libpng", c.name).c_str(),
                                   BM_decode_adapter<Gray16>, c.get, zc::png::decoder_kind::libpng)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/libpng_copy", c.name).c_str(),
                                   BM_decode_libpng_copy<Gray16>, c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/spng", c.name).c_str(), BM_decode_spng<Gray16>,
                                   c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/adapter_stream", c.name).c_str(),
                                   BM_decode_adapter_stream<Gray16>, c.get)
          ->Unit(ms);
    } else {
      benchmark::RegisterBenchmark(name("decode/adapter", c.name).c_str(), BM_decode_adapter<Rgb8>,
                                   c.get, zc::png::decoder_kind::automatic)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/libpng_rows", c.name).c_str(),
                                   BM_decode_libpng_rows<Rgb8>, c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/adapter_libpng", c.name).c_str(),
                                   BM_decode_adapter<Rgb8>, c.get, zc::png::decoder_kind::libpng)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/libpng_copy", c.name).c_str(),
                                   BM_decode_libpng_copy<Rgb8>, c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/spng", c.name).c_str(), BM_decode_spng<Rgb8>, c.get)
          ->Unit(ms);
      benchmark::RegisterBenchmark(name("decode/adapter_stream", c.name).c_str(),
                                   BM_decode_adapter_stream<Rgb8>, c.get)
          ->Unit(ms);
    }
  }
  // The presets: the fast path's row-pass conversions beside libpng's.
  for (const image_case& c : cases) {
    using zc::png::decode_options;
    using zc::png::decoder_kind;
    benchmark::RegisterBenchmark(name("decode/fast_rgba8", c.name).c_str(), BM_decode_preset, c.get,
                                 &decode_options::rgba8, decoder_kind::automatic)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("decode/libpng_rgba8", c.name).c_str(), BM_decode_preset,
                                 c.get, &decode_options::rgba8, decoder_kind::libpng)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("decode/fast_as_stored", c.name).c_str(), BM_decode_preset,
                                 c.get, &decode_options::as_stored, decoder_kind::automatic)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("decode/libpng_as_stored", c.name).c_str(), BM_decode_preset,
                                 c.get, &decode_options::as_stored, decoder_kind::libpng)
        ->Unit(ms);
  }
  for (const image_case& c : cases) {
    benchmark::RegisterBenchmark(name("encode/default", c.name).c_str(), BM_encode, c.get,
                                 encode_preset::libpng_default, -1)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("encode/fast", c.name).c_str(), BM_encode, c.get,
                                 encode_preset::fast, -1)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("encode/fast_level2", c.name).c_str(), BM_encode, c.get,
                                 encode_preset::fast, 2)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("encode/fast_level3", c.name).c_str(), BM_encode, c.get,
                                 encode_preset::fast, 3)
        ->Unit(ms);
    benchmark::RegisterBenchmark(name("encode/libpng_fast", c.name).c_str(), BM_encode, c.get,
                                 encode_preset::libpng_fast, -1)
        ->Unit(ms);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
