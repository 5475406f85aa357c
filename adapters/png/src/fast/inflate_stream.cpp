#include "inflate_stream.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

// Image data (filtered rows, bytes) up to which zlib inflates the whole
// stream, and output (bytes) up to which it checks ISA-L's input: the
// shadow stops within 4 KiB past 32 KiB, so its faults lie inside any image
// larger than 64 KiB.  See inflate_stream.hpp.
constexpr std::uint64_t small_image_bytes = std::uint64_t{64} << 10;
constexpr uLong shadow_bytes = uLong{32} << 10;

// zlib's memory from operator new, like the rest of the fast path (counted
// by the benchmarks' heap meter, failed by the OOM sweeps): Z_MEM_ERROR
// becomes std::bad_alloc.
voidpf zlib_alloc(voidpf /*opaque*/, uInt items, uInt size) {
  return ::operator new (std::size_t{items} * size, std::nothrow);
}
void zlib_free(voidpf /*opaque*/, voidpf p) { ::operator delete(p); }

const char* isal_message(int code) noexcept {
  switch (code) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER:
      return "invalid zlib header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unknown compression method in the zlib header";
    case ISAL_INCORRECT_CHECKSUM:
      return "incorrect Adler-32 of the image data";
    case ISAL_NEED_DICT:
      return "the zlib stream asks for a preset dictionary";
    default:
      return "damaged zlib stream";
  }
}

bool is_failure(int code) noexcept { return code < 0 || code == ISAL_NEED_DICT; }

}  // namespace

inflate_stream::inflate_stream(chunk_reader& chunks, std::size_t row_bytes,
                               std::uint64_t image_bytes)
    : chunks_(chunks),
      row_bytes_(row_bytes),
      image_bytes_(image_bytes),
      state_(std::make_unique<inflate_state>()) {
  isal_inflate_init(state_.get());
  state_->crc_flag = ISAL_ZLIB;  // parse the zlib header, verify Adler-32
}

inflate_stream::~inflate_stream() {
  if (zlib_) inflateEnd(zlib_.get());
}

void inflate_stream::choose_engine() {
  // libpng hands zlib the first piece; an IDAT without data gives none.
  if (state_->avail_in == 0 && !feed()) {
    throw error(errc::backend, chunks_.what() +
                                   ": not enough image data (the IDAT chunks end before the "
                                   "image)");
  }
  const unsigned cinfo = static_cast<unsigned>(state_->next_in[0]) >> 4;
  if (cinfo > 7) {
    // libpng's own check (png_zlib_inflate), before zlib looks at the header.
    throw error(errc::backend, chunks_.what() + ": image data (IDAT): invalid window size (CINFO " +
                                   std::to_string(cinfo) + ", above 7)");
  }
  zlib_ = std::make_unique<z_stream>();
  zlib_->zalloc = zlib_alloc;
  zlib_->zfree = zlib_free;
  // windowBits 0: the window the header declares, as libpng asks.
  const int rc = inflateInit2(zlib_.get(), 0);
  if (rc != Z_OK) {
    zlib_.reset();
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    fail_zlib(rc);
  }
  if (cinfo < 7 || image_bytes_ <= small_image_bytes) {
    engine_ = engine::zlib;
    row_left_ = row_bytes_;
    return;
  }
  engine_ = engine::isal;
  shadow_ = true;
  shadow_check();
}

void inflate_stream::shadow_check() {
  z_stream& z = *zlib_;
  z.next_in = state_->next_in;
  z.avail_in = state_->avail_in;
  std::uint8_t scratch[4096];
  while (shadow_ && z.avail_in > 0) {
    const uInt in_before = z.avail_in;
    z.next_out = scratch;
    z.avail_out = sizeof scratch;
    const int rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) fail_zlib(rc);
    // Past the first 32 KiB no distance reaches before the start; the
    // stream's end is ISA-L's to judge (it is inside the image).
    if (rc == Z_STREAM_END || z.total_out >= shadow_bytes ||
        (z.avail_in == in_before && z.avail_out == sizeof scratch)) {
      inflateEnd(&z);
      zlib_.reset();
      shadow_ = false;
    }
  }
}

