// zcbridge's Python exceptions: zcbridge.Error (a ValueError) with the
// zc::errc name in `.code`, and one subclass per code that also derives from
// the built-in exception that fits (BufferError for readonly and layout
// refusals, OSError for failed system calls, EOFError for truncated input,
// LookupError for a missing name or index, OverflowError for sizes).
#pragma once

#include <pybind11/pybind11.h>

#include "zc/error.hpp"

namespace zc::python {

/// Creates the exception classes in `m` and registers the translator that
/// turns every zc::error escaping a binding into the matching class.
void register_errors(pybind11::module_& m);

/// Sets the Python error indicator for `e` (for C slots that cannot throw,
/// such as bf_getbuffer).  Needs the GIL.
void set_python_error(const zc::error& e) noexcept;

}  // namespace zc::python
