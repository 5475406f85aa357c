#include "byte_input.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include "zc/error.hpp"

namespace zc::png::detail {

byte_input::byte_input(const source& src, std::string what) : what_(std::move(what)) {
  switch (src.type()) {
    case source::kind::path:
      file_ = std::fopen(src.path().c_str(), "rb");
      if (file_ == nullptr) {
        throw error(errc::io,
                    what_ + ": cannot open the file for reading: " + std::strerror(errno));
      }
      owns_file_ = true;
      break;
    case source::kind::file:
      file_ = src.file_handle();
      break;
    case source::kind::memory:
      memory_ = src.bytes().bytes();
      memory_size_ = src.bytes().nbytes();
      // An empty view may have a null data pointer: any non-null marks memory.
      if (memory_ == nullptr) memory_ = reinterpret_cast<const std::byte*>(&memory_size_);
      break;
    case source::kind::stream:
      stream_ = src.byte_stream();
      break;
  }
}

byte_input::~byte_input() {
  if (owns_file_) std::fclose(file_);
}

std::FILE* byte_input::release_file() noexcept {
  if (!owns_file_) return nullptr;
  owns_file_ = false;
  return std::exchange(file_, nullptr);
}

std::size_t byte_input::read_some(std::byte* out, std::size_t n) {
  std::size_t got = 0;
  if (memory_ != nullptr) {
    const std::uint64_t left = memory_size_ - consumed_;
    got = n < left ? n : static_cast<std::size_t>(left);
    if (got > 0) std::memcpy(out, memory_ + consumed_, got);
  } else if (file_ != nullptr) {
    got = std::fread(out, 1, n, file_);
    if (got < n && std::ferror(file_) != 0) {
      throw error(errc::io,
                  what_ + ": reading the PNG file failed: " + std::string(std::strerror(errno)));
    }
  } else {
    // Exactly what is asked, no read-ahead: the stream stays just past the
    // bytes this decoder consumed.
    while (got < n) {
      const std::size_t k = stream_->read_some(out + got, n - got);
      if (k == 0) break;
      got += k;
    }
  }
  consumed_ += got;
  return got;
}

void byte_input::read_exact(std::byte* out, std::size_t n) {
  const std::size_t got = read_some(out, n);
  if (got < n) throw_truncated(n, got);
}

const std::byte* byte_input::borrow(std::size_t n) {
  if (memory_ == nullptr) return nullptr;
  const std::uint64_t left = memory_size_ - consumed_;
  if (n > left) {
    consumed_ = memory_size_;
    throw_truncated(n, static_cast<std::size_t>(left));
  }
  const std::byte* p = memory_ + consumed_;
  consumed_ += n;
  return p;
}

void byte_input::throw_truncated(std::size_t asked, std::size_t got) const {
  // The libpng path's wording, so both paths read alike.
  throw error(errc::truncated, what_ + ": PNG data ended after " + std::to_string(consumed_) +
                                   " bytes: expected " + std::to_string(asked) +
                                   " more bytes, got " + std::to_string(got));
}

}  // namespace zc::png::detail