void inflate_stream::fail_zlib(int code) const {
  const char* msg = zlib_ && zlib_->msg != nullptr ? zlib_->msg : "damaged zlib stream";
  if (code == Z_NEED_DICT) msg = "the zlib stream asks for a preset dictionary";
  if (code == Z_MEM_ERROR) throw std::bad_alloc();
  throw error(errc::backend, chunks_.what() + ": image data (IDAT): " + msg);
}

int inflate_stream::inflate_zlib(std::uint8_t* out, std::size_t capacity, std::size_t& produced) {
  z_stream& z = *zlib_;
  z.next_in = state_->next_in;
  z.avail_in = state_->avail_in;
  z.next_out = out;
  z.avail_out = static_cast<uInt>(capacity);
  const int rc = inflate(&z, Z_NO_FLUSH);
  state_->next_in = z.next_in;
  state_->avail_in = z.avail_in;
  produced = capacity - z.avail_out;
  return rc;
}

std::size_t inflate_stream::read_zlib(std::uint8_t* out, std::size_t capacity) {
  // png_read_IDAT_data for one row: calls end at the row's end or when the
  // input piece is used up; a used-up piece is replaced before the next.
  capacity = std::min(capacity, row_left_);
  for (;;) {
    if (ended_) return 0;
    if (state_->avail_in == 0 && !feed()) {
      throw error(errc::backend, chunks_.what() +
                                     ": not enough image data (the IDAT chunks end before the "
                                     "image)");
    }
    std::size_t produced = 0;
    const int rc = inflate_zlib(out, capacity, produced);
    row_left_ -= produced;
    const bool row_done = produced > 0 && row_left_ == 0;
    if (row_done) row_left_ = row_bytes_;
    if (rc == Z_STREAM_END) {
      ended_ = true;
      ended_with_row_ = row_done;
      // libpng's "Extra compressed data" (a warning); when the image is not
      // complete yet, read_rows refuses the file anyway.
      if (state_->avail_in > 0 || chunks_.remaining() > 0) chunks_.warn();
    } else if (rc != Z_OK) {
      fail_zlib(rc);
    }
    if (produced > 0) return produced;
  }
}

void inflate_stream::finish_zlib() {
  // png_read_finish_IDAT: unless the stream ended with the last row,
  // png_read_IDAT_data without output: calls into a 1 KiB buffer while they
  // give image data; the stream's end or a fault stops it (a fault is a
  // warning), and so does a call that gives nothing before any did.  More
  // image data than the rows is a warning ("Too much image data") unless a
  // fault ended the check.
  if (!ended_) {
    std::uint8_t spill[1024];
    std::uint64_t extra = 0;
    bool fault = false;
    for (;;) {
      if (state_->avail_in == 0 && !feed()) {
        throw error(errc::backend, chunks_.what() +
                                       ": not enough image data (the zlib stream has no end "
                                       "before the IDAT chunks do)");
      }
      std::size_t produced = 0;
      const int rc = inflate_zlib(spill, sizeof spill, produced);
      extra += produced;
      if (rc == Z_STREAM_END) {
        ended_ = true;
        if (state_->avail_in > 0 || chunks_.remaining() > 0) chunks_.warn();
        break;
      }
      if (rc == Z_MEM_ERROR) throw std::bad_alloc();
      if (rc != Z_OK) {
        fault = true;
        chunks_.warn();
        break;
      }
      if (extra == 0) break;
    }
    if (!fault && extra > 0) chunks_.warn();
  }
  state_->avail_in = 0;
  skip_idat_rest();
}

void inflate_stream::fail(int code) const {
  throw error(errc::backend, chunks_.what() + ": image data (IDAT): " + isal_message(code));
}

