// Where an encoder's bytes go: the sink opened for one encode
// (endpoints.hpp: a path changes only when the PNG is complete), the writer
// over it, and the failure record that turns a sink failure into zc::error.
// Shared by libpng's write_session and the fast encoder, so both report a
// full disk or a throwing byte_sink alike.
#pragma once

#include <string>

#include "endpoints.hpp"
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

  [[nodiscard]] writer& target() noexcept { return writer_; }
  [[nodiscard]] failure& failed() noexcept { return failure_; }
  /// "png::encode(file 'x.png')"
  [[nodiscard]] const std::string& what() const noexcept { return sink_.what(); }
  /// Throws what was recorded (the sink's exception first).
  [[noreturn]] void fail() const;
  /// After the last byte: flushes, and commits a path (opened_sink::commit).
  /// Until then (any failure) a memory sink's vector is cut back and a
  /// path's file stays as it was.
  void finish() { sink_.commit(); }

 private:
  opened_sink sink_;
  failure failure_;
  writer writer_;
};

}  // namespace zc::png::detail
