#include "fast_encode.hpp"

#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "chunk_reader.hpp"
#include "filter_choice.hpp"
#include "flat_content.hpp"
#include "zc/copy_stats.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

void store_be32(std::byte* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::byte>(v >> 24);
  p[1] = static_cast<std::byte>(v >> 16);
  p[2] = static_cast<std::byte>(v >> 8);
  p[3] = static_cast<std::byte>(v);
}

// A chunk laid out in `frame`: 8 bytes of length and type, `length` data
// bytes, 4 bytes for the CRC, which this fills in; then one sink write.
void emit_chunk(sink_output& out, std::uint32_t tag, std::byte* frame, std::size_t length) {
  store_be32(frame, static_cast<std::uint32_t>(length));
  store_be32(frame + 4, tag);
  store_be32(frame + 8 + length, png_crc(0, frame + 4, length + 4));
  const std::size_t total = length + 12;
  if (!write_bytes(out.target(), frame, total)) out.fail();
  out.target().written += total;
}

void write_header(const fast_encode_plan& plan, sink_output& out) {
  static constexpr unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!write_bytes(out.target(), reinterpret_cast<const std::byte*>(signature), 8)) out.fail();
  out.target().written += 8;
  std::byte ihdr[8 + 13 + 4] = {};
  store_be32(ihdr + 8, plan.layout.width);
  store_be32(ihdr + 12, plan.layout.height);
  ihdr[16] = static_cast<std::byte>(plan.layout.item * 8);  // bit depth
  ihdr[17] = static_cast<std::byte>(plan.color_type);
  // compression 0, filter method 0, no interlace: already zero.
  emit_chunk(out, tag_ihdr, ihdr, 13);
}

// ISA-L's level buffer size for `level` (its suggested default).
std::size_t level_buffer_bytes(int level) noexcept {
  switch (level) {
    case 1:
      return ISAL_DEF_LVL1_DEFAULT;
    case 2:
      return ISAL_DEF_LVL2_DEFAULT;
    case 3:
      return ISAL_DEF_LVL3_DEFAULT;
    default:
      return ISAL_DEF_LVL0_DEFAULT;
  }
}

// ISA-L's deflate with a zlib wrapper, its output going out as IDAT chunks.
class idat_stream {
 public:
  idat_stream(int level, sink_output& out)
      : out_(out),
        state_(std::make_unique<isal_zstream>()),
        level_buffer_(level_buffer_bytes(level)),
        frame_(std::make_unique<std::byte[]>(idat_bytes + 12)) {
    isal_deflate_init(state_.get());
    state_->level = static_cast<std::uint32_t>(level);
    state_->level_buf = level_buffer_.empty() ? nullptr : level_buffer_.data();
    state_->level_buf_size = static_cast<std::uint32_t>(level_buffer_.size());
    state_->gzip_flag = IGZIP_ZLIB;  // zlib header (CMF/FLG) and Adler-32 trailer
    state_->flush = NO_FLUSH;
    reset_output();
  }

  /// Compresses `n` bytes (ISA-L keeps what it needs of them as history),
  /// in pieces ISA-L's 32-bit avail_in can count.
  void write(const std::byte* data, std::size_t n) {
    constexpr std::size_t max_piece = std::size_t{1} << 30;
    while (n > 0) {
      const std::size_t piece = n < max_piece ? n : max_piece;
      state_->next_in = const_cast<std::uint8_t*>(  // NOLINT: ISA-L only reads its input
          reinterpret_cast<const std::uint8_t*>(data));
      state_->avail_in = static_cast<std::uint32_t>(piece);
      while (state_->avail_in > 0) step();
      data += piece;
      n -= piece;
    }
  }

  /// Ends the deflate stream and sends the last IDAT.
  void finish() {
    state_->end_of_stream = 1;
    state_->next_in = nullptr;
    state_->avail_in = 0;
    while (state_->internal_state.state != ZSTATE_END) step();
    const std::size_t pending = idat_bytes - state_->avail_out;
    if (pending > 0) emit_chunk(out_, tag_idat, frame_.get(), pending);
  }

 private:
  void reset_output() noexcept {
    state_->next_out = reinterpret_cast<std::uint8_t*>(frame_.get() + 8);
    state_->avail_out = static_cast<std::uint32_t>(idat_bytes);
  }

  void step() {
    const int code = isal_deflate(state_.get());
    if (code != COMP_OK) {
      throw error(errc::backend,
                  out_.what() + ": ISA-L deflate failed with code " + std::to_string(code));
    }
    if (state_->avail_out == 0) {
      emit_chunk(out_, tag_idat, frame_.get(), idat_bytes);
      reset_output();
    }
  }

  sink_output& out_;
  std::unique_ptr<isal_zstream> state_;  // ~90 KiB: history window and hash heads
  std::vector<std::uint8_t> level_buffer_;
  std::unique_ptr<std::byte[]> frame_;  // one IDAT chunk: 8 header + idat_bytes + 4 CRC
};

// zlib's working memory from operator new, like the rest of the fast
// encoder's (what the allocation counter and the OOM sweeps see).
void* zlib_alloc(void*, uInt items, uInt size) {
  return ::operator new(static_cast<std::size_t>(items) * size, std::nothrow);
}
void zlib_free(void*, void* p) { ::operator delete(p); }

