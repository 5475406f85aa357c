// The compiled part of the `zcbridge` package (zcbridge/_zcbridge*.so);
// zcbridge/__init__.py, png.py and sqlite.py present it.
#include <pybind11/pybind11.h>

#include <cstdlib>
#include <memory>
#include <new>

#include "errors.hpp"
#include "import_buffer.hpp"
#include "png_module.hpp"
#include "py_view.hpp"
#include "sqlite_module.hpp"
#include "testing.hpp"

namespace py = pybind11;

namespace zc::python {
#ifdef ZC_PYTHON_WITH_DLPACK
void bind_dlpack(py::module_& m);  // dlpack_module.cpp
#endif

namespace {

std::int64_t extent_of(py::handle extent) {
  if (!py::isinstance<py::int_>(extent)) {
    throw py::type_error("zcbridge.zeros: extents must be int, not " +
                         std::string(Py_TYPE(extent.ptr())->tp_name));
  }
  return extent.cast<std::int64_t>();  // OverflowError beyond 64 bits
}

zc::dims shape_of(py::handle shape) {
  if (py::isinstance<py::int_>(shape)) return zc::dims{extent_of(shape)};
  zc::dims out;
  for (py::handle extent : shape) out.push_back(extent_of(extent));
  return out;
}

// A writable, zero-filled, C-order View over memory zcbridge allocates
// (calloc: the kernel's zero pages until written).
py::object zeros(py::handle shape_object, const std::string& format) {
  const zc::dtype type = zc::dtype::parse(format);
  const zc::dims shape = shape_of(shape_object);
  const zc::dims strides = zc::c_strides(shape, type.itemsize());  // throws on overflow
  // A negative extent counts 0 here; the view's constructor refuses it.
  const std::size_t count = zc::detail::element_count(shape.span()).value_or(0);
  const std::size_t bytes = count * type.itemsize();  // c_strides proved it fits
  void* memory = std::calloc(bytes == 0 ? 1 : bytes, 1);
  if (memory == nullptr) throw std::bad_alloc();
  std::shared_ptr<void> owner(memory, std::free);
  return make_view(zc::buffer_view(memory, type, shape, strides, zc::access::read_write, owner));
}

}  // namespace
}  // namespace zc::python

PYBIND11_MODULE(_zcbridge, m) {
  using namespace zc::python;
  m.doc() = "zcbridge's compiled core (import zcbridge instead).";
  register_errors(m);
  bind_view(m);
  m.def(
      "view",
      [](py::handle object, bool writable) {
        const zc::buffer_view v = import_buffer(object, writable);
        return make_view(writable ? v : v.as_readonly());
      },
      py::arg("obj"), py::arg("writable") = false,
      R"doc(Any object with the buffer protocol as a View sharing its memory.

The exporter is asked for strides and format; its buffer is released when
the last view of it is gone (a bytearray cannot be resized meanwhile).
The View is readonly unless writable=True, which refuses readonly
exporters (zcbridge.ReadonlyError).)doc");
  m.def("zeros", &zeros, py::arg("shape"), py::arg("format") = "B",
        "A writable, zero-filled C-order View of C++ memory (format: a struct code or a "
        "NumPy type string, e.g. 'B', 'h', '<f8').");
  py::module_ png = m.def_submodule("png");
  bind_png(png);
  py::module_ sqlite = m.def_submodule("sqlite");
  bind_sqlite(sqlite);
  py::module_ testing = m.def_submodule("_testing");
  bind_testing(testing);
#ifdef ZC_PYTHON_WITH_DLPACK
  bind_dlpack(m);
  m.attr("has_dlpack") = true;
#else
  m.attr("has_dlpack") = false;
#endif
}
