// zc::png::sink factories: they only record where to write (endpoints.cpp
// opens the sink, and describes it).
#include "zc/png/sink.hpp"

#include "zc/error.hpp"

namespace zc::png {

sink sink::file(const std::filesystem::path& path) {
  if (path.empty()) {
    throw error(errc::invalid_argument, "png::sink::file: expected a file path, got ''");
  }
  sink s;
  s.kind_ = kind::path;
  s.path_ = path.string();
  return s;
}

sink sink::file(std::FILE* file) {
  if (file == nullptr) {
    throw error(errc::invalid_argument, "png::sink::file: expected an open FILE*, got null");
  }
  sink s;
  s.kind_ = kind::file;
  s.file_ = file;
  return s;
}

sink sink::memory(std::vector<std::byte>& bytes) {
  sink s;
  s.kind_ = kind::memory;
  s.vector_ = &bytes;
  return s;
}

sink sink::stream(zc::byte_sink& stream) {
  sink s;
  s.kind_ = kind::stream;
  s.stream_ = &stream;
  return s;
}

}  // namespace zc::png
