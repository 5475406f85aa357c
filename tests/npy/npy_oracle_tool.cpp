// npy_oracle_tool: the C++ side of npy_numpy_oracle.py.  NumPy writes and
// reads the files; this program loads, saves and writes them with zc::npy.
//
//   dump FILE...          per file: "<descr> <shape> <fortran 0|1> <hex>", hex being
//                         the elements in C order and the file's byte order, got
//                         three ways that must agree: load() then copy,
//                         load_into() a C destination, load_into() an F
//                         destination of the other byte order
//   save LAYOUT IN OUT... loads IN, copies it into a LAYOUT view (c, f, strided,
//                         flipped, swapped: C order in the other byte order)
//                         and saves that view as OUT
//   set FILE INDEX VALUE  element INDEX (C order) := VALUE through
//                         load(FILE, read_write); '<f8'/'>f8' or '<i4'/'>i4'
//   get FILE INDEX        prints element INDEX as loaded
// Exit status 1 with a message on stderr when something disagrees.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "zc/npy.hpp"

namespace {

// Memory for a view of `type`/`shape` laid out by `strides` (all >= 0 or
// the flipped case handled by the caller); owned by the returned view.
zc::buffer_view allocate(zc::dtype type, const zc::dims& shape, const zc::dims& strides,
                         std::size_t bytes) {
  auto memory = std::shared_ptr<std::byte[]>(new std::byte[bytes + 16]());
  return zc::buffer_view(memory.get(), type, shape, strides, zc::access::read_write, memory);
}

zc::buffer_view allocate_c(zc::dtype type, const zc::dims& shape) {
  const zc::dims strides = zc::c_strides(shape, type.itemsize());
  std::size_t count = 1;
  for (const std::int64_t e : shape) count *= static_cast<std::size_t>(e);
  return allocate(type, shape, strides, count * type.itemsize());
}

zc::dtype other_order(zc::dtype t) {
  return t.with_order(t.resolved_order() == zc::byte_order::little ? zc::byte_order::big
                                                                   : zc::byte_order::little);
}

std::string hex(const zc::buffer_view& c_contiguous) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  const auto* p = c_contiguous.bytes();
  for (std::size_t i = 0; i < c_contiguous.nbytes(); ++i) {
    const auto b = static_cast<unsigned>(p[i]);
    out += digits[b >> 4];
    out += digits[b & 0xf];
  }
  return out.empty() ? "-" : out;
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "npy_oracle_tool: %s\n", what.c_str());
  std::exit(1);
}

void dump(const std::string& path) {
  const zc::buffer_view loaded = zc::npy::load(path);
  const zc::npy::info header = zc::npy::read_info(path);
  const zc::dtype type = loaded.dtype();
  const zc::buffer_view by_load = allocate_c(type, loaded.shape_dims());
  zc::copy(loaded, by_load);

  const zc::buffer_view by_load_into = allocate_c(type, loaded.shape_dims());
  zc::npy::load_into(path, by_load_into);

  const zc::dims shape = loaded.shape_dims();
  const zc::buffer_view f_swapped =
      allocate(other_order(type), shape, zc::f_strides(shape, type.itemsize()), by_load.nbytes());
  zc::npy::load_into(path, f_swapped);
  const zc::buffer_view from_f = allocate_c(type, shape);
  zc::copy(f_swapped, from_f);

  const std::string h = hex(by_load);
  if (hex(by_load_into) != h) fail(path + ": load_into (C) differs from load");
  if (hex(from_f) != h) fail(path + ": load_into (F, other byte order) differs from load");
  if (!(header.fortran_order ? loaded.is_f_contiguous() : loaded.is_c_contiguous())) {
    fail(path + ": the view's strides do not follow fortran_order");
  }
  std::printf("%s %s %d %s\n", type.str().c_str(), zc::detail::dims_text(shape.span()).c_str(),
              header.fortran_order ? 1 : 0, h.c_str());
}