// zlib's deflate (zlib wrapper, 32 KiB window), its output going out as
// IDAT chunks: the same interface as idat_stream.  Z_FILTERED, as libpng
// uses for filtered rows: matches of 5 bytes or less are not worth their
// codes on noisy rows (the screen-like test image: 5% smaller; the bench's
// screenshot-like image: 3.5% larger, 1.14x instead of 1.10x libpng's).
class zlib_idat_stream {
 public:
  zlib_idat_stream(int level, sink_output& out)
      : out_(out), frame_(std::make_unique<std::byte[]>(idat_bytes + 12)) {
    state_.zalloc = zlib_alloc;
    state_.zfree = zlib_free;
    state_.opaque = nullptr;
    const int code = deflateInit2(&state_, level, Z_DEFLATED, 15, 8, Z_FILTERED);
    if (code == Z_MEM_ERROR) throw std::bad_alloc();
    if (code != Z_OK) fail(code);
    reset_output();
  }
  zlib_idat_stream(const zlib_idat_stream&) = delete;
  zlib_idat_stream& operator=(const zlib_idat_stream&) = delete;
  ~zlib_idat_stream() { deflateEnd(&state_); }

  /// Compresses `n` bytes, in pieces zlib's 32-bit avail_in can count.
  void write(const std::byte* data, std::size_t n) {
    constexpr std::size_t max_piece = std::size_t{1} << 30;
    while (n > 0) {
      const std::size_t piece = n < max_piece ? n : max_piece;
      state_.next_in = const_cast<Bytef*>(  // NOLINT: deflate only reads its input
          reinterpret_cast<const Bytef*>(data));
      state_.avail_in = static_cast<uInt>(piece);
      while (state_.avail_in > 0) step(Z_NO_FLUSH);
      data += piece;
      n -= piece;
    }
  }

  /// Ends the deflate stream and sends the last IDAT.
  void finish() {
    state_.next_in = nullptr;
    state_.avail_in = 0;
    while (step(Z_FINISH) != Z_STREAM_END) {
    }
    const std::size_t pending = idat_bytes - state_.avail_out;
    if (pending > 0) emit_chunk(out_, tag_idat, frame_.get(), pending);
  }

 private:
  void reset_output() noexcept {
    state_.next_out = reinterpret_cast<Bytef*>(frame_.get() + 8);
    state_.avail_out = static_cast<uInt>(idat_bytes);
  }

  [[noreturn]] void fail(int code) const {
    throw error(errc::backend,
                out_.what() + ": zlib deflate failed with code " + std::to_string(code));
  }

  int step(int flush) {
    const int code = deflate(&state_, flush);
    // Z_BUF_ERROR only says no progress was possible: with output space
    // left and the input consumed that cannot repeat, so it is not an error.
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) fail(code);
    if (state_.avail_out == 0) {
      emit_chunk(out_, tag_idat, frame_.get(), idat_bytes);
      reset_output();
    }
    return code;
  }

  sink_output& out_;
  z_stream state_{};                    // ~260 KiB of zlib's own (window, hash chains)
  std::unique_ptr<std::byte[]> frame_;  // one IDAT chunk: 8 header + idat_bytes + 4 CRC
};

// Swaps each 16-bit sample of a packed row in place.
void swap_bytes_16(std::byte* row, std::size_t n) noexcept {
  for (std::size_t i = 0; i + 1 < n; i += 2) {
    const std::byte t = row[i];
    row[i] = row[i + 1];
    row[i + 1] = t;
  }
}

// Filters every row and feeds it to `idat` (idat_stream or
// zlib_idat_stream).
template <class stream>
void encode_rows(const fast_encode_plan& plan, stream& idat) {
  const row_layout& l = plan.layout;
  const std::size_t n = l.row_bytes();
  const std::size_t bpp = l.channels * l.item;
  const bool in_place = l.rows_are_packed() && !plan.swap_16;

  // Each candidate buffer holds the type byte, then the filtered row.
  const std::size_t slot = n + 1;
  std::vector<std::byte> candidates(slot * filter_type_count);
  std::byte* targets[filter_type_count];
  for (int k = 0; k < filter_type_count; ++k) {
    targets[k] = candidates.data() + static_cast<std::size_t>(k) * slot + 1;
  }
  const std::vector<std::byte> zeros(n);
  std::vector<std::byte> copies(in_place ? 0 : 2 * n);  // this row, the previous one

  const std::byte* prior = zeros.data();
  for (std::uint32_t y = 0; y < l.height; ++y) {
    const std::byte* raw = l.row(y);
    if (!in_place) {
      std::byte* copy = copies.data() + (y % 2) * n;
      if (l.rows_are_packed()) {
        std::memcpy(copy, raw, n);
      } else {
        gather_row(l, y, copy);
      }
      if (plan.swap_16) swap_bytes_16(copy, n);
      zc::detail::count_copied(n);
      raw = copy;
    }
    const filter_type chosen = filter_row(raw, prior, n, bpp, plan.allowed_filters, targets);
    idat.write(targets[static_cast<int>(chosen)] - 1, slot);
    prior = raw;
  }
  idat.finish();
}

}  // namespace

row_path fast_encode(const fast_encode_plan& plan, sink_output& out) {
  const row_layout& l = plan.layout;
  const bool in_place = l.rows_are_packed() && !plan.swap_16;
  bool flat = false;
  if (plan.flat_zlib_level > 0) {
    std::vector<std::byte> scratch(l.rows_are_packed() ? 0 : l.row_bytes());
    flat = image_is_flat(l, scratch.data());
  }

  write_header(plan, out);
  if (flat) {
    zlib_idat_stream idat(plan.flat_zlib_level, out);
    encode_rows(plan, idat);
  } else {
    idat_stream idat(plan.level, out);
    encode_rows(plan, idat);
  }

  std::byte iend[12] = {};
  emit_chunk(out, tag_iend, iend, 0);
  return in_place ? row_path::direct_rows : row_path::row_buffer;
}

}  // namespace zc::png::detail
