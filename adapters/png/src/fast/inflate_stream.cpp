#include "inflate_stream.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

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

inflate_stream::inflate_stream(chunk_reader& chunks)
    : chunks_(chunks), state_(std::make_unique<inflate_state>()) {
  isal_inflate_init(state_.get());
  state_->crc_flag = ISAL_ZLIB;  // parse the zlib header, verify Adler-32
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
  return true;
}

std::size_t inflate_stream::read(std::uint8_t* out, std::size_t capacity) {
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
  if (state_->avail_in > 0 || chunks_.remaining() > 0 || idat_over_) return;
  chunks_.finish();
  chunks_.next();
}

void inflate_stream::finish() {
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
  while (!idat_over_) {
    chunks_.finish();
    chunks_.next();
    if (chunks_.type() != tag_idat) {
      idat_over_ = true;
    } else {
      chunks_.warn();  // "Too many IDATs found"
    }
  }
  if (leftover) chunks_.warn();
}

}  // namespace zc::png::detail
