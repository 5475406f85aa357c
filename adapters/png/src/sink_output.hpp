// Where an encoder's bytes go: the sink opened for one encode (a path is
// written through a file_replacement, so it changes only when the PNG is
// complete), the writer over it, and the failure record that turns a sink
// failure into zc::error.  Shared by libpng's write_session and the fast
// encoder, so both report a full disk or a throwing byte_sink alike.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "file_replacement.hpp"
#include "libpng_hooks.hpp"
#include "writer.hpp"
#include "zc/png/sink.hpp"

namespace zc::png::detail {

class sink_output {
 public:
  /// Opens `dst` (a path: its temporary file).  `operation` names the public
  /// call in messages, e.g. "png::encode".
  sink_output(const sink& dst, const char* operation);
  sink_output(const sink_output&) = delete;
  sink_output& operator=(const sink_output&) = delete;
  /// Before finish() succeeded (any failure): a memory sink's vector is cut
  /// back to its size before the encode.
  ~sink_output();

  [[nodiscard]] writer& target() noexcept { return writer_; }
  [[nodiscard]] failure& failed() noexcept { return failure_; }
  /// "png::encode(file 'x.png')"
  [[nodiscard]] const std::string& what() const noexcept { return what_; }
  /// Throws what was recorded (a byte_sink's own exception first).
  [[noreturn]] void fail() const;
  /// After the last byte: flushes (FILE*, byte_sink) or commits (a path).
  void finish();

 private:
  std::string what_;
  failure failure_;
  writer writer_;
  std::optional<file_replacement> file_;  // a path sink's file, committed by finish()
  // A memory sink's vector until finish() succeeds, and its size (bytes)
  // before the encode.
  std::vector<std::byte>* appended_to_ = nullptr;
  std::size_t size_before_ = 0;
};

}  // namespace zc::png::detail
