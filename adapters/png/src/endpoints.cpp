#include "endpoints.hpp"

#include <cerrno>
#include <cstring>

#include "zc/error.hpp"

namespace zc::png {
namespace {

// How FILE* streams (and a path's file) are named in their messages:
// "reading the PNG file failed: <reason>".
constexpr const char* stdio_name = "the PNG file";

// The one description of a source or a sink (their kinds are alike):
// "file 'x.png'", "FILE*", then the words for memory and for a stream.
template <class endpoint_kind, class memory_words>
std::string describe_endpoint(endpoint_kind kind, const std::string& path,
                              const memory_words& memory, const char* stream) {
  switch (kind) {
    case endpoint_kind::path:
      return "file '" + path + "'";
    case endpoint_kind::file:
      return "FILE*";
    case endpoint_kind::memory:
      return memory();
    case endpoint_kind::stream:
      return stream;
  }
  return stream;
}

// A zc::error from a stream opened here, with the call in front; anything
// else (the caller's stream's exception, std::bad_alloc) as it is.
[[noreturn]] void rethrow_from(const std::exception_ptr& e, bool callers_stream,
                               const std::string& what) {
  if (!callers_stream) {
    try {
      std::rethrow_exception(e);
    } catch (const error& failed) {
      throw error(failed.code(), what + ": " + failed.what());
    }
  }
  std::rethrow_exception(e);
}

}  // namespace

std::string source::describe() const {
  return describe_endpoint(
      kind_, path_, [&] { return "memory (" + std::to_string(bytes_.nbytes()) + " bytes)"; },
      "byte stream");
}

std::string sink::describe() const {
  return describe_endpoint(
      kind_, path_, [] { return std::string("memory"); }, "byte sink");
}

namespace detail {

opened_source::opened_source(const source& src, const char* operation)
    : what_(std::string(operation) + "(" + src.describe() + ")") {
  switch (src.type()) {
    case source::kind::path:
      opened_file_.reset(std::fopen(src.path().c_str(), "rb"));
      if (opened_file_ == nullptr) {
        const int err = errno;
        throw error(errc::io, what_ + ": cannot open the file for reading: " + std::strerror(err));
      }
      stream_ = &own_.emplace<zc::stdio_source>(opened_file_.get(), stdio_name);
      break;
    case source::kind::file:
      stream_ = &own_.emplace<zc::stdio_source>(src.file_handle(), stdio_name);
      break;
    case source::kind::memory:
      stream_ = &own_.emplace<zc::memory_source>(src.bytes());
      break;
    case source::kind::stream:
      stream_ = src.byte_stream();
      callers_stream_ = true;
      break;
  }
}

void opened_source::rethrow(const std::exception_ptr& e) const {
  rethrow_from(e, callers_stream_, what_);
}

opened_sink::opened_sink(const sink& dst, const char* operation)
    : what_(std::string(operation) + "(" + dst.describe() + ")") {
  try {
    switch (dst.type()) {
      case sink::kind::path:
        stream_ = &own_.emplace<zc::replacing_file_sink>(dst.path());
        break;
      case sink::kind::file:
        stream_ = &own_.emplace<zc::stdio_sink>(dst.file_handle(), stdio_name);
        break;
      case sink::kind::memory:
        appended_to_ = dst.vector();
        size_before_ = appended_to_->size();
        stream_ = &own_.emplace<zc::memory_sink>(*appended_to_);
        break;
      case sink::kind::stream:
        stream_ = dst.byte_stream();
        callers_stream_ = true;
        break;
    }
  } catch (...) {
    rethrow(std::current_exception());
  }
}

opened_sink::~opened_sink() {
  if (appended_to_ != nullptr) appended_to_->resize(size_before_);
}

void opened_sink::rethrow(const std::exception_ptr& e) const {
  rethrow_from(e, callers_stream_, what_);
}

void opened_sink::commit() {
  try {
    stream_->flush();
    if (auto* file = std::get_if<zc::replacing_file_sink>(&own_)) file->commit();
  } catch (...) {
    rethrow(std::current_exception());
  }
  appended_to_ = nullptr;  // complete: the memory sink keeps it
}

}  // namespace detail
}  // namespace zc::png
