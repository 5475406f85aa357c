// The PEP 3118 format strings a View exports and an imported buffer declares.
#pragma once

#include <string>

#include "zc/dtype.hpp"

namespace zc::python {

/// The format a View exports for `type`: native-order types without a
/// byte-order prefix ("h", "d", "Zf"), as NumPy exports them and as
/// memoryview needs them to index and compare elements (it supports only
/// native single-code formats); other orders keep zc's explicit prefix
/// (">H"), which NumPy reads and memoryview can still cast('B').  Either
/// spelling parses back to `type` with zc::dtype::parse.
std::string buffer_format(zc::dtype type);

/// The dtype of a Py_buffer's format (null means "B", as PEP 3118 says).
/// Throws zc::error(invalid_format) for structures, pointers and other
/// formats a view cannot describe.
zc::dtype parse_buffer_format(const char* format);

}  // namespace zc::python
