// libFuzzer target: zc::npy::check_header (the one header judge) on
// arbitrary bytes, and the streaming reader built on it.
//
// Contract checked:
//  - check_header never throws; a refusal has a documented code and
//    non-empty expected/found texts; truncated says how many bytes it needs
//    (more than it was given, at most max_header_length + 12);
//  - an accepted header is sane: version 1..3, 10 < header_length <= size,
//    rank <= 8, payload_bytes() = itemsize x element count without overflow;
//  - read_info over a memory_source agrees with check_header (same info and
//    the stream left at header_length, or a zc::error with the same code);
//  - when the elements are present (and small), load_into a C destination
//    gives the file's bytes in C order (equal to a zc::copy of a view over
//    them in the file's order).
// Anything else aborts the run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "zc/npy.hpp"

#include "fuzz_input.hpp"

namespace {

using zc::fuzz::fail;

bool documented(zc::errc code) {
  return code == zc::errc::invalid_format || code == zc::errc::dtype_mismatch ||
         code == zc::errc::limit_exceeded || code == zc::errc::overflow ||
         code == zc::errc::truncated;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  zc::npy::header_check check;
  try {
    check = zc::npy::check_header({bytes, size});
  } catch (...) {
    fail("check_header threw");
  }
  const zc::buffer_view input =
      zc::view(static_cast<const void*>(bytes), zc::dtype{}, zc::dims{size});

  if (!check.valid) {
    if (!documented(check.code)) fail("undocumented refusal code");
    if (check.expected.empty() || check.found.empty()) fail("refusal without expected/found");
    if (check.code == zc::errc::truncated &&
        (check.bytes_needed <= size || check.bytes_needed > zc::npy::max_header_length + 12)) {
      fail("truncated with a wrong bytes_needed");
    }
    zc::memory_source source(input);
    try {
      zc::npy::read_info(source);
      fail("read_info accepted a refused header");
    } catch (const zc::error& e) {
      if (e.code() != check.code) fail("read_info and check_header refuse with different codes");
    }
    return 0;
  }

  const zc::npy::info& info = check.info;
  if (info.major_version < 1 || info.major_version > 3 || info.minor_version != 0) {
    fail("accepted an unknown version");
  }
  if (info.header_length <= 10 || info.header_length > size) fail("header_length out of range");
  if (info.shape.size() > zc::max_rank) fail("rank above 8");
  std::uint64_t count = 1;
  for (const std::int64_t e : info.shape) {
    if (e < 0) fail("negative extent");
    count *= static_cast<std::uint64_t>(e);  // wraps only when a zero extent follows
  }
  const bool empty = zc::detail::element_count(info.shape.span()) == 0;
  if (!empty && info.payload_bytes() != count * info.dtype.itemsize()) fail("payload_bytes wrong");

  zc::memory_source source(input);
  zc::npy::info streamed;
  try {
    streamed = zc::npy::read_info(source);
  } catch (const zc::error&) {
    fail("read_info refused an accepted header");
  }
  if (streamed.dtype != info.dtype || streamed.shape != info.shape ||
      streamed.fortran_order != info.fortran_order ||
      streamed.header_length != info.header_length || source.position() != info.header_length) {
    fail("read_info and check_header disagree");
  }

  const std::size_t payload = info.payload_bytes();
  if (payload > (std::size_t{1} << 20) || size - info.header_length < payload) return 0;
  const std::size_t itemsize = info.dtype.itemsize();
  std::unique_ptr<std::byte[]> out(new std::byte[payload + 1]);
  const zc::buffer_view dst =
      zc::view(static_cast<void*>(out.get()), info.dtype, info.shape);  // C order
  zc::memory_source payload_source(input);
  zc::npy::load_into(payload_source, dst);
  const zc::dims strides = info.fortran_order ? zc::f_strides(info.shape, itemsize)
                                              : zc::c_strides(info.shape, itemsize);
  const zc::buffer_view in_file(bytes + info.header_length, info.dtype, info.shape, strides,
                                zc::access::read_only);
  std::unique_ptr<std::byte[]> expected(new std::byte[payload + 1]);
  zc::copy(in_file, zc::view(static_cast<void*>(expected.get()), info.dtype, info.shape));
  for (std::size_t i = 0; i < payload; ++i) {
    if (expected[i] != out[i]) fail("load_into bytes differ from a copy of the file's elements");
  }
  return 0;
}
