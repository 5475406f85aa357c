#include "fast_decode.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "row_convert.hpp"
#include "zc/copy_stats.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

constexpr unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

std::uint32_t load_be32(const std::byte* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}

int channels_of(unsigned color) noexcept {
  switch (color) {
    case 0:
      return 1;
    case 2:
      return 3;
    case 4:
      return 2;
    case 6:
      return 4;
    default:
      return 0;
  }
}

// libpng's png_check_chunk_length allowance for IDAT: the image's filtered
// bytes plus deflate's worst-case overhead, at most 2^31-1.
std::uint64_t idat_allowance(std::uint32_t width, std::uint32_t height, int channels, int depth) {
  constexpr std::uint64_t uint31_max = 0x7fffffffu;
  std::uint64_t row_factor =
      std::uint64_t{width} * static_cast<std::uint64_t>(channels) * (depth > 8 ? 2u : 1u) + 1;
  std::uint64_t limit = height > 0xffffffffu / row_factor ? uint31_max : height * row_factor;
  row_factor = std::min<std::uint64_t>(row_factor, 32566);
  limit += 6 + 5 * (limit / row_factor + 1);
  return std::min(limit, uint31_max);
}

void swap16_copy(std::uint8_t* out, const std::uint8_t* in, std::size_t n) noexcept {
  for (std::size_t i = 0; i + 1 < n; i += 2) {
    const std::uint8_t high = in[i];
    out[i] = in[i + 1];
    out[i + 1] = high;
  }
}

}  // namespace

fast_decoder::fast_decoder(opened_source& in, const decode_options& options)
    : options_(options), in_(in) {}

fast_decoder::~fast_decoder() = default;

info fast_decoder::stored() const noexcept {
  info h;
  h.width = file_.width;
  h.height = file_.height;
  h.channels = file_.channels;
  h.bit_depth = file_.bit_depth;
  h.color = file_.color;
  h.interlaced = false;
  h.has_trns = has_trns_;
  return h;
}

int fast_decoder::warnings() const noexcept { return chunks_ ? chunks_->warnings() : 0; }

bool fast_decoder::open(bool swap_16) {
  header_size_ = in_.read_some(header_.data(), header_.size());
  if (header_size_ < header_.size()) return false;
  const std::byte* h = header_.data();
  if (std::memcmp(h, png_signature, 8) != 0) return false;
  if (load_be32(h + 8) != 13 || load_be32(h + 12) != tag_ihdr) return false;
  if (png_crc(0, h + 12, 17) != load_be32(h + 29)) return false;
  const std::uint32_t width = load_be32(h + 16);
  const std::uint32_t height = load_be32(h + 20);
  const auto depth = static_cast<unsigned>(h[24]);
  const auto color = static_cast<unsigned>(h[25]);
  const bool standard_methods = h[26] == std::byte{0} && h[27] == std::byte{0};
  const bool interlaced = h[28] != std::byte{0};
  const int channels = channels_of(color);
  if (channels == 0 || (depth != 8 && depth != 16) || !standard_methods || interlaced) {
    return false;
  }
  // Out-of-range sizes and limits: libpng refuses them with its codes.
  const limits& lim = options_.limits;
  if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu ||
      width > lim.max_width || height > lim.max_height) {
    return false;
  }
  const std::uint64_t row_bytes =
      std::uint64_t{width} * static_cast<std::uint64_t>(channels) * (depth / 8);
  if (row_bytes * height > lim.max_bytes) return false;
  const auto stored_color = static_cast<color_type>(color);
  if (!row_pass_can_convert(options_, stored_color, depth)) return false;
  // The decoded image may be larger than the file's (alpha added, gray to
  // RGB, 8 to 16 bits): past the limit, libpng refuses it in its words.
  // tRNS is not known yet, so assume one.
  const std::array<std::uint16_t, 3> any_trns{};
  const row_conversion largest =
      plan_row_conversion(options_, stored_color, depth, &any_trns, swap_16);
  if (std::uint64_t{width} * largest.out_channels() * largest.out_bytes * height > lim.max_bytes) {
    return false;
  }

  file_.width = width;
  file_.height = height;
  file_.channels = channels;
  file_.bit_depth = static_cast<int>(depth);
  file_.color = stored_color;
  file_.interlaced = false;
  file_.passes = 1;
  file_.row_bytes = static_cast<std::size_t>(row_bytes);
  bpp_ = static_cast<unsigned>(channels) * (depth / 8);
  swap_ = swap_16 && depth == 16;
  swap_16_ = swap_16;
  return true;
}

