// Owners (the shared_ptr<const void> of a zc::buffer_view) that release
// Python-side resources: a Py_buffer, a DLPack tensor from NumPy.  Their
// deleters run wherever the last copy of the view dies -- in Python code,
// inside a GIL-released adapter call, or on a C++ thread Python never saw --
// so they take the GIL themselves before touching Python.
#pragma once

#include <Python.h>

#include <memory>

namespace zc::python {

/// Runs `release(context)` with the GIL held: directly when this thread
/// holds it, otherwise after PyGILState_Ensure (which also works on threads
/// Python did not create).  While the interpreter is finalizing (or gone),
/// a thread without the GIL cannot take it -- CPython would end the thread
/// -- so the resource is left unreleased then: the process is ending.
void call_with_gil(void (*release)(void* context), void* context) noexcept;

/// An owner for a filled Py_buffer: PyBuffer_Release()s it (with the GIL,
/// see call_with_gil) when the last view sharing the owner is gone.
std::shared_ptr<const void> own_py_buffer(std::unique_ptr<Py_buffer> buffer);

}  // namespace zc::python
