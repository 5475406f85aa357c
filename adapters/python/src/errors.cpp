#include "errors.hpp"

#include <array>
#include <exception>
#include <string>
#include <string_view>

#include "zc/sqlite/error.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

struct error_kind {
  zc::errc code;
  const char* class_name;  // "zcbridge.<name>"
  PyObject* builtin_base;  // besides zcbridge.Error; null for ValueError only
};

// One entry per zc::errc: adding a code means adding a line here (the
// translator falls back to zcbridge.Error for a code it does not know).
std::array<error_kind, 15> kinds() {
  return {{
      {errc::invalid_format, "zcbridge.FormatError", nullptr},
      {errc::invalid_argument, "zcbridge.ArgumentError", nullptr},
      {errc::out_of_range, "zcbridge.OutOfRangeError", PyExc_LookupError},
      {errc::readonly, "zcbridge.ReadonlyError", PyExc_BufferError},
      {errc::dtype_mismatch, "zcbridge.DtypeError", nullptr},
      {errc::shape_mismatch, "zcbridge.ShapeError", nullptr},
      {errc::layout, "zcbridge.LayoutError", PyExc_BufferError},
      {errc::alignment, "zcbridge.AlignmentError", nullptr},
      {errc::overflow, "zcbridge.SizeOverflowError", PyExc_OverflowError},
      {errc::io, "zcbridge.IOFailure", PyExc_OSError},
      {errc::truncated, "zcbridge.TruncatedError", PyExc_EOFError},
      {errc::limit_exceeded, "zcbridge.LimitError", nullptr},
      {errc::null_value, "zcbridge.NullValueError", nullptr},
      {errc::expired, "zcbridge.ExpiredError", nullptr},
      {errc::backend, "zcbridge.BackendError", nullptr},
  }};
}

// The classes live as long as the process: these references are never
// dropped (an interpreter that is finalizing must not see them released by
// a static destructor after it is gone).
PyObject* base_error = nullptr;
std::array<PyObject*, 256> class_for_code{};

PyObject* new_class(const char* qualified_name, const char* doc, PyObject* bases) {
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified_name, doc, bases, nullptr);
  if (cls == nullptr) throw py::error_already_set();
  return cls;
}

void raise(PyObject* cls, const zc::error& e, const zc::sqlite::sqlite_error* sqlite) noexcept {
  // Messages may quote file names that are not UTF-8: escaped, never refused.
  const std::string_view what = e.what();
  PyObject* message =
      PyUnicode_DecodeUTF8(what.data(), static_cast<Py_ssize_t>(what.size()), "backslashreplace");
  if (message == nullptr) return;  // MemoryError is set
  PyObject* instance = PyObject_CallOneArg(cls, message);
  Py_DECREF(message);
  if (instance == nullptr) return;  // the call set its own error (e.g. MemoryError)
  PyObject* code = PyUnicode_FromString(zc::to_string(e.code()));
  const bool ok = code != nullptr && PyObject_SetAttrString(instance, "code", code) == 0;
  Py_XDECREF(code);
  if (ok && sqlite != nullptr) {
    PyObject* number = PyLong_FromLong(sqlite->sqlite_code());
    if (number != nullptr) PyObject_SetAttrString(instance, "sqlite_code", number);
    Py_XDECREF(number);
  }
  if (PyErr_Occurred() == nullptr) PyErr_SetObject(cls, instance);
  Py_DECREF(instance);
}

}  // namespace

void set_python_error(const zc::error& e) noexcept {
  PyObject* cls = class_for_code[static_cast<std::size_t>(e.code())];
  if (cls == nullptr) cls = base_error;
  if (cls == nullptr) {  // module not initialised: cannot happen through the bindings
    PyErr_SetString(PyExc_ValueError, e.what());
    return;
  }
  raise(cls, e, dynamic_cast<const zc::sqlite::sqlite_error*>(&e));
}

void register_errors(py::module_& m) {
  base_error = new_class("zcbridge.Error",
                         "A refusal by zcbridge.  `code` names the zc::errc value "
                         "(e.g. 'dtype_mismatch'); the message names what was expected "
                         "and what was found.",
                         PyExc_ValueError);
  PyObject_SetAttrString(base_error, "code", Py_None);
  m.attr("Error") = py::handle(base_error);
  py::dict by_code;
  for (const error_kind& kind : kinds()) {
    const std::string doc = std::string("zc::errc::") + zc::to_string(kind.code);
    PyObject* cls = nullptr;
    if (kind.builtin_base != nullptr) {
      const py::tuple bases = py::make_tuple(py::handle(base_error), py::handle(kind.builtin_base));
      cls = new_class(kind.class_name, doc.c_str(), bases.ptr());
    } else {
      cls = new_class(kind.class_name, doc.c_str(), base_error);
    }
    class_for_code[static_cast<std::size_t>(kind.code)] = cls;
    const std::string short_name = std::string(kind.class_name).substr(sizeof "zcbridge." - 1);
    m.attr(short_name.c_str()) = py::handle(cls);
    by_code[zc::to_string(kind.code)] = py::handle(cls);
  }
  m.attr("error_classes") = by_code;

  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const zc::error& e) {
      set_python_error(e);
    }
  });
}

}  // namespace zc::python
