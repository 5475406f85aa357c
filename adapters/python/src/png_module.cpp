#include "png_module.hpp"

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "import_buffer.hpp"
#include "py_view.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

// ---- decode modes ----------------------------------------------------------

struct decode_mode {
  std::string_view name;
  zc::png::decode_options options;
};

// The presets zc::png names, plus the combinations it has no preset for,
// built from the nearest preset so both follow the same rules.
zc::png::decode_options with_alpha(zc::png::decode_options o) {
  o.trns_to_alpha = true;
  o.alpha = zc::png::alpha_mode::add;
  return o;
}
zc::png::decode_options rgb16() {
  zc::png::decode_options o = zc::png::decode_options::rgba16();
  o.trns_to_alpha = false;
  o.alpha = zc::png::alpha_mode::strip;
  return o;
}

// Python mode name -> zc::png options.  16-bit samples are in native byte
// order (NumPy's uint16); 16-bit reductions keep the high byte; colour to
// gray uses libpng's weights (cHRM's, else BT.709).
const std::array<decode_mode, 10>& decode_modes() {
  using options = zc::png::decode_options;
  static const std::array<decode_mode, 10> modes{{
      {"as_stored", options::as_stored()},
      {"raw", options{}},  // palette indices and 1/2/4-bit values as stored
      {"gray8", options::gray8()},
      {"gray16", options::gray16()},
      {"gray_alpha8", with_alpha(options::gray8())},
      {"gray_alpha16", with_alpha(options::gray16())},
      {"rgb8", options::rgb8()},
      {"rgb16", rgb16()},
      {"rgba8", options::rgba8()},
      {"rgba16", options::rgba16()},
  }};
  return modes;
}

const decode_mode& find_mode(std::string_view name) {
  std::string known;
  for (const decode_mode& m : decode_modes()) {
    if (m.name == name) return m;
    known += (known.empty() ? "'" : ", '") + std::string(m.name) + "'";
  }
  throw zc::error(zc::errc::invalid_argument, "zcbridge.png.decode: unknown mode '" +
                                                  std::string(name) + "' (expected one of " +
                                                  known + ")");
}

const char* color_name(zc::png::color_type c) {
  switch (c) {
    case zc::png::color_type::gray:
      return "gray";
    case zc::png::color_type::rgb:
      return "rgb";
    case zc::png::color_type::palette:
      return "palette";
    case zc::png::color_type::gray_alpha:
      return "gray_alpha";
    case zc::png::color_type::rgb_alpha:
      return "rgb_alpha";
  }
  return "unknown";
}

// ---- decode, encode, read_info -------------------------------------------

py::object decode(py::handle src, py::handle out, std::string_view mode_name) {
  const decode_mode& mode = find_mode(mode_name);
  zc::png::source source = make_source(src);
  if (out.is_none()) {
    zc::png::image decoded;
    {
      py::gil_scoped_release unlocked;
      decoded = zc::png::decode(source, mode.options);
    }
    return make_view(std::move(decoded.view));
  }
  // zc::png refuses a destination that does not fit the mode's output
  // (shape, channels, sample width) before any pixel is decoded.
  const zc::buffer_view destination = import_buffer(out, true);
  {
    py::gil_scoped_release unlocked;
    (void)zc::png::decode_into(source, destination, mode.options);
  }
  return py::reinterpret_borrow<py::object>(out);
}

py::object encode(py::handle array, py::handle dst, bool fast) {
  const zc::buffer_view pixels = import_buffer(array, false);
  const zc::png::encode_options options =
      fast ? zc::png::encode_options::fast() : zc::png::encode_options{};
  if (dst.is_none()) {
    std::vector<std::byte> encoded;
    {
      py::gil_scoped_release unlocked;
      (void)zc::png::encode(pixels, zc::png::sink::memory(encoded), options);
    }
    // The one copy on this path: the compressed bytes into the bytes object
    // (its size is known only at the end).
    return py::bytes(reinterpret_cast<const char*>(encoded.data()), encoded.size());
  }
  std::optional<std::string> path = path_of(dst);
  if (!path) {
    throw py::type_error(
        "zcbridge.png.encode: dst must be None or a path (str or os.PathLike), "
        "not " +
        std::string(Py_TYPE(dst.ptr())->tp_name));
  }
  {
    py::gil_scoped_release unlocked;
    (void)zc::png::encode(pixels, zc::png::sink::file(std::move(*path)), options);
  }
  return py::none();
}

zc::png::info read_info(py::handle src) {
  zc::png::source source = make_source(src);
  py::gil_scoped_release unlocked;
  return zc::png::read_info(source);
}

}  // namespace

