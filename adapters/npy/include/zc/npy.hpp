// zc::npy: NumPy's .npy files as views over the mapped file, and written
// from views of any layout.  Depends on zc::core only.
//
//   zc::buffer_view a = zc::npy::load("x.npy");     // mapped: no element read or copied
//   zc::npy::load_into("x.npy", dst);               // streamed into any layout
//   zc::npy::save("y.npy", any_view);               // no staging of the array
//   zc::buffer_view w = zc::npy::create("z.npy", zc::dtype_of<float>(), {n, m});  // fill in place
//
// The format (numpy.lib.format): the magic "\x93NUMPY", a version byte pair,
// a little-endian header length (2 bytes in 1.0, 4 in 2.0 and 3.0), then an
// ASCII Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': ...}
// padded with spaces and a final '\n'; the elements follow, in C or Fortran
// order, in the byte order descr names.
//
// What is read:
//  - versions 1.0, 2.0 and 3.0.  3.0 only allows a UTF-8 header, which
//    NumPy writes when a structured dtype has non-ASCII field names; the
//    dtypes zcbridge describes never need it, so a 3.0 header is accepted
//    when it is ASCII and refused (like 1.0/2.0) when it is not;
//  - descr: every dtype zcbridge describes ('|b1', 'i1'..'i8', 'u1'..'u8',
//    'f2' 'f4' 'f8', 'c8' 'c16') with '<', '>', '|' or '=' ('|' and '='
//    and no prefix mean native, as in NumPy).  Structured (a list), object,
//    string, unicode, void, datetime/timedelta and long double dtypes are
//    refused with errc::dtype_mismatch naming the descr;
//  - shape: a tuple of at most 8 non-negative integers; fortran_order: True
//    or False.  Keys in any order, ' or " quotes, a trailing comma, spaces.
//  - bytes after the last element are ignored (NumPy ignores them too).
// Everything else is refused before any element is touched, with what was
// expected and what was found: a wrong magic, an unknown version, a header
// longer than max_header_length (refused before anything is allocated), a
// header cut short, a non-ASCII byte, a bad dict, a missing, repeated or
// unknown key, trailing garbage after the dict, a shape whose byte size
// overflows, and (load, load_into) a file too short for its shape.
//
// What is written (save): version 1.0, or 2.0 when the header exceeds
// 65535 bytes; the header padded with spaces so the elements start at a
// multiple of 64 bytes (as NumPy does); descr with an explicit byte order.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"
#include "zc/mapped_file.hpp"
#include "zc/stream.hpp"

namespace zc::npy {

/// What a .npy header says.
struct ZC_API info {
  zc::dtype dtype;             ///< element type, byte order as written ('>f8' stays big-endian)
  zc::dims shape;              ///< extents (rank 0..8)
  bool fortran_order = false;  ///< elements stored in Fortran (column-major) order
  /// Bytes before the first element: magic, version, length field, the dict
  /// and its padding.  The elements start at this file offset.
  std::size_t header_length = 0;
  int major_version = 1;  ///< 1, 2 or 3
  int minor_version = 0;  ///< 0

  /// Bytes the elements take after the header (itemsize x element count).
  [[nodiscard]] std::size_t payload_bytes() const;
};

/// Headers longer than this (bytes, the dict and its padding) are refused
/// before anything is allocated.  NumPy's own writer never comes near it for
/// the dtypes zcbridge reads (their headers are under 256 bytes).
inline constexpr std::size_t max_header_length = std::size_t{1} << 20;

/// The outcome of check_header: the header's content, or what failed.
struct ZC_API header_check {
  bool valid = false;
  npy::info info;  ///< meaningful when valid

  /// When !valid: invalid_format (magic, version, syntax, keys, non-ASCII,
  /// trailing garbage), dtype_mismatch (a dtype zcbridge does not describe),
  /// limit_exceeded (header length, rank > 8), overflow (the shape's byte
  /// size), truncated (`bytes` ends before the header does).
  errc code = errc::invalid_format;
  std::string expected;  ///< what the format requires, e.g. "a 'shape' key"
  std::string found;     ///< what the bytes hold there
  /// For code == truncated: how many bytes the header needs as far as the
  /// given bytes tell (10 before the version is known, 12 before a 4-byte
  /// length is, else the full header length); read that many and check again.
  std::size_t bytes_needed = 0;

  /// "expected <expected>, found <found>".
  [[nodiscard]] std::string message() const;
};

/// Validates the header at the start of `bytes` (which may hold more: the
/// elements that follow are not looked at).  Never throws for bad input.
ZC_API header_check check_header(std::span<const std::byte> bytes);

/// The header of a .npy file.  Throws zc::error naming the file: io when it
/// cannot be read, the header_check code (with expected/found) when the
/// header is refused.  The payload size is not checked (load/load_into do).
ZC_API info read_info(const std::filesystem::path& path);
/// Reads exactly the header from `source` (the elements are what remains).
ZC_API info read_info(byte_source& source);

/// The file as a view over its mapping, with the header's dtype (byte order
/// as written), shape and order (F strides for fortran_order), owning the
/// mapping: no element is read or copied.  read_only gives a readonly view;
/// read_write with mapping::shared writes into the file (np.load(mmap_mode=
/// 'r+')), with mapping::private_copy writes stay in memory (mmap_mode='c').
/// See zc/mapped_file.hpp for the truncation hazard of every mapped view.
/// Throws as read_info, and errc::truncated when the file is shorter than
/// header_length + payload_bytes().
ZC_API buffer_view load(const std::filesystem::path& path, access mode = access::read_only,
                        mapping kind = mapping::shared);

/// Reads the elements straight into `dst`, any layout of the header's shape
/// and dtype; a different byte order in dst's dtype is converted.  Streams:
/// extra memory is O(1) (a 64 KiB buffer, only when dst's layout or byte
/// order differs from the file's and only for the pieces that need it).  Refuses (before reading
/// any element) a readonly dst (readonly), another shape (shape_mismatch), another element type
/// (dtype_mismatch); a file or stream that ends early is errc::truncated
/// (dst then holds the elements read so far).
ZC_API void load_into(const std::filesystem::path& path, const buffer_view& dst);
/// The same from a stream positioned at the header; consumes header and
/// elements, nothing after them.
ZC_API void load_into(byte_source& source, const buffer_view& dst);

/// Writes `src` as a .npy file: a C- or F-contiguous view as it lies in
/// memory (fortran_order accordingly; a transposed C array is F-contiguous),
/// any other layout (strided, flipped) in C order, contiguous runs straight
/// from memory and the rest through a 64 KiB buffer, never staging the array.
/// To a path, the file is replaced only once complete (zc::replacing_file_sink):
/// a failure leaves an existing file as it was.  Throws zc::error(io) naming
/// the path when writing fails.
ZC_API void save(const std::filesystem::path& path, const buffer_view& src);
/// The same into any sink (header, then the elements).
ZC_API void save(byte_sink& sink, const buffer_view& src);

/// A new .npy file of `type` and `shape`, all elements zero, returned as a
/// writable view over its shared mapping (np.lib.format.open_memmap with
/// mode 'w+'): fill it through the view, no staging.  The file is sized with
/// ftruncate, so it takes no disk space until pages are written.  An
/// existing file at `path` is truncated and replaced at once (unlike save).
/// Throws zc::error(io) naming the path.
ZC_API buffer_view create(const std::filesystem::path& path, zc::dtype type, const dims& shape,
                          bool fortran_order = false);

}  // namespace zc::npy
