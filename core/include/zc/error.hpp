// zc::error: the one exception type zcbridge throws.
//
// Every refusal names what was expected and what was found, e.g.
//   cannot map buffer of '<f4' (float32) as Eigen::Matrix<double>: needs '<f8'
// The code lets callers branch without parsing the message.
//
// Out of memory: an allocation zcbridge itself makes (operator new) throws
// std::bad_alloc, which every function lets through unchanged -- turning it
// into a zc::error would need memory for the message.  A library that runs
// out inside (SQLite's SQLITE_NOMEM, libpng's allocator) is reported as
// zc::error(backend).  Either way nothing leaks and a write leaves its
// destination as it was or complete (tests/*/oom_test.cpp sweep every
// allocation of the main paths).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "zc/export.hpp"

namespace zc {

/// What kind of refusal an `error` is. Stable values: callers may switch on them.
enum class errc : std::uint8_t {
  invalid_format = 1,  ///< a dtype format string that cannot be parsed
  invalid_argument,    ///< an argument outside its domain (axis, step 0, rank > 8, ...)
  out_of_range,        ///< an index outside an extent
  readonly,            ///< a write through a readonly view
  dtype_mismatch,      ///< element type differs from what the consumer needs
  shape_mismatch,      ///< rank or extents differ from what the consumer needs
  layout,              ///< strides the consumer cannot express (not contiguous, negative, ...)
  alignment,           ///< the pointer or a stride is not aligned as the consumer needs
  overflow,            ///< a size or byte offset does not fit in 64 bits (or in the consumer's int)
  io,                  ///< a system call failed (errno in the message)
  truncated,           ///< a stream ended before the expected number of bytes
  limit_exceeded,      ///< a configured safety limit (image size, blob length) was exceeded
  null_value,          ///< an SQL NULL where a blob was expected
  expired,             ///< a borrowed view or handle whose source has moved on
  backend,             ///< the underlying library (libpng, SQLite) reported an error
};

/// Short stable name of a code, e.g. "dtype_mismatch".
ZC_API const char* to_string(errc code) noexcept;

/// The exception zcbridge throws for every refused operation.
class ZC_API error : public std::runtime_error {
 public:
  error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  error(errc code, const char* message) : std::runtime_error(message), code_(code) {}

  /// Why the operation was refused.
  [[nodiscard]] errc code() const noexcept { return code_; }

 private:
  errc code_;
};

}  // namespace zc
