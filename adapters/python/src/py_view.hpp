// zcbridge.View: a zc::buffer_view as a Python object exporting the buffer
// protocol (PEP 3118).  The View holds the buffer_view, and so its owner;
// every Py_buffer handed out (to memoryview, NumPy, bytes(), ...) holds a
// reference to the View, so the C++ memory lives while any of them does.
#pragma once

#include <pybind11/pybind11.h>

#include <array>
#include <string>

#include "zc/buffer_view.hpp"

namespace zc::python {

class py_view {
 public:
  explicit py_view(zc::buffer_view v);

  /// The view; throws zc::error(expired) after release().
  [[nodiscard]] const zc::buffer_view& get() const;
  [[nodiscard]] bool released() const noexcept { return released_; }
  /// memoryview.release(): drops the view (and its owner's reference) now.
  /// Refused with BufferError while exported buffers are alive.
  void release();

  // The buffer protocol (C slots; they set a Python error and return -1
  // instead of throwing).
  int get_buffer(PyObject* self, Py_buffer* buffer, int flags) noexcept;
  void release_buffer() noexcept { --exports_; }
  [[nodiscard]] Py_ssize_t exports() const noexcept { return exports_; }

  [[nodiscard]] const std::string& format() const noexcept { return format_; }

 private:
  zc::buffer_view view_;
  std::string format_;  // buffer_format(view_.dtype())
  // The exported shape and strides, as Py_ssize_t; an empty view exports C
  // strides (its own may be any value: no byte is reached through them).
  std::array<Py_ssize_t, zc::max_rank> shape_{};
  std::array<Py_ssize_t, zc::max_rank> strides_{};
  Py_ssize_t exports_ = 0;  // live Py_buffers; changed only with the GIL
  bool released_ = false;
};

/// Adds the View class to `m`.
void bind_view(pybind11::module_& m);

/// A new Python View of `v`.
pybind11::object make_view(zc::buffer_view v);

}  // namespace zc::python
