// Writing .npy files from views of any layout.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "pieces.hpp"
#include "zc/npy.hpp"
#include "zc/replacing_file_sink.hpp"

namespace zc::npy {
namespace {

constexpr std::size_t data_alignment = 64;         // bytes; where NumPy starts the elements
constexpr std::size_t version_1_max_dict = 65535;  // the 2-byte length field

// Magic, version, length, the dict padded with spaces and ended by '\n' so
// the elements start at a multiple of data_alignment.
std::string preamble(dtype type, const dims& shape, bool fortran) {
  const std::string dict = "{'descr': '" + type.str() +
                           "', 'fortran_order': " + (fortran ? "True" : "False") +
                           ", 'shape': " + zc::detail::dims_text(shape.span()) + ", }";
  auto layout = [&](std::size_t prefix) {
    const std::size_t unpadded = prefix + dict.size() + 1;  // + '\n'
    return dict.size() + 1 + (data_alignment - unpadded % data_alignment) % data_alignment;
  };
  std::size_t prefix = 10;
  std::size_t dict_length = layout(prefix);
  const bool version_2 = dict_length > version_1_max_dict;
  if (version_2) {
    prefix = 12;
    dict_length = layout(prefix);
  }
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version_2 ? 2 : 1);
  out += '\0';
  for (std::size_t i = 0; i < prefix - 8; ++i) {
    out += static_cast<char>((dict_length >> (8 * i)) & 0xff);
  }
  out += dict;
  out.append(dict_length - dict.size() - 1, ' ');
  out += '\n';
  return out;
}

}  // namespace

void save(byte_sink& sink, const buffer_view& src) {
  // Rank <= 1 views are both; NumPy then says C order, and so do we.
  const bool fortran = !src.is_c_contiguous() && src.is_f_contiguous();
  const std::string header = preamble(src.dtype(), src.shape_dims(), fortran);
  sink.write(reinterpret_cast<const std::byte*>(header.data()), header.size());
  // The transposed F-contiguous view is C-contiguous: one piece, as it lies.
  const buffer_view ordered = fortran ? src.transpose() : src;
  std::vector<std::byte> staging;  // only for pieces that are not one run
  detail::for_each_piece(ordered, detail::staging_bytes, true, [&](const buffer_view& piece) {
    if (piece.nbytes() == 0) return;
    if (piece.is_c_contiguous()) {
      sink.write(piece.bytes(), piece.nbytes());
      return;
    }
    if (staging.empty()) staging.resize(detail::staging_bytes);
    const buffer_view staged =
        view(static_cast<void*>(staging.data()), piece.dtype(), piece.shape_dims());
    copy(piece, staged);
    sink.write(staging.data(), staged.nbytes());
  });
}

void save(const std::filesystem::path& path, const buffer_view& src) {
  replacing_file_sink sink(path);
  save(sink, src);
  sink.commit();
}

buffer_view create(const std::filesystem::path& path, zc::dtype type, const dims& shape,
                   bool fortran_order) {
  const std::string caller = "zc::npy::create('" + path.string() + "')";
  // A negative extent or a byte size past 63 bits is refused before the
  // file is touched (c_strides throws overflow for the latter).
  const std::optional<std::uint64_t> count = zc::detail::element_count(shape.span());
  if (!count) {
    const bool negative =
        std::any_of(shape.begin(), shape.end(), [](std::int64_t e) { return e < 0; });
    throw error(
        negative ? errc::invalid_argument : errc::overflow,
        caller + ": " +
            (negative ? "a negative extent in the shape " : "too many elements in the shape ") +
            zc::detail::dims_text(shape.span()));
  }
  static_cast<void>(c_strides(shape, type.itemsize()));
  const std::size_t payload = static_cast<std::size_t>(*count) * type.itemsize();
  const std::string header = preamble(type, shape, fortran_order && shape.size() > 1);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw error(errc::io, caller + ": cannot create the file: " + std::strerror(errno));
  const auto total = static_cast<off_t>(header.size() + payload);
  const bool written =
      ::write(fd, header.data(), header.size()) == static_cast<ssize_t>(header.size()) &&
      ::ftruncate(fd, total) == 0;
  const int err = errno;
  ::close(fd);
  if (!written) throw error(errc::io, caller + ": cannot size the file: " + std::strerror(err));
  return load(path, access::read_write);
}

}  // namespace zc::npy
