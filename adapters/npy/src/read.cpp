// Reading .npy files: the header from a stream, the whole file as a mapped
// view (load), the elements streamed into any layout (load_into).
#include <algorithm>
#include <string>
#include <vector>

#include "header_error.hpp"
#include "pieces.hpp"
#include "zc/npy.hpp"

namespace zc::npy {
namespace {

std::string who(const char* call, const std::filesystem::path& path) {
  return std::string(call) + "('" + path.string() + "')";
}

// Reads exactly the header: first the 10 bytes that give the version, then
// what check_header says is still needed (at most max_header_length + 12,
// judged before anything that size is allocated).
info read_header(byte_source& source, const std::string& caller) {
  std::vector<std::byte> bytes;
  std::size_t wanted = 10;
  for (;;) {
    const std::size_t have = bytes.size();
    bytes.resize(wanted);
    const std::size_t got =
        source.read(view(bytes.data() + have, dims{static_cast<std::int64_t>(wanted - have)}));
    bytes.resize(have + got);
    const header_check check = check_header(bytes);
    if (check.valid) return check.info;
    if (check.code == errc::truncated && got == wanted - have &&
        check.bytes_needed > bytes.size()) {
      wanted = check.bytes_needed;
      continue;
    }
    if (check.code == errc::truncated) {
      throw error(errc::truncated,
                  caller + ": the input ends inside the .npy header (" + check.message() + ")");
    }
    detail::throw_refused(check, caller);
  }
}

void require_destination(const info& header, const buffer_view& dst, const std::string& caller) {
  dst.require_writable(caller);
  if (dst.shape_dims() != header.shape) {
    throw error(errc::shape_mismatch,
                caller + ": the destination's shape " + zc::detail::dims_text(dst.shape()) +
                    " differs from the file's " + zc::detail::dims_text(header.shape.span()));
  }
  if (dst.dtype().with_order(header.dtype.order()) != header.dtype) {
    throw error(errc::dtype_mismatch, caller + ": the destination's " + dst.dtype().describe() +
                                          " cannot take the file's " + header.dtype.describe() +
                                          " (element types must match; byte order may differ)");
  }
}

// Fills dst from the elements at the source's position, in the file's order.
void read_payload(byte_source& source, const info& header, const buffer_view& dst,
                  const std::string& caller) {
  // The file lists elements in C order of the shape, or in C order of the
  // reversed shape for fortran_order: the transposed view walks them so.
  const buffer_view target = header.fortran_order ? dst.transpose() : dst;
  const bool same_bytes =
      header.dtype.itemsize() == 1 || header.dtype.resolved_order() == dst.dtype().resolved_order();
  const std::size_t total = header.payload_bytes();
  std::size_t done = 0;
  std::vector<std::byte> staging;  // only for pieces that cannot be read in place
  auto fill = [&](const buffer_view& into) {
    const std::size_t got = source.read(into);
    done += got;
    if (got != into.nbytes()) {
      throw error(errc::truncated, caller + ": the input ends after " + std::to_string(done) +
                                       " of the " + std::to_string(total) +
                                       " element bytes the header announces");
    }
  };
  detail::for_each_piece(target, detail::staging_bytes, same_bytes, [&](const buffer_view& piece) {
    if (same_bytes && piece.is_c_contiguous()) {
      fill(piece);
      return;
    }
    if (staging.empty()) staging.resize(detail::staging_bytes);
    const buffer_view staged =
        view(static_cast<void*>(staging.data()), header.dtype, piece.shape_dims());
    fill(staged);
    copy(staged, piece);  // converts the byte order where dst asks for another
  });
}

}  // namespace

info read_info(byte_source& source) { return read_header(source, "zc::npy::read_info"); }

info read_info(const std::filesystem::path& path) {
  file_source source(path.string());
  return read_header(source, who("zc::npy::read_info", path));
}

buffer_view load(const std::filesystem::path& path, access mode, mapping kind) {
  const std::string caller = who("zc::npy::load", path);
  const buffer_view file = map_file(path, mode, kind);
  const header_check check = check_header({file.bytes(), file.nbytes()});
  if (!check.valid) {
    if (check.code == errc::truncated) {
      throw error(errc::truncated, caller + ": the file (" + std::to_string(file.nbytes()) +
                                       " bytes) ends inside the .npy header (" + check.message() +
                                       ")");
    }
    detail::throw_refused(check, caller);
  }
  const info& header = check.info;
  const std::size_t available = file.nbytes() - header.header_length;
  if (available < header.payload_bytes()) {
    throw error(errc::truncated, caller + ": shape " + zc::detail::dims_text(header.shape.span()) +
                                     " of " + header.dtype.describe() + " needs " +
                                     std::to_string(header.payload_bytes()) + " bytes after the " +
                                     std::to_string(header.header_length) +
                                     "-byte header, the file has " + std::to_string(available));
  }
  const dims strides = header.fortran_order ? f_strides(header.shape, header.dtype.itemsize())
                                            : c_strides(header.shape, header.dtype.itemsize());
  return buffer_view(file.bytes() + header.header_length, header.dtype, header.shape, strides, mode,
                     file.owner());
}

void load_into(byte_source& source, const buffer_view& dst) {
  const std::string caller = "zc::npy::load_into";
  const info header = read_header(source, caller);
  require_destination(header, dst, caller);
  read_payload(source, header, dst, caller);
}

void load_into(const std::filesystem::path& path, const buffer_view& dst) {
  const std::string caller = who("zc::npy::load_into", path);
  file_source source(path.string());
  const info header = read_header(source, caller);
  require_destination(header, dst, caller);
  read_payload(source, header, dst, caller);
}

}  // namespace zc::npy
