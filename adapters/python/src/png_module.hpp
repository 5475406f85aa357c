// zcbridge.png: read_info, decode and encode over zc::png.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <string_view>

#include "zc/png.hpp"

namespace zc::python {

/// A path (str or os.PathLike) as the file system's bytes, or nothing when
/// `object` is not a path (bytes are data, not a path, for these calls).
std::optional<std::string> path_of(pybind11::handle object);

/// The PNG source for `src`: a file for a path, otherwise the bytes of any
/// buffer read in place (zc::png::source::memory: no copy; the view holds
/// the Py_buffer until the source is gone).
zc::png::source make_source(pybind11::handle src);

/// The zc::png options of a decode mode name ("rgb8", ...); an unknown
/// name throws zc::error(invalid_argument) listing the known ones.
const zc::png::decode_options& decode_options_for(std::string_view mode);

void bind_png(pybind11::module_& png);

}  // namespace zc::python
