// zcbridge.sqlite: an SQLite connection with the array store and
// incremental blob I/O (zc::sqlite), the GIL released around the I/O.
#pragma once

#include <pybind11/pybind11.h>

namespace zc::python {

void bind_sqlite(pybind11::module_& sqlite);

}  // namespace zc::python