output_format fast_decoder::read_to_image() {
  chunks_.emplace(in_, options_.limits,
                  idat_allowance(file_.width, file_.height, file_.channels, file_.bit_depth));
  const bool gray = (static_cast<unsigned>(file_.color) & 2u) == 0;
  const bool has_alpha = (static_cast<unsigned>(file_.color) & 4u) != 0;
  for (;;) {
    chunks_->next();
    const std::uint32_t type = chunks_->type();
    if (type == tag_idat) break;
    if (type == tag_ihdr || type == tag_iend) {
      throw error(errc::backend, in_.what() + ": " + chunks_->name() + ": out of place");
    }
    if (type == tag_plte) {
      // A second PLTE is an error (libpng refuses it on its header, before
      // the data).  The first: a suggested palette for colour images,
      // "invalid" (a warning) at a length that is no whole number of up to
      // 256 entries; libpng ignores one in gray images with a warning.
      // An empty one is an error ("Invalid palette", after its CRC).
      if (have_plte_) throw error(errc::backend, in_.what() + ": PLTE: duplicate");
      have_plte_ = true;
      const std::uint32_t length = chunks_->remaining();
      if (gray || length > 3 * 256 || length % 3 != 0) {
        chunks_->warn();
      } else if (length == 0) {
        chunks_->finish();
        throw error(errc::backend, in_.what() + ": PLTE: invalid palette (no entries)");
      }
    } else if (type == tag_trns) {
      read_trns(gray, has_alpha);
      continue;
    } else if (is_critical(type)) {
      chunks_->finish();  // libpng reads the chunk (and checks its CRC) before refusing it
      throw error(errc::backend, in_.what() + ": " + chunks_->name() + ": unknown critical chunk");
    }
    chunks_->finish();  // ancillary chunks: skipped, CRC checked
  }
  conversion_ = plan_row_conversion(options_, file_.color, static_cast<unsigned>(file_.bit_depth),
                                    has_trns_ ? &trns_ : nullptr, swap_16_);
  format_ = file_;
  format_.channels = static_cast<int>(conversion_.out_channels());
  format_.bit_depth = static_cast<int>(conversion_.out_bytes * 8);
  format_.color = conversion_.out_color();
  format_.row_bytes = std::size_t{file_.width} * conversion_.out_channels() * conversion_.out_bytes;
  return format_;
}

void fast_decoder::read_trns(bool gray, bool has_alpha) {
  // As png_handle_tRNS: the first valid tRNS counts, a later one is a
  // "duplicate"; one in a file with alpha or of another size is "invalid"
  // (each ignored with a benign error, a warning).  A bad CRC drops it too.
  // png_set_tRNS warns about samples out of an 8-bit file's range (and
  // keeps them: png_do_expand compares their low byte).
  const std::uint32_t length = chunks_->remaining();
  if (has_trns_ || has_alpha || length != (gray ? 2u : 6u)) {
    chunks_->finish();
    chunks_->warn();
    return;
  }
  std::array<std::byte, 6> value{};
  std::size_t have = 0;
  while (have < length) {
    std::size_t got = 0;
    const std::byte* p = chunks_->piece(length - have, got);
    std::memcpy(value.data() + have, p, got);
    have += got;
  }
  if (!chunks_->finish()) return;  // bad CRC: libpng drops the chunk
  bool out_of_range = false;
  for (std::size_t i = 0; i < (gray ? 1u : 3u); ++i) {
    trns_[i] = static_cast<std::uint16_t>(static_cast<unsigned>(value[2 * i]) << 8 |
                                          static_cast<unsigned>(value[2 * i + 1]));
    out_of_range = out_of_range || trns_[i] > 0xff;
  }
  if (file_.bit_depth == 8 && out_of_range) chunks_->warn();
  has_trns_ = true;
}

void fast_decoder::emit_row(const row_layout& layout, std::uint32_t y, const std::uint8_t* row) {
  const std::size_t n = format_.row_bytes;
  if (swap_) {
    std::uint8_t* swapped = scratch_.get() + 2 * file_.row_bytes;
    swap16_copy(swapped, row, n);
    row = swapped;
  }
  scatter_row(layout, y, reinterpret_cast<const std::byte*>(row));
  zc::detail::count_copied(n);
}

