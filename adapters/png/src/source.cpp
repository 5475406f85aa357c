// zc::png::source factories: they only record what to read; nothing is
// opened or read until a decode starts (endpoints.cpp opens it, and
// describes it).
#include "zc/png/source.hpp"

#include "zc/error.hpp"

namespace zc::png {

source source::file(const std::filesystem::path& path) {
  if (path.empty()) {
    throw error(errc::invalid_argument, "png::source::file: expected a file path, got ''");
  }
  source s;
  s.kind_ = kind::path;
  s.path_ = path.string();
  return s;
}

source source::file(std::FILE* file) {
  if (file == nullptr) {
    throw error(errc::invalid_argument, "png::source::file: expected an open FILE*, got null");
  }
  source s;
  s.kind_ = kind::file;
  s.file_ = file;
  return s;
}

source source::memory(const buffer_view& bytes) {
  if (!bytes.is_c_contiguous()) {
    throw error(errc::layout,
                "png::source::memory: expected C-contiguous bytes, got " + bytes.describe());
  }
  source s;
  s.kind_ = kind::memory;
  s.bytes_ = bytes;
  return s;
}

source source::stream(zc::byte_source& stream) {
  source s;
  s.kind_ = kind::stream;
  s.stream_ = &stream;
  return s;
}

}  // namespace zc::png
