#include "write_session.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "zc/copy_stats.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

std::string describe(const sink& s) {
  switch (s.type()) {
    case sink::kind::path:
      return "file '" + s.path() + "'";
    case sink::kind::file:
      return "FILE*";
    case sink::kind::memory:
      return "memory";
    case sink::kind::stream:
      return "byte sink";
  }
  return "sink";
}

// Removes the partial output of a failed encode, but only a regular file:
// never a device or FIFO the caller named as the destination.
void remove_partial(const std::string& path) noexcept {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) std::remove(path.c_str());
}

}  // namespace

write_session::write_session(const sink& dst, memory_stats* stats, const char* operation)
    : what_(std::string(operation) + "(" + describe(dst) + ")") {
  writer_.fail = &failure_;
  alloc_.stats = stats;
  switch (dst.type()) {
    case sink::kind::path:
      owned_file_ = std::fopen(dst.path().c_str(), "wb");
      if (owned_file_ == nullptr) {
        throw error(errc::io,
                    what_ + ": cannot create the file: " + std::string(std::strerror(errno)));
      }
      path_ = dst.path();
      writer_.kind = writer::mode::file;
      writer_.file = owned_file_;
      break;
    case sink::kind::file:
      writer_.kind = writer::mode::file;
      writer_.file = dst.file_handle();
      break;
    case sink::kind::memory:
      writer_.kind = writer::mode::memory;
      writer_.vector = dst.vector();
      break;
    case sink::kind::stream:
      writer_.kind = writer::mode::stream;
      writer_.stream = dst.byte_stream();
      break;
  }
  png_ = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &failure_, on_error, on_warning, &alloc_,
                                   on_malloc, on_free);
  if (png_ != nullptr) info_ = png_create_info_struct(png_);
  if (png_ == nullptr || info_ == nullptr) {
    if (png_ != nullptr) png_destroy_write_struct(&png_, nullptr);
    if (owned_file_ != nullptr) {
      std::fclose(owned_file_);
      remove_partial(path_);
    }
    throw error(errc::backend, what_ + ": libpng could not create its write structures");
  }
  png_set_write_fn(png_, &writer_, write_callback, flush_callback);
  // libpng starts every struct, the write struct too, with 1'000'000-pixel
  // user limits; encode() accepts what PNG allows (2^31-1 a side), and the
  // caller's memory already holds the image, so there is nothing to guard.
  png_set_user_limits(png_, 0x7fffffff, 0x7fffffff);
}

write_session::~write_session() {
  png_destroy_write_struct(&png_, &info_);
  if (owned_file_ != nullptr) {
    // Only reached on failure: finish() closes the file on success.
    std::fclose(owned_file_);
    remove_partial(path_);
  }
}

void write_session::fail() { raise(failure_, writer_.pending, what_.c_str()); }

void write_session::write_header(const write_plan& plan) {
  if (!guarded_write_header(png_, info_, &plan)) fail();
}

void write_session::write_rows(const row_layout& layout, row_path path) {
  if (path == row_path::direct_rows) {
    if (!guarded_write_direct(png_, &layout)) fail();
    return;
  }
  row_buffer_.resize(layout.row_bytes());
  std::uint64_t copied = 0;
  const bool ok = guarded_write_buffered(png_, &layout, row_buffer_.data(), &copied);
  zc::detail::count_copied(copied);
  if (!ok) fail();
}

void write_session::finish() {
  if (!guarded_write_end(png_, info_)) fail();
  if (owned_file_ != nullptr) {
    std::FILE* f = owned_file_;
    owned_file_ = nullptr;
    if (std::fclose(f) != 0) {
      const std::string reason = std::strerror(errno);
      remove_partial(path_);
      throw error(errc::io, what_ + ": closing the file failed: " + reason);
    }
    return;
  }
  if (writer_.kind == writer::mode::file) {
    if (std::fflush(writer_.file) != 0) {
      throw error(errc::io, what_ + ": flushing the FILE* failed: " + std::strerror(errno));
    }
  } else if (writer_.kind == writer::mode::stream) {
    writer_.stream->flush();
  }
}

}  // namespace zc::png::detail
