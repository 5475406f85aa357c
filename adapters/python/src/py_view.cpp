#include "py_view.hpp"

#include <utility>

#include "buffer_format.hpp"
#include "errors.hpp"

namespace py = pybind11;

namespace zc::python {

#ifdef ZC_PYTHON_WITH_DLPACK
void add_dlpack_methods(py::class_<py_view>& cls);  // dlpack_module.cpp
#endif

py_view::py_view(zc::buffer_view v) : view_(std::move(v)), format_(buffer_format(view_.dtype())) {
  const zc::dims dense = zc::c_strides(view_.shape_dims(), view_.itemsize());
  for (std::size_t axis = 0; axis < view_.rank(); ++axis) {
    shape_[axis] = static_cast<Py_ssize_t>(view_.shape()[axis]);
    strides_[axis] = static_cast<Py_ssize_t>(view_.empty() ? dense[axis] : view_.strides()[axis]);
  }
}

const zc::buffer_view& py_view::get() const {
  if (released_) {
    throw zc::error(zc::errc::expired, "operation forbidden on a released zcbridge.View");
  }
  return view_;
}

void py_view::release() {
  if (released_) return;
  if (exports_ > 0) {
    throw py::buffer_error(  // as memoryview.release() raises
        "cannot release a zcbridge.View while " + std::to_string(exports_) +
        " exported buffer(s) (memoryview, NumPy array, ...) still use it");
  }
  view_.release();
  released_ = true;
}

int py_view::get_buffer(PyObject* self, Py_buffer* buffer, int flags) noexcept {
  buffer->obj = nullptr;
  try {
    const zc::buffer_view& v = get();
    const bool c_order = v.is_c_contiguous();
    const auto wants = [flags](int request) { return (flags & request) == request; };
    if (wants(PyBUF_WRITABLE) && v.readonly()) {
      throw zc::error(
          zc::errc::readonly,
          "a writable buffer was requested from a readonly zcbridge.View (" + v.describe() + ")");
    }
    const char* needed = nullptr;
    if (wants(PyBUF_C_CONTIGUOUS) && !c_order) needed = "C-contiguous";
    if (wants(PyBUF_F_CONTIGUOUS) && !v.is_f_contiguous()) needed = "Fortran-contiguous";
    if (wants(PyBUF_ANY_CONTIGUOUS) && !v.is_contiguous()) needed = "contiguous";
    if (!wants(PyBUF_STRIDES) && !c_order) needed = "C-contiguous (the request has no strides)";
    if (needed != nullptr) {
      throw zc::error(zc::errc::layout, std::string("the consumer needs a ") + needed +
                                            " buffer; this zcbridge.View is " + v.describe() +
                                            " (copy it, e.g. numpy.ascontiguousarray)");
    }
    static char empty_buffer = 0;  // a non-null address for views of no bytes
    buffer->buf = v.data() != nullptr ? const_cast<void*>(v.data()) : &empty_buffer;
    buffer->len = static_cast<Py_ssize_t>(v.nbytes());
    buffer->itemsize = static_cast<Py_ssize_t>(v.itemsize());
    buffer->readonly = v.readonly() ? 1 : 0;
    buffer->format = wants(PyBUF_FORMAT) ? format_.data() : nullptr;
    if (wants(PyBUF_ND)) {
      buffer->ndim = static_cast<int>(v.rank());
      buffer->shape = shape_.data();
    } else {  // PyBUF_SIMPLE: one run of bytes, as memoryview answers it
      buffer->ndim = 1;
      buffer->shape = nullptr;
    }
    buffer->strides = wants(PyBUF_STRIDES) ? strides_.data() : nullptr;
    buffer->suboffsets = nullptr;
    buffer->internal = nullptr;
  } catch (const zc::error& e) {
    set_python_error(e);
    return -1;
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_BufferError, e.what());
    return -1;
  }
  buffer->obj = Py_NewRef(self);
  ++exports_;
  return 0;
}

