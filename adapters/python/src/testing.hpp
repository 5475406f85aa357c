// zcbridge._testing: helpers the Python tests use to prove zero copy and
// lifetime claims from the C++ side (addresses, a release on a C++ thread).
// Not part of the API.
#pragma once

#include <pybind11/pybind11.h>

namespace zc::python {

void bind_testing(pybind11::module_& testing);

}  // namespace zc::python
