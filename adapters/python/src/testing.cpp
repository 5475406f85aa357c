#include "testing.hpp"

#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "import_buffer.hpp"
#include "png_module.hpp"
#include "zc/buffer_view.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

std::uintptr_t address_of(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// Holds a copy of a view (and so its owner) for a test, and drops it on a
// thread Python never saw: the owner's release must take the GIL itself.
class view_holder {
 public:
  explicit view_holder(zc::buffer_view v)
      : view_(std::make_unique<zc::buffer_view>(std::move(v))) {}

  void release_on_native_thread() {
    std::unique_ptr<zc::buffer_view> view = std::move(view_);
    // The calling thread lets go of the GIL, so the new thread can take it.
    py::gil_scoped_release unlocked;
    std::thread([held = std::move(view)]() mutable { held.reset(); }).join();
  }
  [[nodiscard]] bool holding() const noexcept { return view_ != nullptr; }

 private:
  std::unique_ptr<zc::buffer_view> view_;
};

}  // namespace

void bind_testing(py::module_& testing) {
  testing.doc() = "Test helpers (not part of the API).";
  testing.def(
      "address", [](py::handle object) { return address_of(import_buffer(object, false).data()); },
      "The address of element [0, ...] as zcbridge's C++ side sees it.");
  testing.def(
      "source_address",
      [](py::handle src) -> py::object {
        const zc::png::source source = make_source(src);
        if (source.type() != zc::png::source::kind::memory) return py::none();
        return py::int_(address_of(source.bytes().data()));
      },
      "The address zcbridge.png reads PNG bytes from (None for a path).");
  // How zc::png moved the rows: "direct_rows" (libpng read or wrote the
  // caller's rows in place) or "row_buffer" (one row staged at a time).
  const auto path_name = [](zc::png::row_path p) {
    return p == zc::png::row_path::direct_rows ? "direct_rows" : "row_buffer";
  };
  testing.def(
      "decode_path",
      [path_name](py::handle src, py::handle out, std::string_view mode) {
        const zc::png::source source = make_source(src);
        return path_name(
            zc::png::decode_into(source, import_buffer(out, true), decode_options_for(mode)).path);
      },
      "zcbridge.png.decode(src, out, mode)'s row path.");
  testing.def(
      "encode_path",
      [path_name](py::handle array) {
        std::vector<std::byte> encoded;
        return path_name(
            zc::png::encode(import_buffer(array, false), zc::png::sink::memory(encoded)).path);
      },
      "zcbridge.png.encode(array)'s row path.");
  py::class_<view_holder>(testing, "Holder")
      .def(py::init([](py::handle object) { return view_holder(import_buffer(object, false)); }))
      .def("release_on_native_thread", &view_holder::release_on_native_thread)
      .def_property_readonly("holding", &view_holder::holding);
#ifdef ZC_PYTHON_SANITIZER_CANARY
  // Sanitizer builds only: a deliberate heap use after free, which the tests
  // run in a child process to prove AddressSanitizer watches this module.
  testing.def("use_after_free", [] {
    auto* values = new int[4]{1, 2, 3, 4};
    volatile int* dangling = values;
    delete[] values;
    return static_cast<int>(dangling[2]);
  });
#endif
  testing.attr("sanitized") =
#ifdef ZC_PYTHON_SANITIZER_CANARY
      true;
#else
      false;
#endif
}

}  // namespace zc::python
