#include "png_test_util.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "temp_dir.hpp"
#include "zc/error.hpp"

namespace zc::test {

bool limit_file_size(std::uint64_t bytes) {
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit{};
  limit.rlim_cur = static_cast<rlim_t>(bytes);
  limit.rlim_max = static_cast<rlim_t>(bytes);
  return setrlimit(RLIMIT_FSIZE, &limit) == 0;
}

std::vector<std::byte> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  if (!chars.empty()) std::memcpy(bytes.data(), chars.data(), chars.size());
  return bytes;
}

buffer_view byte_view(const std::vector<std::byte>& bytes) {
  return zc::view(static_cast<const void*>(bytes.data()), zc::dtype{}, dims{bytes.size()});
}

namespace {
std::vector<std::string> list(const std::string& folder, bool (*keep)(const std::string&)) {
  std::vector<std::string> names;
  const std::filesystem::path dir = testdata(folder);
  // CMake refuses to configure without the folder; a folder gone since then
  // must fail the suite, not empty it.
  if (!std::filesystem::is_directory(dir))
    throw std::runtime_error("test data folder " + dir.string() + " is missing");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && keep(name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}
bool ends_png(const std::string& n) { return n.size() > 4 && n.substr(n.size() - 4) == ".png"; }
}  // namespace

std::vector<std::string> pngsuite_files(bool valid) {
  if (valid)
    return list("pngsuite", [](const std::string& n) { return ends_png(n) && n[0] != 'x'; });
  return list("pngsuite", [](const std::string& n) { return ends_png(n) && n[0] == 'x'; });
}

std::vector<std::string> crasher_files() { return list("png-crashers", ends_png); }

const char* to_string(layout l) {
  switch (l) {
    case layout::c_order:
      return "c_order";
    case layout::f_order:
      return "f_order";
    case layout::flipped_padded:
      return "flipped_padded";
    case layout::planar:
      return "planar";
    case layout::padded_pixels:
      return "padded_pixels";
  }
  return "?";
}

strided_image make_image(std::int64_t h, std::int64_t w, std::int64_t c, zc::dtype type, layout l,
                         bool rank2) {
  const auto item = static_cast<std::int64_t>(type.itemsize());
  strided_image img;
  std::int64_t bytes = h * w * c * item;
  dims strides;
  std::int64_t origin = 0;  // byte offset of sample [0, 0, 0]
  switch (l) {
    case layout::c_order:
      strides = dims{w * c * item, c * item, item};
      break;
    case layout::f_order:
      strides = dims{item, h * item, h * w * item};
      break;
    case layout::flipped_padded: {
      const std::int64_t row = w * c * item + 7;
      bytes = h * row;
      strides = dims{-row, c * item, item};
      origin = (h - 1) * row;
      break;
    }
    case layout::planar:
      strides = dims{w * item, item, h * w * item};
      break;
    case layout::padded_pixels:
      bytes = h * w * (c + 1) * item;
      strides = dims{w * (c + 1) * item, (c + 1) * item, item};
      break;
  }
  img.storage.assign(static_cast<std::size_t>(bytes), std::byte{0xA5});
  std::byte* base = img.storage.data() + origin;
  if (rank2 && c == 1) {
    img.view =
        buffer_view(base, type, dims{h, w}, dims{strides[0], strides[1]}, access::read_write);
  } else {
    img.view = buffer_view(base, type, dims{h, w, c}, strides, access::read_write);
  }
  return img;
}

namespace {
std::uint16_t load(const std::byte* p, zc::dtype t) {
  if (t.itemsize() == 1) return static_cast<std::uint16_t>(*p);
  const auto b0 = static_cast<std::uint16_t>(p[0]);
  const auto b1 = static_cast<std::uint16_t>(p[1]);
  return t.resolved_order() == byte_order::big ? static_cast<std::uint16_t>(b0 << 8 | b1)
                                               : static_cast<std::uint16_t>(b1 << 8 | b0);
}
void store(std::byte* p, zc::dtype t, std::uint16_t v) {
  if (t.itemsize() == 1) {
    *p = static_cast<std::byte>(v);
    return;
  }
  const auto hi = static_cast<std::byte>(v >> 8);
  const auto lo = static_cast<std::byte>(v & 0xff);
  if (t.resolved_order() == byte_order::big) {
    p[0] = hi;
    p[1] = lo;
  } else {
    p[0] = lo;
    p[1] = hi;
  }
}
template <class F>
void for_each_sample(const buffer_view& v, F&& fn) {
  const std::int64_t c = v.rank() == 3 ? v.shape()[2] : 1;
  const std::int64_t cs = v.rank() == 3 ? v.strides()[2] : 0;
  for (std::int64_t y = 0; y < v.shape()[0]; ++y)
    for (std::int64_t x = 0; x < v.shape()[1]; ++x)
      for (std::int64_t k = 0; k < c; ++k)
        fn(v.bytes() + y * v.strides()[0] + x * v.strides()[1] + k * cs);
}
}  // namespace

std::vector<std::uint16_t> samples_of(const buffer_view& v) {
  std::vector<std::uint16_t> out;
  out.reserve(v.size());
  for_each_sample(v, [&](const std::byte* p) { out.push_back(load(p, v.dtype())); });
  return out;
}

void fill_pattern(const buffer_view& v, std::uint32_t seed) {
  std::uint32_t state = seed * 2654435761u + 1u;
  const zc::dtype t = v.dtype();
  for_each_sample(v, [&](const std::byte* p) {
    state = state * 1664525u + 1013904223u;
    store(const_cast<std::byte*>(p), t, static_cast<std::uint16_t>(state >> 16));
  });
}

std::size_t chunked_source::read_some(std::byte* dst, std::size_t max_bytes) {
  ++calls;
  largest_request = std::max(largest_request, max_bytes);
  const std::size_t n = std::min({max_bytes, chunk_, bytes_.size() - position_});
  if (n > 0) std::memcpy(dst, bytes_.data() + position_, n);
  position_ += n;
  return n;
}

std::size_t failing_source::read_some(std::byte* dst, std::size_t max_bytes) {
  if (position_ >= good_) throw error(errc::io, "failing_source: simulated read failure");
  const std::size_t n = std::min({max_bytes, good_ - position_, bytes_.size() - position_});
  if (n > 0) std::memcpy(dst, bytes_.data() + position_, n);
  position_ += n;
  return n;
}

void failing_sink::write(const std::byte*, std::size_t n) {
  if (written + n > capacity_) throw error(errc::io, "failing_sink: simulated write failure");
  written += n;
}

}  // namespace zc::test