bool inflate_stream::feed() {
  while (chunks_.remaining() == 0) {
    if (idat_over_) return false;
    chunks_.finish();
    chunks_.next();
    if (chunks_.type() != tag_idat) {
      idat_over_ = true;
      return false;
    }
  }
  std::size_t got = 0;
  const std::byte* p = chunks_.piece(chunk_reader::idat_piece_bytes, got);
  state_->next_in = reinterpret_cast<std::uint8_t*>(const_cast<std::byte*>(p));
  state_->avail_in = static_cast<std::uint32_t>(got);
  if (shadow_) shadow_check();  // before the piece's buffer is reused
  return true;
}

std::size_t inflate_stream::read(std::uint8_t* out, std::size_t capacity) {
  if (engine_ == engine::undecided) choose_engine();
  if (engine_ == engine::zlib) return read_zlib(out, capacity);
  // ISA-L may hold inflated bytes (its tmp_out_buffer, when the output
  // space was short) or unread bits from earlier input: it is asked first,
  // and fed only when it has nothing more to give.
  for (;;) {
    if (fault_ != 0) return drain_after_fault(out, capacity);
    if (ended_) return 0;
    const std::uint32_t in_before = state_->avail_in;
    state_->next_out = out;
    state_->avail_out = static_cast<std::uint32_t>(capacity);
    const int rc = isal_inflate(state_.get());
    const std::size_t produced = capacity - state_->avail_out;
    if (is_failure(rc)) {
      // ISA-L inflates ahead into its own buffer and reports a fault it met
      // there at once: the bytes before the fault are still the image's.
      // Where the fault lies decides between libpng's error and warning.
      fault_ = rc;
      fault_at_ = state_->total_out + pending_bytes();
      if (produced > 0) return produced;
      return drain_after_fault(out, capacity);
    }
    if (state_->block_state == ISAL_BLOCK_FINISH) ended_ = true;
    if (produced > 0) return produced;
    if (ended_) return 0;
    if (state_->avail_in == 0) {
      if (!feed()) {
        throw error(errc::backend, chunks_.what() +
                                       ": not enough image data (the IDAT chunks end before the "
                                       "image)");
      }
    } else if (state_->avail_in == in_before) {
      throw error(errc::backend,
                  chunks_.what() + ": the zlib stream of the image data makes no progress");
    }
  }
}

std::size_t inflate_stream::pending_bytes() const noexcept {
  return state_->tmp_out_valid > state_->tmp_out_processed
             ? static_cast<std::size_t>(state_->tmp_out_valid - state_->tmp_out_processed)
             : 0;
}

std::size_t inflate_stream::drain_after_fault(std::uint8_t* out, std::size_t capacity) {
  const std::size_t n = std::min(capacity, pending_bytes());
  if (n == 0) fail(fault_);  // the image needs bytes past the fault
  std::memcpy(out, state_->tmp_out_buffer + state_->tmp_out_processed, n);
  state_->tmp_out_processed += static_cast<std::int32_t>(n);
  state_->total_out += static_cast<std::uint32_t>(n);
  return n;
}

void inflate_stream::settle_early_end() {
  if (engine_ == engine::zlib) {
    // A stream that ended mid-row: libpng refuses the file at once.  One
    // that ended with a row: libpng's call for the next row fetches input
    // first (the next piece, or the next chunk's header) and only then
    // hears from zlib that the stream is over; a file cut there is
    // truncated.
    if (!ended_with_row_ || state_->avail_in > 0) return;
    while (chunks_.remaining() == 0) {
      if (idat_over_) return;
      chunks_.finish();
      chunks_.next();
      if (chunks_.type() != tag_idat) {
        idat_over_ = true;
        return;
      }
    }
    std::size_t got = 0;
    (void)chunks_.piece(chunk_reader::idat_piece_bytes, got);
    return;
  }
  if (state_->avail_in > 0 || chunks_.remaining() > 0 || idat_over_) return;
  chunks_.finish();
  chunks_.next();
}