row_path fast_decoder::read_rows(const row_layout& layout) {
  const std::size_t n = file_.row_bytes;  // one unfiltered row of the file
  const std::size_t filtered = n + 1;     // filter byte + row
  const std::size_t batch_rows = std::max<std::size_t>(1, (std::size_t{32} << 10) / filtered);
  const std::size_t staging_bytes = batch_rows * filtered;
  staging_ = std::make_unique<std::uint8_t[]>(staging_bytes);
  inflater_ =
      std::make_unique<inflate_stream>(*chunks_, filtered, std::uint64_t{filtered} * file_.height);

  // Direct: the destination's rows are the file's own packed rows, so each
  // row is unfiltered into it and is the next row's prior.  16-bit samples
  // wanted little-endian are swapped in place one row late, once the next
  // row no longer needs them as its prior.  Otherwise rows alternate between
  // two scratch rows and are copied out: converted into the destination row
  // when it is packed, else into one more scratch row (of the decoded
  // format; for a plain byte swap, of the file's) and scattered.  Rows closer
  // than a row apart would overwrite the prior row while it is read: those
  // go through scratch too.
  const bool converts = !conversion_.keeps_samples();
  const std::uint64_t row_distance =
      static_cast<std::uint64_t>(layout.row_stride < 0 ? -layout.row_stride : layout.row_stride);
  const bool direct =
      !converts && layout.rows_are_packed() && (file_.height == 1 || row_distance >= n);
  const bool convert_in_place = converts && layout.rows_are_packed();
  if (!direct) {
    const std::size_t out_row =
        converts ? (convert_in_place ? 0 : format_.row_bytes) : (swap_ ? n : 0);
    scratch_bytes_ = 2 * n + out_row;
    scratch_ = std::make_unique<std::uint8_t[]>(scratch_bytes_);
    // Converted straight into the caller's rows, the scratch rows are
    // working memory (as libpng's own row buffers are), not a row buffer.
    row_buffer_bytes_ = convert_in_place ? 0 : scratch_bytes_;
  }
  const unfilter_kernels& kernels = best_unfilter_kernels();

  std::uint64_t image_left = std::uint64_t{filtered} * file_.height;  // bytes still to inflate
  std::size_t filled = 0;                                             // inflated bytes in staging
  std::size_t parsed = 0;  // bytes of staging already unfiltered
  const std::uint8_t* prior = nullptr;
  for (std::uint32_t y = 0; y < file_.height; ++y) {
    while (filled - parsed < filtered) {
      const std::size_t room =
          static_cast<std::size_t>(std::min<std::uint64_t>(staging_bytes - filled, image_left));
      const std::size_t got = inflater_->read(staging_.get() + filled, room);
      if (got == 0) {
        inflater_->settle_early_end();
        throw error(errc::backend, in_.what() +
                                       ": not enough image data (the zlib stream ends "
                                       "after " +
                                       std::to_string(y) + " of " + std::to_string(file_.height) +
                                       " rows)");
      }
      filled += got;
      image_left -= got;
    }
    const std::uint8_t* raw = staging_.get() + parsed;
    const unsigned filter = raw[0];
    if (filter > 4) {
      throw error(errc::backend, in_.what() + ": bad adaptive filter value " +
                                     std::to_string(filter) + " in row " + std::to_string(y));
    }
    std::uint8_t* out =
        direct ? reinterpret_cast<std::uint8_t*>(layout.row(y)) : scratch_.get() + (y % 2) * n;
    unfilter_row(kernels, filter, raw + 1, prior, out, n, bpp_);
    if (converts) {
      std::uint8_t* decoded = convert_in_place ? reinterpret_cast<std::uint8_t*>(layout.row(y))
                                               : scratch_.get() + 2 * n;
      convert_row(conversion_, out, decoded, file_.width);
      if (!convert_in_place) {  // staged: counted, as libpng's row buffer is
        scatter_row(layout, y, reinterpret_cast<const std::byte*>(decoded));
        zc::detail::count_copied(format_.row_bytes);
      }
    } else if (!direct) {
      emit_row(layout, y, out);
    } else if (swap_ && prior != nullptr) {
      auto* done = const_cast<std::uint8_t*>(prior);  // a destination row
      swap16_copy(done, done, n);
    }
    prior = out;
    parsed += filtered;
    if (parsed == staging_bytes) parsed = filled = 0;  // staging holds whole rows only
  }
  if (direct && swap_) {
    auto* last = reinterpret_cast<std::uint8_t*>(layout.row(file_.height - 1));
    swap16_copy(last, last, n);
  }
  return direct || convert_in_place ? row_path::direct_rows : row_path::row_buffer;
}

void fast_decoder::finish() {
  inflater_->finish();  // leaves chunks_ on the first chunk after the IDATs
  for (;;) {
    const std::uint32_t type = chunks_->type();
    if (type == tag_iend) {
      if (chunks_->remaining() > 0) chunks_->warn();  // libpng: "invalid" (benign)
      chunks_->finish();
      return;
    }
    if (type == tag_ihdr) {
      throw error(errc::backend, in_.what() + ": IHDR: out of place");
    }
    if (type == tag_plte && have_plte_) {
      // libpng checks for a second PLTE before it checks the position.
      throw error(errc::backend, in_.what() + ": PLTE: duplicate");
    }
    if (type == tag_idat || type == tag_plte) {
      chunks_->warn();  // libpng: "Too many IDATs found", PLTE "out of place"
    } else if (is_critical(type)) {
      chunks_->finish();  // libpng reads the chunk (and checks its CRC) before refusing it
      throw error(errc::backend, in_.what() + ": " + chunks_->name() + ": unknown critical chunk");
    }
    chunks_->finish();
    chunks_->next();
  }
}

}  // namespace zc::png::detail