void save(const std::string& layout, const std::string& in, const std::string& out) {
  const zc::buffer_view src = zc::npy::load(in);
  const zc::dtype type = src.dtype();
  const zc::dims shape = src.shape_dims();
  const std::size_t nbytes = src.nbytes();
  zc::buffer_view dst;
  if (layout == "c") {
    dst = allocate_c(type, shape);
  } else if (layout == "swapped") {
    dst = allocate_c(other_order(type), shape);
  } else if (layout == "f") {
    dst = allocate(type, shape, zc::f_strides(shape, type.itemsize()), nbytes);
  } else if (layout == "strided") {
    // Every element followed by a gap of one element: strides twice C's.
    zc::dims strides = zc::c_strides(shape, type.itemsize());
    for (std::size_t k = 0; k < strides.size(); ++k) strides[k] *= 2;
    dst = allocate(type, shape, strides, 2 * nbytes);
  } else if (layout == "flipped") {
    dst = allocate_c(type, shape);
    for (std::size_t k = 0; k < shape.size(); ++k) dst = dst.flip(static_cast<std::int64_t>(k));
  } else {
    fail("unknown layout " + layout);
  }
  zc::copy(src, dst);
  zc::npy::save(out, dst);
}

// The rank-0 view of element `index` in C order.
zc::buffer_view element(zc::buffer_view v, std::int64_t index) {
  std::vector<std::int64_t> idx(v.rank());
  for (std::size_t k = v.rank(); k-- > 0;) {
    idx[k] = index % v.shape()[k];
    index /= v.shape()[k];
  }
  for (const std::int64_t i : idx) v = v.select(0, i);
  return v;
}

void set(const std::string& path, std::int64_t index, const std::string& value) {
  const zc::buffer_view e = element(zc::npy::load(path, zc::access::read_write), index);
  if (e.dtype().kind() == zc::dtype_kind::floating && e.itemsize() == 8) {
    double v = std::strtod(value.c_str(), nullptr);
    zc::copy(zc::view(&v, zc::dims{}), e);  // converts to the file's byte order
  } else if (e.dtype().kind() == zc::dtype_kind::signed_int && e.itemsize() == 4) {
    auto v = static_cast<std::int32_t>(std::strtol(value.c_str(), nullptr, 10));
    zc::copy(zc::view(&v, zc::dims{}), e);
  } else {
    fail("set: only f8 and i4 files");
  }
}

void get(const std::string& path, std::int64_t index) {
  const zc::buffer_view e = element(zc::npy::load(path), index);
  if (e.dtype().kind() == zc::dtype_kind::floating && e.itemsize() == 8) {
    double v = 0;
    zc::copy(e, zc::view(&v, zc::dims{}));
    std::printf("%.17g\n", v);
  } else if (e.dtype().kind() == zc::dtype_kind::signed_int && e.itemsize() == 4) {
    std::int32_t v = 0;
    zc::copy(e, zc::view(&v, zc::dims{}));
    std::printf("%d\n", v);
  } else {
    fail("get: only f8 and i4 files");
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) fail("usage: dump FILE... | save LAYOUT IN OUT... | set FILE I V | get FILE I");
  if (args[0] == "dump") {
    for (std::size_t i = 1; i < args.size(); ++i) dump(args[i]);
  } else if (args[0] == "save" && args.size() >= 4 && args.size() % 2 == 0) {
    for (std::size_t i = 2; i + 1 < args.size(); i += 2) save(args[1], args[i], args[i + 1]);
  } else if (args[0] == "set" && args.size() == 4) {
    set(args[1], std::stoll(args[2]), args[3]);
  } else if (args[0] == "get" && args.size() == 3) {
    get(args[1], std::stoll(args[2]));
  } else {
    fail("bad arguments");
  }
  return 0;
} catch (const std::exception& e) {
  fail(e.what());
}
