// One image: decoded straight from the worker's connection into an Eigen
// matrix of the file's own sample type, statistics and luma computed row by
// row through Eigen maps over the decoded rows (nothing wider than the
// image is ever whole in memory), derived PNGs encoded straight from rows.
#include "analysis.hpp"

#include <sqlite3.h>
#include <sys/mman.h>
#include <unistd.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <zc/eigen.hpp>
#include <zc/sqlite.hpp>

#include "pipeline.hpp"

namespace image_store {
namespace {

template <class T>
using rows_of = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void require_identity(bool same, const char* what, analysis_result& out) {
  if (!same) throw zc::error(zc::errc::invalid_argument, std::string("not zero-copy: ") + what);
  ++out.identities_checked;
}

// Counts what the decoder pulls (progress) and tells a database failure
// (kept here) from a PNG the decoder refuses.
class counting_source : public zc::byte_source {
 public:
  counting_source(zc::byte_source& inner, std::atomic<std::uint64_t>& counter)
      : inner_(inner), counter_(counter) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override {
    try {
      const std::size_t n = inner_.read_some(dst, max_bytes);
      counter_.fetch_add(n, std::memory_order_relaxed);
      return n;
    } catch (const zc::sqlite::sqlite_error&) {
      fault_ = std::current_exception();
      throw;
    }
  }
  [[nodiscard]] std::exception_ptr fault() const { return fault_; }

