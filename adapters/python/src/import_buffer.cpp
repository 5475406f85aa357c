#include "import_buffer.hpp"

#include <memory>
#include <string>

#include "buffer_format.hpp"
#include "gil_owner.hpp"
#include "py_view.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

std::string type_name(py::handle object) { return Py_TYPE(object.ptr())->tp_name; }

zc::buffer_view from_view_object(const py_view& v, py::handle object, bool writable) {
  const zc::buffer_view& view = v.get();
  if (writable && view.readonly()) {
    throw zc::error(zc::errc::readonly, "expected a writable buffer, found a readonly " +
                                            type_name(object) + " (" + view.describe() + ")");
  }
  return view;
}

// The buffer exported by `object`, or a Python error.  A failed writable
// request is asked again read-only, to tell "readonly" from "no buffer".
std::unique_ptr<Py_buffer> get_buffer(py::handle object, bool writable) {
  auto buffer = std::make_unique<Py_buffer>();
  const int flags = writable ? PyBUF_RECORDS : PyBUF_RECORDS_RO;
  if (PyObject_GetBuffer(object.ptr(), buffer.get(), flags) == 0) return buffer;
  if (!writable) throw py::error_already_set();
  py::error_already_set writable_failure;  // fetches (and clears) the error
  if (PyObject_GetBuffer(object.ptr(), buffer.get(), PyBUF_RECORDS_RO) != 0) {
    PyErr_Clear();
    throw std::move(writable_failure);
  }
  PyBuffer_Release(buffer.get());
  throw zc::error(zc::errc::readonly, "expected a writable buffer, found a readonly " +
                                          type_name(object) +
                                          " (e.g. bytes; use a bytearray or "
                                          "a writable NumPy array)");
}

}  // namespace

zc::buffer_view import_buffer(py::handle object, bool writable) {
  if (py::isinstance<py_view>(object)) {
    return from_view_object(object.cast<const py_view&>(), object, writable);
  }
  std::unique_ptr<Py_buffer> filled = get_buffer(object, writable);
  const Py_buffer& b = *filled;
  // From here on the owner releases the buffer on every path, errors too.
  std::shared_ptr<const void> owner = own_py_buffer(std::move(filled));

  if (b.suboffsets != nullptr) {
    throw zc::error(zc::errc::layout, "the " + type_name(object) +
                                          " buffer is indirect (PEP 3118 suboffsets, "
                                          "PIL-style): a view describes direct memory only");
  }
  const zc::dtype type = parse_buffer_format(b.format);
  if (static_cast<Py_ssize_t>(type.itemsize()) != b.itemsize) {
    throw zc::error(zc::errc::invalid_format,
                    "the " + type_name(object) + " buffer's format '" +
                        (b.format ? b.format : "B") + "' (" + std::to_string(type.itemsize()) +
                        " bytes) disagrees with its itemsize " + std::to_string(b.itemsize));
  }
  if (b.ndim < 0 || static_cast<std::size_t>(b.ndim) > zc::max_rank) {
    throw zc::error(zc::errc::invalid_argument,
                    "the " + type_name(object) + " buffer has " + std::to_string(b.ndim) +
                        " axes; a view has at most " + std::to_string(zc::max_rank));
  }
  zc::dims shape;
  const auto rank = static_cast<std::size_t>(b.ndim);
  if (b.shape != nullptr) {
    for (std::size_t axis = 0; axis < rank; ++axis) shape.push_back(b.shape[axis]);
  } else if (rank == 1) {  // allowed by PEP 3118 for a plain byte run
    shape.push_back(b.len / b.itemsize);
  }
  zc::dims strides;
  if (b.strides != nullptr) {
    for (std::size_t axis = 0; axis < rank; ++axis) strides.push_back(b.strides[axis]);
  } else {
    strides = zc::c_strides(shape, type.itemsize());
  }
  const zc::buffer_view view(b.buf, type, shape, strides,
                             b.readonly != 0 ? zc::access::read_only : zc::access::read_write,
                             std::move(owner));
  if (view.nbytes() != static_cast<std::size_t>(b.len)) {
    throw zc::error(zc::errc::shape_mismatch,
                    "the " + type_name(object) + " buffer's len " + std::to_string(b.len) +
                        " disagrees with its shape " + zc::detail::dims_text(shape.span()) + " x " +
                        std::to_string(type.itemsize()) + " bytes");
  }
  return view;
}

}  // namespace zc::python
