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

enum class mode_color : std::uint8_t { any, gray, color };

struct decode_mode {
  std::string_view name;
  zc::png::decode_options options;
  int channels;  // of every image decoded in this mode; 0: as in the file
  mode_color color;
};

zc::png::decode_options gray_options(bool alpha, bool sixteen) {
  zc::png::decode_options o;
  o.gray_to_8bit = true;
  o.trns_to_alpha = alpha;
  if (sixteen) {
    o.to_16bit = true;
  } else {
    o.to_8bit = zc::png::depth_reduction::strip;
  }
  o.alpha = alpha ? zc::png::alpha_mode::add : zc::png::alpha_mode::strip;
  return o;
}

zc::png::decode_options rgb_options(bool sixteen) {
  zc::png::decode_options o =
      sixteen ? zc::png::decode_options::rgba16() : zc::png::decode_options::rgba8();
  o.trns_to_alpha = false;
  o.alpha = zc::png::alpha_mode::strip;
  return o;
}

// The modes, over today's zc::png::decode_options.  16-bit samples are in
// native byte order (what NumPy's uint16 is); 16-bit reductions keep the
// high byte (as Pillow and most decoders do).  The gray modes need a gray
// file: converting colour to gray is a choice of weights left to the caller.
const std::array<decode_mode, 9>& decode_modes() {
  static const std::array<decode_mode, 9> modes{{
      {"as_stored", {}, 0, mode_color::any},
      {"gray8", gray_options(false, false), 1, mode_color::gray},
      {"gray16", gray_options(false, true), 1, mode_color::gray},
      {"gray_alpha8", gray_options(true, false), 2, mode_color::gray},
      {"gray_alpha16", gray_options(true, true), 2, mode_color::gray},
      {"rgb8", rgb_options(false), 3, mode_color::color},
      {"rgb16", rgb_options(true), 3, mode_color::color},
      {"rgba8", zc::png::decode_options::rgba8(), 4, mode_color::color},
      {"rgba16", zc::png::decode_options::rgba16(), 4, mode_color::color},
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

void require_gray_result(const decode_mode& mode, const zc::png::decode_result& r) {
  if (mode.color != mode_color::gray) return;
  if (r.color == zc::png::color_type::gray || r.color == zc::png::color_type::gray_alpha) return;
  throw zc::error(zc::errc::invalid_argument,
                  "zcbridge.png.decode: mode '" + std::string(mode.name) +
                      "' needs a gray PNG, this one decodes to " + color_name(r.color) +
                      " (use mode='rgb8', 'rgba8' or 'as_stored')");
}

// Before anything is decoded into the caller's array: its channel axis must
// be the mode's (the adapter checks height, width and sample width).
void require_mode_channels(const decode_mode& mode, const zc::buffer_view& out) {
  if (mode.channels == 0 || out.rank() < 2) return;
  const std::int64_t channels = out.rank() == 3 ? out.shape()[2] : 1;
  if (channels != mode.channels) {
    throw zc::error(zc::errc::shape_mismatch,
                    "zcbridge.png.decode: mode '" + std::string(mode.name) + "' writes " +
                        std::to_string(mode.channels) + " channel(s); out is " + out.describe());
  }
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
    require_gray_result(mode, decoded.result);
    return make_view(std::move(decoded.view));
  }
  const zc::buffer_view destination = import_buffer(out, true);
  require_mode_channels(mode, destination);
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
mode: 'as_stored' (the file's channels, palette indices, 1/2/4-bit values
unscaled), 'gray8', 'gray16', 'gray_alpha8', 'gray_alpha16' (gray files),
'rgb8', 'rgb16', 'rgba8', 'rgba16' (any file).  The GIL is released while
decoding.)doc");
  png.def("encode", &encode, py::arg("array"), py::arg("dst") = py::none(), py::arg("fast") = false,
          R"doc(Encodes a (H, W) or (H, W, C) uint8/uint16 buffer (any strides) as PNG.

Returns the PNG as bytes when dst is None; writes the file when dst is a
path (replacing it only once the PNG is complete) and returns None.
fast=True: zlib level 1, the UP filter and run-length matching.  The GIL is
released while encoding.)doc");
}

}  // namespace zc::python
