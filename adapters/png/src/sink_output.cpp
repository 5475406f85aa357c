#include "sink_output.hpp"

#include <cerrno>
#include <cstring>

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

}  // namespace

sink_output::sink_output(const sink& dst, const char* operation)
    : what_(std::string(operation) + "(" + describe(dst) + ")") {
  writer_.fail = &failure_;
  switch (dst.type()) {
    case sink::kind::path:
      file_.emplace(dst.path(), what_);
      writer_.kind = writer::mode::file;
      writer_.file = file_->file();
      break;
    case sink::kind::file:
      writer_.kind = writer::mode::file;
      writer_.file = dst.file_handle();
      break;
    case sink::kind::memory:
      writer_.kind = writer::mode::memory;
      writer_.vector = dst.vector();
      appended_to_ = dst.vector();
      size_before_ = appended_to_->size();
      break;
    case sink::kind::stream:
      writer_.kind = writer::mode::stream;
      writer_.stream = dst.byte_stream();
      break;
  }
}

// A memory sink loses the partial PNG of a failed encode (shrinking a
// vector cannot throw); an uncommitted file_ removes its temporary itself.
sink_output::~sink_output() {
  if (appended_to_ != nullptr) appended_to_->resize(size_before_);
}

void sink_output::fail() const { raise(failure_, writer_.pending, what_.c_str()); }

void sink_output::finish() {
  if (file_) {
    file_->commit();
    return;
  }
  if (writer_.kind == writer::mode::file) {
    if (std::fflush(writer_.file) != 0) {
      throw error(errc::io, what_ + ": flushing the FILE* failed: " + std::strerror(errno));
    }
  } else if (writer_.kind == writer::mode::stream) {
    writer_.stream->flush();
  }
  appended_to_ = nullptr;  // complete: the memory sink keeps it
}

}  // namespace zc::png::detail
