// Stage 2: each stored PNG decoded straight from the database into an Eigen
// matrix's storage; statistics through channel maps; derived images encoded
// straight from Eigen rows and bound back without a copy.
#include <sqlite3.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>
#include <zc/png.hpp>
#include <zc/sqlite.hpp>

#include "pipeline.hpp"

namespace image_store {
namespace {

template <class T>
using rows_of = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct stored_image {
  std::int64_t id = 0;
  std::string name;
  Eigen::Index width = 0;   // pixels
  Eigen::Index height = 0;  // pixels
  int channels = 0;         // in the file
  int bit_depth = 0;        // in the file
  int color_type = 0;
  bool has_trns = false;
};

void require_identity(bool same, const char* what, run_stats& stats) {
  if (!same) throw zc::error(zc::errc::invalid_argument, std::string("not zero-copy: ") + what);
  ++stats.identities_checked;
}

std::vector<stored_image> list_stored(sqlite3* db) {
  zc::sqlite::statement query(
      db,
      "SELECT id, name, width, height, channels, bit_depth, color_type, has_trns "
      "FROM images ORDER BY name");
  std::vector<stored_image> out;
  while (query.step()) {
    stored_image img;
    img.id = sqlite3_column_int64(query, 0);
    img.name = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
    img.width = sqlite3_column_int64(query, 2);
    img.height = sqlite3_column_int64(query, 3);
    img.channels = sqlite3_column_int(query, 4);
    img.bit_depth = sqlite3_column_int(query, 5);
    img.color_type = sqlite3_column_int(query, 6);
    img.has_trns = sqlite3_column_int(query, 7) != 0;
    out.push_back(std::move(img));
  }
  return out;
}

// Palette images become RGB, low-bit gray 8-bit, and a tRNS chunk an alpha
// channel; everything else keeps the file's channels and its 8 or 16 bits.
zc::png::decode_options decode_as_stored() {
  zc::png::decode_options options;
  options.palette_to_rgb = true;
  options.gray_to_8bit = true;
  options.trns_to_alpha = true;
  return options;
}

int decoded_channels(const stored_image& img) {
  const int colour =
      img.color_type == static_cast<int>(zc::png::color_type::palette) ? 3 : img.channels;
  return colour + (img.has_trns ? 1 : 0);
}

void insert_stats(sqlite3* db, std::int64_t id, int channel, double mean, double stddev, double lo,
                  double hi) {
  zc::sqlite::statement insert(db,
                               "INSERT OR REPLACE INTO image_stats(image_id, channel, mean, "
                               "stddev, min, max) VALUES(?, ?, ?, ?, ?, ?)");
  sqlite3_bind_int64(insert, 1, id);
  sqlite3_bind_int(insert, 2, channel);
  sqlite3_bind_double(insert, 3, mean);
  sqlite3_bind_double(insert, 4, stddev);
  sqlite3_bind_double(insert, 5, lo);
  sqlite3_bind_double(insert, 6, hi);
  insert.run();
}

void insert_derived(sqlite3* db, std::int64_t id, const char* kind, const zc::buffer_view& image,
                    std::vector<std::byte>& png) {
  zc::sqlite::statement insert(db,
                               "INSERT OR REPLACE INTO derived(image_id, kind, width, height, png) "
                               "VALUES(?, ?, ?, ?, ?)");
  sqlite3_bind_int64(insert, 1, id);
  sqlite3_bind_text(insert, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64(insert, 3, image.shape(1));
  sqlite3_bind_int64(insert, 4, image.shape(0));
  // `png` outlives the statement: bound as it is.
  zc::sqlite::bind(insert, 5, zc::view(png), zc::sqlite::blob_lifetime::caller_keeps_alive);
  insert.run();
}

// Decodes `img` into an H x (W*C) row-major matrix of T, analyses it and
// stores the results.  Returns a progress line.
template <class T>
std::string process(sqlite3* db, const stored_image& img, read_path via, run_stats& stats) {
  const int channels = decoded_channels(img);
  // The table is input too: refuse sizes the decoder would refuse, before
  // allocating for them (the file's own header is checked again by decode).
  const zc::png::limits limits;
  if (img.width < 1 || img.height < 1 || channels < 1 || channels > 4 ||
      img.width > limits.max_width || img.height > limits.max_height) {
    throw zc::error(zc::errc::invalid_format,
                    "stored size " + std::to_string(img.width) + "x" + std::to_string(img.height) +
                        "x" + std::to_string(channels) + " is not a valid image size");
  }
  const auto bytes = static_cast<std::uint64_t>(img.width) *
                     static_cast<std::uint64_t>(img.height) * static_cast<std::uint64_t>(channels) *
                     sizeof(T);
  if (bytes > limits.max_bytes) {
    throw zc::error(zc::errc::limit_exceeded, "decoded image needs " + std::to_string(bytes) +
                                                  " bytes, limit " +
                                                  std::to_string(limits.max_bytes));
  }
  rows_of<T> storage(img.height, img.width * channels);
  const zc::buffer_view pixels = zc::eigen::view(storage).reshape(
      {img.height, img.width, static_cast<Eigen::Index>(channels)});
  require_identity(pixels.data() == storage.data(), "decode destination is the matrix", stats);

  // Decode straight from the database.
  auto copied = zc::bytes_copied();
  zc::png::decode_result decoded;
  std::uint64_t png_bytes = 0;
  if (via == read_path::blob_view) {
    zc::sqlite::statement select(db, "SELECT png FROM images WHERE id = ?");
    sqlite3_bind_int64(select, 1, img.id);
    if (!select.step()) throw zc::error(zc::errc::out_of_range, "row vanished: " + img.name);
    const zc::buffer_view blob = zc::sqlite::column_view(select, 0).get();
    require_identity(blob.data() == sqlite3_column_blob(select, 0),
                     "blob view is sqlite3_column_blob", stats);
    decoded = zc::png::decode_into(zc::png::source::memory(blob), pixels, decode_as_stored());
    png_bytes = blob.nbytes();
  } else {
    zc::sqlite::blob_reader reader(db, "images", "png", img.id);
    decoded = zc::png::decode_into(zc::png::source::stream(reader), pixels, decode_as_stored());
    png_bytes = reader.position();
  }
  stats.copied_decode += zc::bytes_copied() - copied;
  stats.png_bytes_read += png_bytes;
  stats.pixel_bytes += pixels.nbytes();

  // Statistics per channel, through maps over the interleaved samples.
  std::vector<double> means;
  for (int c = 0; c < channels; ++c) {
    const auto channel = zc::eigen::map<const rows_of<T>>(pixels.select(2, c));
    require_identity(channel.data() == storage.data() + c, "channel map aliases the matrix", stats);
    const auto values = channel.template cast<double>().array();
    const double mean = values.mean();
    const double stddev = std::sqrt((values - mean).square().mean());
    insert_stats(db, img.id, c, mean, stddev, values.minCoeff(), values.maxCoeff());
    means.push_back(mean);
  }

  // Luma: 8-bit gray computed from the channel maps (a new image: computing
  // it is the work, not a copy).
  const double to_8bit = sizeof(T) == 1 ? 1.0 : 1.0 / 257.0;
  const auto map_of = [&](int c) {
    return zc::eigen::map<const rows_of<T>>(pixels.select(2, c)).template cast<double>();
  };
  Eigen::MatrixXd luma_d;
  if (channels >= 3) {
    luma_d = 0.299 * map_of(0) + 0.587 * map_of(1) + 0.114 * map_of(2);
  } else {
    luma_d = map_of(0);
  }
  const rows_of<std::uint8_t> luma =
      (luma_d.array() * to_8bit).round().min(255.0).max(0.0).template cast<std::uint8_t>();
  const zc::buffer_view luma_view = zc::eigen::view(luma);

  copied = zc::bytes_copied();
  std::vector<std::byte> luma_png;
  const auto luma_written = zc::png::encode(luma_view, zc::png::sink::memory(luma_png));
  stats.copied_luma += zc::bytes_copied() - copied;

  // Thumbnail: every second row and column of the luma, a strided view;
  // rows whose pixels are not adjacent go through the encoder's row buffer.
  const zc::buffer_view thumb = luma_view.slice(0, {}, {}, 2).slice(1, {}, {}, 2);
  require_identity(thumb.data() == luma.data(), "thumbnail view aliases the luma", stats);
  copied = zc::bytes_copied();
  std::vector<std::byte> thumb_png;
  const auto thumb_written =
      zc::png::encode(thumb, zc::png::sink::memory(thumb_png), zc::png::encode_options::fast());
  stats.copied_thumbnail += zc::bytes_copied() - copied;

  insert_derived(db, img.id, "luma", luma_view, luma_png);
  insert_derived(db, img.id, "thumbnail", thumb, thumb_png);
  stats.derived_png_bytes += luma_written.bytes_written + thumb_written.bytes_written;

  char line[256];
  std::string mean_text;
  for (const double m : means) {
    char one[32];
    std::snprintf(one, sizeof one, "%s%.1f", mean_text.empty() ? "" : " ", m);
    mean_text += one;
  }
  std::snprintf(line, sizeof line, "%-22s %5lldx%-5lld %d ch %2d-bit  %s  mean [%s]",
                img.name.c_str(), static_cast<long long>(img.width),
                static_cast<long long>(img.height), channels, decoded.bit_depth,
                decoded.path == zc::png::row_path::direct_rows ? "direct rows" : "row buffer ",
                mean_text.c_str());
  return line;
}

}  // namespace

void analyse(sqlite3* db, read_path via, run_stats& stats, const progress_fn& progress) {
  const std::vector<stored_image> images = list_stored(db);
  std::size_t index = 0;
  for (const stored_image& img : images) {
    ++index;
    const std::string counter =
        "[" + std::to_string(index) + "/" + std::to_string(images.size()) + "] ";
    try {
      zc::sqlite::transaction tx(db);
      const std::string line = img.bit_depth == 16 ? process<std::uint16_t>(db, img, via, stats)
                                                   : process<std::uint8_t>(db, img, via, stats);
      tx.commit();
      ++stats.decoded;
      if (progress) progress(counter + line);
    } catch (const zc::error& e) {
      stats.failures.push_back(img.name + ": not decoded: " + e.what());
      if (progress) progress(counter + img.name + ": FAILED: " + e.what());
    }
  }
}

}  // namespace image_store
