#include "zc/error.hpp"

namespace zc {

const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::invalid_format:
      return "invalid_format";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::out_of_range:
      return "out_of_range";
    case errc::readonly:
      return "readonly";
    case errc::dtype_mismatch:
      return "dtype_mismatch";
    case errc::shape_mismatch:
      return "shape_mismatch";
    case errc::layout:
      return "layout";
    case errc::alignment:
      return "alignment";
    case errc::overflow:
      return "overflow";
    case errc::io:
      return "io";
    case errc::truncated:
      return "truncated";
    case errc::limit_exceeded:
      return "limit_exceeded";
    case errc::null_value:
      return "null_value";
    case errc::expired:
      return "expired";
    case errc::backend:
      return "backend";
  }
  return "unknown";
}

}  // namespace zc