void inflate_stream::finish() {
  if (engine_ == engine::zlib) {
    finish_zlib();
    return;
  }
  // libpng hands zlib the IDAT data in pieces of at most 8 KiB from each
  // chunk's start (feed() cuts the same pieces).  Asked for the last row,
  // zlib goes on through that piece until it needs room for a byte of
  // output: block ends, block headers, the Adler-32.  A fault it meets there
  // is an error.  Then libpng checks the end (png_read_IDAT_data without
  // output): one inflate call, on a new piece if that one is used up; if it
  // gives more image data, libpng reads on to the stream's end ("Too much
  // image data", a warning).  Faults while checking are warnings; IDAT
  // chunks running out while reading (a non-IDAT header read) are an error;
  // a stream still unfinished after a call that gave nothing is accepted.
  // The same steps here give the same verdicts.
  std::uint8_t spill[1024];
  bool extra = false;  // more image data than the rows
  bool fault = false;  // a damaged stream met while checking (a warning)
  const auto step = [&]() {
    const std::uint32_t in_before = state_->avail_in;
    state_->next_out = spill;
    state_->avail_out = sizeof spill;
    const int rc = isal_inflate(state_.get());
    if (state_->block_state == ISAL_BLOCK_FINISH) ended_ = true;
    if (state_->avail_out != sizeof spill) extra = true;
    if (is_failure(rc)) return rc;
    if (!ended_ && state_->avail_out == sizeof spill && state_->avail_in == in_before &&
        in_before > 0) {
      return static_cast<int>(ISAL_INVALID_BLOCK);  // no progress: never expected
    }
    return rc;
  };
  const auto feed_or_fail = [&]() {
    if (!feed()) {
      throw error(errc::backend, chunks_.what() +
                                     ": not enough image data (the zlib stream has no end "
                                     "before the IDAT chunks do)");
    }
  };
  if (fault_ != 0) {
    // Met while inflating ahead: right at the image's end, zlib meets it
    // reading the last row (an error); after more image data, while checking.
    if (fault_at_ <= state_->total_out) fail(fault_);
    extra = true;
    fault = true;
  } else if (!ended_) {
    int rc = step();  // the rest of the last row's piece
    if (is_failure(rc)) {
      if (!extra) fail(rc);
      fault = true;
    } else if (!ended_ && !extra) {
      if (state_->avail_in == 0) feed_or_fail();
      fault = is_failure(step());  // libpng's checking call
    }
    // ISA-L may still hold inflated bytes with its input used up: it is
    // fed only when a call gives nothing.
    while (extra && !fault && !ended_) {
      const std::uint32_t out_before = state_->total_out;
      rc = step();
      fault = is_failure(rc);
      if (!fault && !ended_ && state_->total_out == out_before && state_->avail_in == 0) {
        feed_or_fail();
      }
    }
  }
  if (extra || fault) chunks_.warn();
  // Bytes after the end of the zlib stream in this and further IDAT
  // chunks: skipped, CRCs checked; a warning ("Extra compressed data") as
  // libpng gives one.
  const bool leftover = ended_ && !fault && (state_->avail_in > 0 || chunks_.remaining() > 0);
  state_->avail_in = 0;
  skip_idat_rest();
  if (leftover) chunks_.warn();
}

void inflate_stream::skip_idat_rest() {
  // libpng (png_read_finish_IDAT, png_read_end) skips IDAT chunks that
  // directly follow the stream's end without a word: it warns "Too many
  // IDATs found" only for one after another chunk (fast_decoder::finish).
  while (!idat_over_) {
    chunks_.finish();
    chunks_.next();
    if (chunks_.type() != tag_idat) idat_over_ = true;
  }
}

}  // namespace zc::png::detail
