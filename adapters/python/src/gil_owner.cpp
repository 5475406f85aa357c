#include "gil_owner.hpp"

namespace zc::python {
namespace {
bool interpreter_finalizing() noexcept {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing() != 0;  // public from Python 3.13
#else
  return _Py_IsFinalizing() != 0;
#endif
}
}  // namespace

void call_with_gil(void (*release)(void* context), void* context) noexcept {
  if (Py_IsInitialized() == 0) return;  // after Py_Finalize: nothing to release into
  if (PyGILState_Check() != 0) {
    release(context);
    return;
  }
  if (interpreter_finalizing()) return;  // see the header: leave it, the process is ending
  const PyGILState_STATE state = PyGILState_Ensure();
  release(context);
  PyGILState_Release(state);
}

namespace {
struct py_buffer_deleter {
  void operator()(Py_buffer* buffer) const noexcept {
    call_with_gil(
        [](void* context) {
          auto* b = static_cast<Py_buffer*>(context);
          PyBuffer_Release(b);
          delete b;
        },
        buffer);
  }
};
}  // namespace

std::shared_ptr<const void> own_py_buffer(std::unique_ptr<Py_buffer> buffer) {
  // If make_shared's control block cannot be allocated, shared_ptr's
  // constructor calls the deleter: the buffer is released, not leaked.
  return std::shared_ptr<const Py_buffer>(buffer.release(), py_buffer_deleter{});
}

}  // namespace zc::python
