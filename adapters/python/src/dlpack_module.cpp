// DLPack for Python: View.__dlpack__() / __dlpack_device__() export a View
// through zc::dlpack::to_dlpack; zcbridge.from_dlpack(obj) imports any
// object with __dlpack__ (NumPy, PyTorch) or a "dltensor" capsule.
//
// Import checks the tensor with zc::dlpack::from_dlpack(const DLTensor&)
// and owns it itself instead of through from_dlpack(DLManagedTensor*): the
// producer's deleter must run with the GIL (NumPy 1.24's frees with
// PyMem_Free and Py_XDECREF without taking it), and the last view may die on
// any thread or inside a GIL-released adapter call (gil_owner.hpp).
#include <dlpack/dlpack.h>

#include <memory>
#include <utility>

#include "gil_owner.hpp"
#include "py_view.hpp"
#include "zc/dlpack.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

constexpr const char* fresh_capsule = "dltensor";      // not consumed yet
constexpr const char* used_capsule = "used_dltensor";  // a consumer took the tensor

// A capsule nobody consumed still owns its tensor (the DLPack protocol).
extern "C" void delete_unconsumed(PyObject* capsule) {
  if (PyCapsule_IsValid(capsule, used_capsule) != 0) return;
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);  // destructors may run with an error set
  auto* tensor = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, fresh_capsule));
  if (tensor == nullptr) {
    PyErr_WriteUnraisable(capsule);
  } else if (tensor->deleter != nullptr) {
    tensor->deleter(tensor);
  }
  PyErr_Restore(type, value, traceback);
}

py::object export_view(const py_view& self, const py::object& stream) {
  if (!stream.is_none()) {
    throw zc::error(zc::errc::invalid_argument,
                    "View.__dlpack__: stream must be None for CPU memory, got " +
                        py::repr(stream).cast<std::string>());
  }
  zc::dlpack::unique_tensor tensor{zc::dlpack::to_dlpack(self.get())};
  PyObject* capsule = PyCapsule_New(tensor.get(), fresh_capsule, delete_unconsumed);
  if (capsule == nullptr) throw py::error_already_set();  // `tensor` deletes it
  (void)tensor.release();                                 // the capsule owns it now
  return py::reinterpret_steal<py::object>(capsule);
}

struct tensor_release {
  void operator()(DLManagedTensor* tensor) const noexcept {
    call_with_gil(
        [](void* context) {
          auto* t = static_cast<DLManagedTensor*>(context);
          if (t->deleter != nullptr) t->deleter(t);
        },
        tensor);
  }
};

py::object import_tensor(py::handle object) {
  py::object capsule;
  if (PyCapsule_CheckExact(object.ptr()) != 0) {
    capsule = py::reinterpret_borrow<py::object>(object);
  } else if (py::hasattr(object, "__dlpack__")) {
    capsule = object.attr("__dlpack__")();
  } else {
    throw py::type_error(std::string("zcbridge.from_dlpack: expected an object with __dlpack__ "
                                     "(a NumPy array, a PyTorch tensor) or a DLPack capsule, "
                                     "got ") +
                         Py_TYPE(object.ptr())->tp_name);
  }
  if (PyCapsule_IsValid(capsule.ptr(), fresh_capsule) == 0) {
    throw zc::error(zc::errc::invalid_argument,
                    "zcbridge.from_dlpack: expected a 'dltensor' capsule; got a capsule named '" +
                        std::string(PyCapsule_GetName(capsule.ptr()) != nullptr
                                        ? PyCapsule_GetName(capsule.ptr())
                                        : "") +
                        "' (a DLPack capsule can be consumed once)");
  }
  auto* tensor = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule.ptr(), fresh_capsule));
  if (tensor == nullptr) throw py::error_already_set();
  // Refusals throw here and leave the tensor to the capsule, which deletes it.
  const zc::buffer_view borrowed = zc::dlpack::from_dlpack(tensor->dl_tensor);
  // Consumed: from now on the view's owner deletes the tensor.  Renamed
  // first, so a failing shared_ptr allocation (which calls the deleter)
  // cannot leave the capsule to delete it a second time.
  if (PyCapsule_SetName(capsule.ptr(), used_capsule) != 0) throw py::error_already_set();
  std::shared_ptr<const void> owner(tensor, tensor_release{});
  return make_view(borrowed.with_owner(std::move(owner)));
}

}  // namespace

void add_dlpack_methods(py::class_<py_view>& cls) {
  cls.def("__dlpack__", &export_view, py::arg("stream") = py::none(),
          "A DLPack capsule describing this View's memory (no copy); the consumer keeps "
          "the memory alive.  Refused for readonly views (DLPack 0.6 cannot mark a "
          "tensor read-only), bool, non-native byte order and strides that are not "
          "multiples of the item size.  Negative strides are exported as they are: NumPy "
          "takes them, PyTorch 1.13 cannot represent them and aborts the process.");
  cls.def(
      "__dlpack_device__",
      [](const py_view& self) {
        (void)self.get();
        return py::make_tuple(static_cast<int>(kDLCPU), 0);
      },
      "(device type, device id): always CPU, (1, 0).");
}

void bind_dlpack(py::module_& m) {
  m.def("from_dlpack", &import_tensor, py::arg("obj"),
        R"doc(Any object with __dlpack__ (NumPy, PyTorch) or a DLPack capsule as a View
sharing its memory; the producer's deleter runs (with the GIL) when the last
view of it is gone.  CPU tensors of the integer, float and complex types.)doc");
}

}  // namespace zc::python