const zc::png::decode_options& decode_options_for(std::string_view mode) {
  return find_mode(mode).options;
}

std::optional<std::string> path_of(py::handle object) {
  // bytes are data here, not a path: `src` may be any bytes-like object.
  if (!py::isinstance<py::str>(object) && !py::hasattr(object, "__fspath__")) {
    return std::nullopt;
  }
  py::object fs_path = py::reinterpret_steal<py::object>(PyOS_FSPath(object.ptr()));
  if (!fs_path) throw py::error_already_set();
  if (py::isinstance<py::str>(fs_path)) {
    fs_path = py::reinterpret_steal<py::object>(PyUnicode_EncodeFSDefault(fs_path.ptr()));
    if (!fs_path) throw py::error_already_set();
  }
  std::string path = fs_path.cast<std::string>();
  if (path.find('\0') != std::string::npos) {
    throw zc::error(zc::errc::invalid_argument, "a path must not contain a NUL byte");
  }
  return path;
}

zc::png::source make_source(py::handle src) {
  if (std::optional<std::string> path = path_of(src)) return zc::png::source::file(*path);
  return zc::png::source::memory(import_buffer(src, false));
}

void bind_png(py::module_& png) {
  png.doc() = "PNG decode straight into buffers and encode straight from them (libpng).";

  py::class_<zc::png::info>(png, "Info", "A PNG header, as stored (zc::png::info).")
      .def_readonly("width", &zc::png::info::width)
      .def_readonly("height", &zc::png::info::height)
      .def_readonly("channels", &zc::png::info::channels)
      .def_readonly("bit_depth", &zc::png::info::bit_depth)
      .def_property_readonly("color", [](const zc::png::info& i) { return color_name(i.color); })
      .def_readonly("interlaced", &zc::png::info::interlaced)
      .def_property_readonly("gamma",
                             [](const zc::png::info& i) -> py::object {
                               if (!i.has_gamma) return py::none();
                               return py::float_(i.gamma);
                             })
      .def_readonly("has_iccp", &zc::png::info::has_iccp)
      .def_readonly("has_srgb", &zc::png::info::has_srgb)
      .def_readonly("has_trns", &zc::png::info::has_trns)
      .def_readonly("palette_size", &zc::png::info::palette_size)
      .def("__repr__", [](const zc::png::info& i) {
        return "<zcbridge.png.Info " + std::to_string(i.width) + "x" + std::to_string(i.height) +
               " " + color_name(i.color) + " " + std::to_string(i.bit_depth) + "-bit" +
               (i.interlaced ? " interlaced" : "") + ">";
      });

  png.def("read_info", &read_info, py::arg("src"),
          "The header of a PNG file (path) or of PNG bytes (any buffer), as stored.");
  png.def("decode", &decode, py::arg("src"), py::arg("out") = py::none(),
          py::arg("mode") = "as_stored",
          R"doc(Decodes a PNG from a path or from any bytes-like object (read in place).

Without `out`: returns a new zcbridge.View owning C++ memory, shape (H, W)
for one channel, (H, W, C) otherwise, dtype uint8 or uint16 (native order).
With `out` (a writable buffer of the right shape and dtype, any strides --
a slice, a flipped view): libpng writes straight into it; returns `out`.
mode (any file decodes in any mode): 'as_stored' (the file's channels and
depth, every sample a value: palette -> RGB, tRNS -> alpha, 1/2/4-bit gray
-> 8 bits), 'raw' (palette indices, 1/2/4-bit values unscaled), 'gray8',
'gray16', 'gray_alpha8', 'gray_alpha16', 'rgb8', 'rgb16', 'rgba8', 'rgba16'
(the zc::png presets: alpha dropped where the mode has none, colour to gray
with libpng's weights, 16 -> 8 bits keeps the high byte).  The GIL is
released while decoding.)doc");
  png.def("encode", &encode, py::arg("array"), py::arg("dst") = py::none(), py::arg("fast") = false,
          R"doc(Encodes a (H, W) or (H, W, C) uint8/uint16 buffer (any strides) as PNG.

Returns the PNG as bytes when dst is None; writes the file when dst is a
path (replacing it only once the PNG is complete) and returns None.
fast=True: encode_options::fast(), the fast encoder (a filter chosen per row
by SIMD code, ISA-L deflate level 1; without ISA-L: libpng at zlib level 1
with the UP filter and run-length matching).  The GIL is released while
encoding.)doc");
}

}  // namespace zc::python
