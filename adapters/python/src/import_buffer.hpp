// Python buffers (PEP 3118) as zc::buffer_views sharing their memory.
#pragma once

#include <pybind11/pybind11.h>

#include "zc/buffer_view.hpp"

namespace zc::python {

/// A view of any object with the buffer protocol (bytes, bytearray,
/// memoryview, array.array, NumPy arrays, zcbridge.View, ...), sharing its
/// memory.  The exporter is asked for strides and format
/// (PyBUF_RECORDS_RO, or PyBUF_RECORDS when `writable`); the Py_buffer is
/// released, with the GIL, when the last copy of the returned view is gone
/// (gil_owner.hpp), so until then the exporter keeps the memory where it is
/// (a bytearray refuses to resize, as with a memoryview).  A zcbridge.View
/// is taken as it is (its own owner, no Py_buffer in between).
///
/// Refusals: TypeError for an object without the buffer protocol,
/// zcbridge.ReadonlyError when `writable` and the exporter is readonly,
/// zcbridge.FormatError for formats a view cannot hold (structures,
/// objects), zcbridge.LayoutError for indirect (suboffsets) buffers,
/// zcbridge.ArgumentError for more than 8 axes.
zc::buffer_view import_buffer(pybind11::handle object, bool writable);

}  // namespace zc::python
