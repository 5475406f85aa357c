// The text spelling of a shape in the array store and in companion columns:
// a JSON array of non-negative integers in C order, e.g. "[480,640,3]";
// "[]" is a rank-0 (scalar) array.  JSON so that other tools (SQLite's own
// json_extract, Python's json.loads) can read it.
#pragma once

#include <string>
#include <string_view>

#include "zc/dims.hpp"
#include "zc/export.hpp"

namespace zc::sqlite {

/// "[3,4]" for {3, 4}; "[]" for rank 0.
[[nodiscard]] ZC_API std::string format_shape(const dims& shape);

/// Parses format_shape()'s output (whitespace between tokens allowed).
/// Throws zc::error(invalid_format) naming the text for anything else:
/// negative or non-integer extents, more than 8 axes, trailing garbage,
/// extents above INT64_MAX.
[[nodiscard]] ZC_API dims parse_shape(std::string_view text);

}  // namespace zc::sqlite