namespace {

py_view* view_of(PyObject* self) noexcept {
  try {
    return py::handle(self).cast<py_view*>();
  } catch (...) {
    return nullptr;
  }
}

extern "C" int view_getbuffer(PyObject* self, Py_buffer* buffer, int flags) {
  py_view* v = view_of(self);
  if (v == nullptr) {
    buffer->obj = nullptr;
    PyErr_SetString(PyExc_BufferError, "zcbridge.View: not initialised");
    return -1;
  }
  return v->get_buffer(self, buffer, flags);
}

extern "C" void view_releasebuffer(PyObject* self, Py_buffer* /*buffer*/) {
  if (py_view* v = view_of(self)) v->release_buffer();
}

py::tuple to_tuple(std::span<const std::int64_t> values) {
  py::tuple out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = py::int_(values[i]);
  return out;
}

}  // namespace

py::object make_view(zc::buffer_view v) {
  return py::cast(py_view(std::move(v)), py::return_value_policy::move);
}

void bind_view(py::module_& m) {
  py::class_<py_view> cls(m, "View", py::buffer_protocol(), py::is_final(), R"doc(
A zcbridge view (pointer, element type, shape, byte strides, readonly flag
and the owner keeping the memory alive) as a Python object.

It exports the buffer protocol: memoryview(v), numpy.asarray(v), bytes(v)
share its memory (no copy), with its format, shape, strides (negative ones
too) and readonly flag.  The memory stays alive while the View or anything
made from it (memoryview, NumPy array, DLPack tensor) is alive.
Made by zcbridge.view(), zcbridge.from_dlpack(), zcbridge.zeros(),
zcbridge.png.decode() and zcbridge.sqlite's get().
)doc");
  // pybind11's own buffer slot (def_buffer) ignores the consumer's request
  // flags: it would hand a strided view to a consumer that asked for a
  // contiguous buffer without strides, which then reads the wrong bytes.
  // The slots below answer every request as PEP 3118 says.
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  type->tp_as_buffer->bf_getbuffer = view_getbuffer;
  type->tp_as_buffer->bf_releasebuffer = view_releasebuffer;

  cls.def_property_readonly(
         "shape", [](const py_view& self) { return to_tuple(self.get().shape()); },
         "Extents, one per axis (a tuple, as memoryview.shape).")
      .def_property_readonly(
          "strides", [](const py_view& self) { return to_tuple(self.get().strides()); },
          "Byte strides, one per axis; negative for a reversed axis.")
      .def_property_readonly(
          "format",
          [](const py_view& self) {
            (void)self.get();
            return self.format();
          },
          "PEP 3118 format string, as exported ('B', 'd', '>H', ...).")
      .def_property_readonly(
          "dtype", [](const py_view& self) { return self.get().dtype().str(); },
          "NumPy type string with byte order ('|u1', '<f8', '>u2').")
      .def_property_readonly(
          "itemsize", [](const py_view& self) { return self.get().itemsize(); },
          "Bytes per element.")
      .def_property_readonly(
          "ndim", [](const py_view& self) { return self.get().rank(); }, "Number of axes.")
      .def_property_readonly(
          "nbytes", [](const py_view& self) { return self.get().nbytes(); },
          "Bytes of all elements (size x itemsize).")
      .def_property_readonly(
          "readonly", [](const py_view& self) { return self.get().readonly(); },
          "True when the memory must not be written through this view.")
      .def_property_readonly("c_contiguous",
                             [](const py_view& self) { return self.get().is_c_contiguous(); })
      .def_property_readonly("f_contiguous",
                             [](const py_view& self) { return self.get().is_f_contiguous(); })
      .def_property_readonly("contiguous",
                             [](const py_view& self) { return self.get().is_contiguous(); })
      .def_property_readonly("released", &py_view::released)
      .def("release", &py_view::release,
           "Drops the view now (memoryview.release()); refused while buffers exported "
           "from it are alive.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](py_view& self, const py::args&) { self.release(); })
      .def("__len__",
           [](const py_view& self) {
             const zc::buffer_view& v = self.get();
             if (v.rank() == 0) throw py::type_error("0-dim zcbridge.View has no len()");
             return v.shape()[0];
           })
      .def("__repr__", [](const py_view& self) {
        if (self.released()) return std::string("<released zcbridge.View>");
        return "<zcbridge.View " + self.get().describe() + ">";  // says "readonly" when it is
      });
#ifdef ZC_PYTHON_WITH_DLPACK
  add_dlpack_methods(cls);
#endif
}

}  // namespace zc::python
