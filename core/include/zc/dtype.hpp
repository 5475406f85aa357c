// zc::dtype: what one element of a buffer is (kind, width, byte order).
//
// Parses and prints the two spellings people already use:
//  - PEP 3118 / struct-module codes with an optional byte-order prefix:
//    '@' '=' '<' '>' '!' then one of b B h H i I l L q Q n N e f d ? Zf Zd
//    (e.g. "d", ">H", "=i", "<Zd").  '@' (the default) uses native sizes, so
//    'l' is 8 bytes on LP64; the other prefixes use the struct module's
//    standard sizes ('l' is 4 bytes).  Padding ('x') and multi-field formats
//    are refused with a clear error: a dtype is one element.
//  - numpy type strings: optional '<' '>' '=' '|' then one of i u f c b and a
//    byte count (e.g. "<f8", ">u2", "|u1", "<c16", "|b1"), and NumPy's type
//    characters after those prefixes: the struct codes above with native
//    sizes after '|' ("|d", "|l"), and 'F' 'D' (complex64/128), 'p' 'P'
//    (intp/uintp).  '@' and '!' are struct's only, '|' NumPy's only.
// Exactly what struct.calcsize or numpy.dtype accept for these types parses
// (and 'Zf'/'Zd', PEP 3118's complex codes); tests/core/dtype_formats
// checks it against both on thousands of candidates.
//
// Comparison is canonical: "native" is resolved to the host's byte order and
// the byte order of 1-byte types is irrelevant, so on a little-endian LP64
// host parse("l") == parse("q") == parse("<i8") == dtype_of<long>().
#pragma once

#include <bit>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "zc/export.hpp"

namespace zc {

/// The family of an element type.
enum class dtype_kind : std::uint8_t {
  signed_int,    ///< two's complement integer, 8..64 bits
  unsigned_int,  ///< unsigned integer, 8..64 bits
  floating,      ///< IEEE 754 binary16/32/64
  complex,       ///< two IEEE floats (real, imag), 64 or 128 bits in all
  boolean,       ///< one byte, 0 or 1
};

/// How the bytes of one element are ordered in memory.
enum class byte_order : std::uint8_t {
  native,  ///< the host's order (resolved when compared or printed)
  little,
  big,
};

/// The host's byte order, never `byte_order::native`.
inline constexpr byte_order host_byte_order =
    std::endian::native == std::endian::little ? byte_order::little : byte_order::big;

/// One element type.  A small value type: copy it freely (4 bytes).
class ZC_API dtype {
 public:
  /// Unsigned 8-bit, the type of raw bytes.
  constexpr dtype() noexcept = default;

  /// Throws zc::error(invalid_argument) for a combination that does not exist
  /// (e.g. 24-bit integers, 8-bit floats, 32-bit complex, 16-bit bool).
  dtype(dtype_kind kind, int bits, byte_order order = byte_order::native);

  /// Parses a struct-module or numpy format (see the file comment).
  /// Throws zc::error(invalid_format) naming the offending text.
  static dtype parse(std::string_view format);

  [[nodiscard]] constexpr dtype_kind kind() const noexcept { return kind_; }
  /// Width of one element in bits (8..128).
  [[nodiscard]] constexpr int bits() const noexcept { return bits_; }
  /// Width of one element in bytes (1..16).
  [[nodiscard]] constexpr std::size_t itemsize() const noexcept {
    return static_cast<std::size_t>(bits_) / 8;
  }
  /// The order as stored: may be `native`.
  [[nodiscard]] constexpr byte_order order() const noexcept { return order_; }
  /// The order with `native` resolved to the host's.
  [[nodiscard]] constexpr byte_order resolved_order() const noexcept {
    return order_ == byte_order::native ? host_byte_order : order_;
  }
  /// True when elements can be used as C++ values on this host without swapping.
  [[nodiscard]] constexpr bool is_native_order() const noexcept {
    return itemsize() == 1 || resolved_order() == host_byte_order;
  }
  /// Byte size of one component that a byte swap reverses (half of a complex).
  [[nodiscard]] constexpr std::size_t swap_unit() const noexcept {
    return kind_ == dtype_kind::complex ? itemsize() / 2 : itemsize();
  }
  /// The same type in another byte order.
  [[nodiscard]] constexpr dtype with_order(byte_order order) const noexcept {
    dtype copy = *this;
    copy.order_ = order;
    return copy;
  }

  /// PEP 3118 format with an explicit byte-order prefix where the width makes
  /// order matter, e.g. "B", "<d", ">H", "<Zf", "?".  Always parseable back.
  [[nodiscard]] std::string format() const;
  /// numpy type string, e.g. "|u1", "<f8", ">u2", "<c16", "|b1".
  [[nodiscard]] std::string str() const;
  /// Human name, e.g. "uint8", "float32", "complex128", "bool".
  [[nodiscard]] std::string name() const;
  /// "'<f4' (float32)": how error messages spell a dtype.
  [[nodiscard]] std::string describe() const;

  friend constexpr bool operator==(dtype a, dtype b) noexcept {
    return a.kind_ == b.kind_ && a.bits_ == b.bits_ &&
           (a.itemsize() == 1 || a.resolved_order() == b.resolved_order());
  }

 private:
  constexpr dtype(dtype_kind kind, std::uint8_t bits, byte_order order, int) noexcept
      : kind_(kind), bits_(bits), order_(order) {}
  template <class T>
  friend constexpr dtype dtype_of() noexcept;

  dtype_kind kind_ = dtype_kind::unsigned_int;
  std::uint8_t bits_ = 8;
  byte_order order_ = byte_order::native;
};

namespace detail {
template <class T>
struct is_std_complex : std::false_type {};
template <class T>
struct is_std_complex<std::complex<T>> : std::true_type {};
}  // namespace detail

/// True for the C++ types a dtype can describe: bool, integers of 1..8
/// bytes, std::byte (as 'B', unsigned 8-bit), float, double,
/// std::complex<float|double> (cv-qualifiers ignored).
template <class T>
inline constexpr bool is_element_type_v = [] {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool> || std::is_same_v<U, std::byte>)
    return true;
  else if constexpr (std::is_integral_v<U>)
    return sizeof(U) <= 8;
  else if constexpr (std::is_same_v<U, float> || std::is_same_v<U, double>)
    return true;
  else if constexpr (std::is_same_v<U, std::complex<float>> ||
                     std::is_same_v<U, std::complex<double>>)
    return true;
  else
    return false;
}();

/// The dtype of a C++ element type, in native byte order.
template <class T>
constexpr dtype dtype_of() noexcept {
  using U = std::remove_cv_t<T>;
  static_assert(is_element_type_v<U>,
                "zc::dtype_of<T>: T must be bool, an integer, std::byte, float, double or "
                "std::complex<float|double>");
  constexpr auto bits = static_cast<std::uint8_t>(sizeof(U) * 8);
  if constexpr (std::is_same_v<U, bool>)
    return dtype(dtype_kind::boolean, bits, byte_order::native, 0);
  else if constexpr (std::is_same_v<U, std::byte>)
    return dtype(dtype_kind::unsigned_int, bits, byte_order::native, 0);
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>)
    return dtype(dtype_kind::signed_int, bits, byte_order::native, 0);
  else if constexpr (std::is_integral_v<U>)
    return dtype(dtype_kind::unsigned_int, bits, byte_order::native, 0);
  else if constexpr (std::is_floating_point_v<U>)
    return dtype(dtype_kind::floating, bits, byte_order::native, 0);
  else
    return dtype(dtype_kind::complex, bits, byte_order::native, 0);
}

}  // namespace zc