 private:
  zc::byte_source& inner_;
  std::atomic<std::uint64_t>& counter_;
  std::exception_ptr fault_;
};

// Palette images become RGB, low-bit gray 8-bit, and a tRNS chunk an alpha
// channel; everything else keeps the file's channels and its 8 or 16 bits.
zc::png::decode_options decode_as_stored() {
  zc::png::decode_options options;
  options.palette_to_rgb = true;
  options.gray_to_8bit = true;
  options.trns_to_alpha = true;
  return options;
}

int decoded_channels(const pending_image& img) {
  const int colour =
      img.color_type == static_cast<int>(zc::png::color_type::palette) ? 3 : img.channels;
  return colour + (img.has_trns ? 1 : 0);
}

// Gives the whole pages of [base + used, base + size) back to the system
// (MADV_DONTNEED: the memory stays mapped and reads as zeros if touched).
void release_pages_after(void* base, std::size_t used, std::size_t size) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(base);
  const std::uintptr_t first = (begin + used + page - 1) / page * page;
  const std::uintptr_t last = (begin + size) / page * page;
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

[[noreturn]] void fault(const pending_image& img, const std::exception& e) {
  throw read_fault{"cannot read stored image '" + img.name + "': " + reason_of(e)};
}

// Sums of samples and of their squares are exact in 64-bit integers (at
// most 2^16 * 2^16 * 2^30 pixels of the decoder's limits), so the mean and
// the variance do not depend on how the rows were split among threads.
struct channel_sums {
  Eigen::Array<std::int64_t, Eigen::Dynamic, 1> sum, sum_sq, lo, hi;
};

channel_stats finish_channel(const channel_sums& s, Eigen::Index c, std::int64_t count) {
  __extension__ using wide = __int128;
  const auto n = static_cast<wide>(count);
  const wide numerator = n * s.sum_sq(c) - static_cast<wide>(s.sum(c)) * s.sum(c);  // n^2 var
  channel_stats out;
  out.mean = static_cast<double>(s.sum(c)) / static_cast<double>(count);
  out.stddev = std::sqrt(static_cast<double>(numerator)) / static_cast<double>(count);
  out.min = static_cast<double>(s.lo(c));
  out.max = static_cast<double>(s.hi(c));
  return out;
}

template <class T>
void decode_and_analyse(sqlite3* db, const pending_image& img, read_path via,
                        const zc::png::encode_options& encoding, image_progress& progress,
                        analysis_result& out) {
  const int channels = decoded_channels(img);
  // The table is input too: refuse sizes the decoder would refuse, before
  // allocating for them (the file's own header is checked again by decode).
  const zc::png::limits limits;
  if (img.width < 1 || img.height < 1 || channels < 1 || channels > 4 ||
      img.width > limits.max_width || img.height > limits.max_height) {
    out.bad = true;
    out.error = "stored size " + std::to_string(img.width) + "x" + std::to_string(img.height) +
                "x" + std::to_string(channels) + " is not a valid image size";
    return;
  }
  const auto bytes = static_cast<std::uint64_t>(img.width) *
                     static_cast<std::uint64_t>(img.height) * static_cast<std::uint64_t>(channels) *
                     sizeof(T);
  if (bytes > limits.max_bytes) {
    out.bad = true;
    out.error = "the decoded image needs " + std::to_string(bytes) + " bytes, above the limit of " +
                std::to_string(limits.max_bytes);
    return;
  }
  const Eigen::Index width = img.width, height = img.height;
  rows_of<T> storage(height, width * channels);
  const zc::buffer_view pixels =
      zc::eigen::view(storage).reshape({height, width, static_cast<Eigen::Index>(channels)});
  require_identity(pixels.data() == storage.data(), "decode destination is the matrix", out);

  // Decode straight from the database: a blob view of the row, or an
  // incremental blob reader, pulled by libpng through a counting stream.
  zc::png::decode_result decoded;
  {
    std::optional<zc::sqlite::statement> select;
    std::optional<zc::memory_source> memory;
    std::optional<zc::sqlite::blob_reader> reader;
    zc::byte_source* inner = nullptr;
    try {
      if (via == read_path::blob_view) {
        select.emplace(db, "SELECT png FROM images WHERE id = ?");
        sqlite3_bind_int64(*select, 1, img.id);
        if (!select->step()) {
          throw read_fault{"stored image '" + img.name + "' vanished from the database"};
        }
        const zc::buffer_view blob = zc::sqlite::column_view(*select, 0).get();
        require_identity(blob.data() == sqlite3_column_blob(*select, 0),
                         "blob view is sqlite3_column_blob", out);
        memory.emplace(blob);
        inner = &*memory;
      } else {
        reader.emplace(db, "images", "png", img.id);
        inner = &*reader;
      }
    } catch (const zc::sqlite::sqlite_error& e) {
      fault(img, e);
    }
    counting_source counted(*inner, progress.bytes_read);
    try {
      decoded = zc::png::decode_into(zc::png::source::stream(counted), pixels, decode_as_stored());
    } catch (const zc::error& e) {
      if (counted.fault()) {
        try {
          std::rethrow_exception(counted.fault());
        } catch (const std::exception& db_error) {
          fault(img, db_error);
        }
      }
      out.bad = true;
      out.error = std::string("cannot decode: ") + e.what();
      return;
    }
  }
  out.fast_decoder = decoded.decoder == zc::png::decoder_kind::fast;
  out.png_bytes_read = progress.bytes_read.load(std::memory_order_relaxed);
  progress.decoded.store(true, std::memory_order_relaxed);
  out.pixel_bytes = pixels.nbytes();

  // One pass over the rows: per-channel sums, extremes and the luma row,
  // through a channels x width map of each decoded row (no copy).
  channel_sums sums;
  sums.sum.setZero(channels);
  sums.sum_sq.setZero(channels);
  sums.lo.setConstant(channels, std::numeric_limits<std::int64_t>::max());
  sums.hi.setConstant(channels, std::numeric_limits<std::int64_t>::min());
  // The luma is written in place, over the decoded rows already analysed:
  // luma row r takes bytes [r*W, (r+1)*W) of the storage, at or before
  // decoded row r's bytes [r*W*B, (r+1)*W*B) (B >= 1 bytes per pixel), so
  // luma byte x lands at or before the first byte of pixel x of row r: each
  // is written after its pixel was read, never over a pixel not yet read.
  // A worker thus holds the decoded image, not the image plus its luma.
  auto* const luma_bytes = reinterpret_cast<std::uint8_t*>(storage.data());
  const float to_8bit = sizeof(T) == 1 ? 1.0f : 1.0f / 257.0f;
  using samples = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;  // channels x width
  for (Eigen::Index r = 0; r < height; ++r) {
    const auto row = zc::eigen::map<const samples>(pixels.select(0, r).transpose());
    if (r == 0) require_identity(row.data() == storage.data(), "row map aliases the matrix", out);
    const auto wide = row.array().template cast<std::int64_t>();
    sums.sum += wide.rowwise().sum();
    sums.sum_sq += wide.square().rowwise().sum();
    sums.lo = sums.lo.min(wide.rowwise().minCoeff());
    sums.hi = sums.hi.max(wide.rowwise().maxCoeff());
    Eigen::Map<Eigen::Array<std::uint8_t, 1, Eigen::Dynamic>> luma_row(luma_bytes + r * width,
                                                                       width);
    const auto f = row.array().template cast<float>();
    if (channels >= 3) {
      luma_row = ((0.299f * f.row(0) + 0.587f * f.row(1) + 0.114f * f.row(2)) * to_8bit)
                     .round()
                     .min(255.0f)
                     .max(0.0f)
                     .template cast<std::uint8_t>();
    } else {
      luma_row = (f.row(0) * to_8bit).round().min(255.0f).max(0.0f).template cast<std::uint8_t>();
    }
  }
  for (int c = 0; c < channels; ++c) out.stats.push_back(finish_channel(sums, c, width * height));
  // The decoded samples are no longer needed: the whole pages past the luma
  // go back to the system now (their content is dead), so encoding runs
  // with the luma's memory, not the decoded image's.
  release_pages_after(luma_bytes, static_cast<std::size_t>(width * height),
                      static_cast<std::size_t>(pixels.nbytes()));

  const zc::buffer_view luma_view =
      zc::view(static_cast<const std::uint8_t*>(luma_bytes), {height, width});
  require_identity(luma_view.data() == storage.data(), "luma view is the decoded storage", out);
  zc::png::encode(luma_view, zc::png::sink::memory(out.luma_png), encoding);
  out.luma_width = width;
  out.luma_height = height;
  // Thumbnail: every second row and column of the luma, a strided view;
  // rows whose pixels are not adjacent go through the encoder's row buffer.
  const zc::buffer_view thumb = luma_view.slice(0, {}, {}, 2).slice(1, {}, {}, 2);
  require_identity(thumb.data() == luma_view.data(), "thumbnail view aliases the luma", out);
  zc::png::encode(thumb, zc::png::sink::memory(out.thumbnail_png), encoding);
  out.thumbnail_width = thumb.shape(1);
  out.thumbnail_height = thumb.shape(0);

  std::string mean_text;
  for (const auto& s : out.stats) {
    char one[32];
    std::snprintf(one, sizeof one, "%s%.1f", mean_text.empty() ? "" : " ", s.mean);
    mean_text += one;
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-22s %5lldx%-5lld %d ch %2d-bit  %s  %s  mean [%s]",
                img.name.c_str(), static_cast<long long>(width), static_cast<long long>(height),
                channels, decoded.bit_depth, out.fast_decoder ? "fast  " : "libpng",
                decoded.path == zc::png::row_path::direct_rows ? "direct rows" : "row buffer ",
                mean_text.c_str());
  out.line = line;
}

}  // namespace

analysis_result analyse_image(sqlite3* db, const pending_image& img, read_path via,
                              const zc::png::encode_options& encoding, image_progress& progress) {
  analysis_result out;
  try {
    if (img.bit_depth == 16) {
      decode_and_analyse<std::uint16_t>(db, img, via, encoding, progress, out);
    } else {
      decode_and_analyse<std::uint8_t>(db, img, via, encoding, progress, out);
    }
  } catch (const read_fault&) {
    throw;
  } catch (const zc::sqlite::sqlite_error& e) {
    fault(img, e);
  } catch (const std::bad_alloc&) {
    throw read_fault{"out of memory while analysing '" + img.name + "'"};
  } catch (const zc::error& e) {
    // Encoding a luma image we computed ourselves cannot be the file's
    // fault: it stops the run rather than marking the image.
    throw read_fault{"cannot analyse '" + img.name + "': " + e.what()};
  }
  if (out.bad) {
    out.stats.clear();
    out.line = img.name + ": BAD: " + out.error;
  }
  return out;
}

}  // namespace image_store
