#include "inflate_stream.hpp"

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
  const std::byte* p = chunks_.piece(chunk_reader::buffer_bytes, got);
  state_->next_in = reinterpret_cast<std::uint8_t*>(const_cast<std::byte*>(p));
  state_->avail_in = static_cast<std::uint32_t>(got);
  return true;
}

std::size_t inflate_stream::read(std::uint8_t* out, std::size_t capacity) {
  // ISA-L may hold inflated bytes (its tmp_out_buffer, when the output
  // space was short) or unread bits from earlier input: it is asked first,
  // and fed only when it has nothing more to give.
  for (;;) {
    if (ended_) return 0;
    const std::uint32_t in_before = state_->avail_in;
    state_->next_out = out;
    state_->avail_out = static_cast<std::uint32_t>(capacity);
    const int rc = isal_inflate(state_.get());
    if (is_failure(rc)) fail(rc);
    const std::size_t produced = capacity - state_->avail_out;
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

void inflate_stream::settle_early_end() {
  if (state_->avail_in > 0 || chunks_.remaining() > 0 || idat_over_) return;
  chunks_.finish();
  chunks_.next();
}

void inflate_stream::finish() {
  std::uint8_t spill[1024];
  bool extra = false;
  while (!ended_ && !extra) {
    const std::uint32_t in_before = state_->avail_in;
    state_->next_out = spill;
    state_->avail_out = sizeof spill;
    const int rc = isal_inflate(state_.get());
    if (is_failure(rc)) fail(rc);
    if (state_->avail_out != sizeof spill) extra = true;  // more image data than rows
    if (state_->block_state == ISAL_BLOCK_FINISH) ended_ = true;
    if (ended_ || extra) break;
    if (state_->avail_in == 0) {
      if (!feed()) {
        throw error(errc::backend, chunks_.what() +
                                       ": not enough image data (the zlib stream has no end "
                                       "before the IDAT chunks do)");
      }
    } else if (state_->avail_in == in_before) {
      throw error(errc::backend,
                  chunks_.what() + ": the zlib stream of the image data makes no progress");
    }
  }
  if (extra) chunks_.warn();
  // Bytes after the zlib stream (or after the extra data libpng would not
  // look at either) in this and further IDAT chunks: skipped, CRCs checked.
  bool leftover = state_->avail_in > 0;
  state_->avail_in = 0;
  while (!idat_over_) {
    if (chunks_.remaining() > 0) leftover = true;
    chunks_.finish();
    chunks_.next();
    if (chunks_.type() != tag_idat) idat_over_ = true;
  }
  if (leftover && !extra) chunks_.warn();
}

}  // namespace zc::png::detail
