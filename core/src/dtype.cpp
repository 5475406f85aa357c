#include "zc/dtype.hpp"

#include <cctype>
#include <optional>

#include "zc/detail/type_string.hpp"
#include "zc/error.hpp"

namespace zc {
namespace {

bool valid_combination(dtype_kind kind, int bits) {
  switch (kind) {
    case dtype_kind::signed_int:
    case dtype_kind::unsigned_int:
      return bits == 8 || bits == 16 || bits == 32 || bits == 64;
    case dtype_kind::floating:
      return bits == 16 || bits == 32 || bits == 64;
    case dtype_kind::complex:
      return bits == 64 || bits == 128;
    case dtype_kind::boolean:
      return bits == 8;
  }
  return false;
}

const char* kind_name(dtype_kind kind) {
  switch (kind) {
    case dtype_kind::signed_int:
      return "int";
    case dtype_kind::unsigned_int:
      return "uint";
    case dtype_kind::floating:
      return "float";
    case dtype_kind::complex:
      return "complex";
    case dtype_kind::boolean:
      return "bool";
  }
  return "?";
}

[[noreturn]] void bad_format(std::string_view format, const std::string& why) {
  throw error(errc::invalid_format,
              "cannot parse dtype format '" + std::string(format) + "': " + why);
}

// numpy type strings: [<>=|]? [iufcb] digits (the body read by
// detail::read_type_string); false when `rest` is not one, so the caller
// tries the struct codes.
bool parse_numpy(std::string_view format, std::string_view rest, byte_order order, dtype& out) {
  const detail::type_string_reading read = detail::read_type_string(rest, order);
  switch (read.fault) {
    case detail::type_string_fault::none:
      out = read.type;
      return true;
    case detail::type_string_fault::not_a_type_string:
      return false;
    case detail::type_string_fault::bad_count:
      bad_format(format, "expected a byte count after '" + std::string(1, rest[0]) + "', found '" +
                             std::string(rest.substr(1)) + "'");
    case detail::type_string_fault::unknown_kind:
      bad_format(format, "unknown numpy kind '" + std::string(1, rest[0]) +
                             "' (expected one of i u f c b)");
    case detail::type_string_fault::no_such_type:
      break;
  }
  bad_format(format, "no " + std::string(kind_name(read.kind)) + " type of " +
                         std::to_string(read.bytes) + " bytes");
}

}  // namespace

namespace detail {

std::optional<dtype_kind> type_string_kind(char letter) noexcept {
  switch (letter) {
    case 'i':
      return dtype_kind::signed_int;
    case 'u':
      return dtype_kind::unsigned_int;
    case 'f':
      return dtype_kind::floating;
    case 'c':
      return dtype_kind::complex;
    case 'b':
      return dtype_kind::boolean;
    default:
      return std::nullopt;
  }
}

type_string_reading read_type_string(std::string_view body, byte_order order) noexcept {
  type_string_reading read;
  if (body.size() < 2 || std::isdigit(static_cast<unsigned char>(body[1])) == 0) return read;
  for (std::size_t i = 1; i < body.size(); ++i) {
    const char c = body[i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0 || read.bytes > 1000) {
      read.fault = type_string_fault::bad_count;
      return read;
    }
    read.bytes = read.bytes * 10 + static_cast<std::size_t>(c - '0');
  }
  const std::optional<dtype_kind> kind = type_string_kind(body[0]);
  if (!kind) {
    read.fault = type_string_fault::unknown_kind;
    return read;
  }
  read.kind = *kind;
  // bytes <= 10009 here, so bits fits an int.
  const int bits = static_cast<int>(read.bytes * 8);
  if (read.bytes > 16 || !valid_combination(read.kind, bits)) {
    read.fault = type_string_fault::no_such_type;
    return read;
  }
  read.fault = type_string_fault::none;
  read.type = dtype(read.kind, bits, order);
  return read;
}

}  // namespace detail

dtype::dtype(dtype_kind kind, int bits, byte_order order) : kind_(kind), bits_(0), order_(order) {
  if (!valid_combination(kind, bits)) {
    throw error(errc::invalid_argument, "no " + std::string(kind_name(kind)) + " type of " +
                                            std::to_string(bits) + " bits");
  }
  bits_ = static_cast<std::uint8_t>(bits);
}

dtype dtype::parse(std::string_view format) {
  if (format.empty()) bad_format(format, "the format is empty");
  std::string_view rest = format;
  byte_order order = byte_order::native;
  bool native_sizes = true;  // '@', '|' (or no prefix): C sizes of this platform
  const char prefix =
      std::string_view("@=<>!|").find(rest[0]) != std::string_view::npos ? rest[0] : '\0';
  switch (prefix) {
    case '=':
      native_sizes = false;
      break;
    case '<':
      order = byte_order::little;
      native_sizes = false;
      break;
    case '>':
    case '!':
      order = byte_order::big;
      native_sizes = false;
      break;
    default:  // '@', '|', none
      break;
  }
  if (prefix != '\0') rest.remove_prefix(1);
  if (rest.empty()) bad_format(format, "a byte-order prefix with no type code after it");
  // '@' and '!' are the struct module's alone: NumPy (type strings, 'F',
  // 'D', 'p', 'P') takes none of them.  '|' is NumPy's alone.
  const bool struct_prefix = prefix == '@' || prefix == '!';

  dtype out;
  if (parse_numpy(format, rest, order, out)) {
    if (struct_prefix) {
      bad_format(format,
                 std::string("NumPy type strings take '<', '>', '=' or '|', not '") + prefix + "'");
    }
    return out;
  }
  // Struct formats pad before or between fields ("xxH", "3xI"): say so
  // wherever the 'x' is, before any other complaint about the text.
  if (rest.find('x') != std::string_view::npos) {
    bad_format(format,
               "'x' is a pad byte, not an element type: a dtype is one element without "
               "padding (describe gaps between elements with strides)");
  }
  if (std::isdigit(static_cast<unsigned char>(rest[0])) != 0) {
    bad_format(format, "repeat counts describe several elements; a dtype is one element");
  }
  if (rest == "Zf" || rest == "Zd") {
    if (prefix == '|') bad_format(format, "'|' takes a NumPy type; 'Zf' and 'Zd' are PEP 3118's");
    return dtype(dtype_kind::complex, rest == "Zf" ? 64 : 128, order);
  }
  if (rest.size() != 1) {
    bad_format(format,
               "expected one type code (b B h H i I l L q Q n N e f d ? Zf Zd, or NumPy's F D p "
               "P), found '" +
                   std::string(rest) + "'");
  }
  const int long_bits = native_sizes ? static_cast<int>(sizeof(long) * 8) : 32;
  const int pointer_bits = static_cast<int>(sizeof(void*) * 8);
  switch (rest[0]) {
    case 'b':
      return dtype(dtype_kind::signed_int, 8, order);
    case 'B':
      return dtype(dtype_kind::unsigned_int, 8, order);
    case 'h':
      return dtype(dtype_kind::signed_int, 16, order);
    case 'H':
      return dtype(dtype_kind::unsigned_int, 16, order);
    case 'i':
      return dtype(dtype_kind::signed_int, 32, order);
    case 'I':
      return dtype(dtype_kind::unsigned_int, 32, order);
    case 'l':
      return dtype(dtype_kind::signed_int, long_bits, order);
    case 'L':
      return dtype(dtype_kind::unsigned_int, long_bits, order);
    case 'q':
      return dtype(dtype_kind::signed_int, 64, order);
    case 'Q':
      return dtype(dtype_kind::unsigned_int, 64, order);
    case 'n':
    case 'N':
      if (prefix != '\0' && prefix != '@') {
        bad_format(format, "'n' and 'N' exist only with native sizes ('@')");
      }
      return dtype(rest[0] == 'n' ? dtype_kind::signed_int : dtype_kind::unsigned_int,
                   static_cast<int>(sizeof(std::size_t) * 8), order);
    case 'e':
      return dtype(dtype_kind::floating, 16, order);
    case 'f':
      return dtype(dtype_kind::floating, 32, order);
    case 'd':
      return dtype(dtype_kind::floating, 64, order);
    case '?':
      return dtype(dtype_kind::boolean, 8, order);
    case 'F':
    case 'D':
    case 'p':
    case 'P':
      // NumPy's type characters for complex64/complex128 and intp/uintp.
      if (struct_prefix) {
        bad_format(format, "'" + std::string(rest) +
                               "' is a NumPy type character, which takes '<', '>', '=' or '|', "
                               "not '" +
                               std::string(1, prefix) + "'");
      }
      if (rest[0] == 'F' || rest[0] == 'D') {
        return dtype(dtype_kind::complex, rest[0] == 'F' ? 64 : 128, order);
      }
      return dtype(rest[0] == 'p' ? dtype_kind::signed_int : dtype_kind::unsigned_int, pointer_bits,
                   order);
    case 'Z':
      bad_format(format, "'Z' must be followed by 'f' or 'd'");
    default:
      bad_format(format, "unknown type code '" + std::string(rest) +
                             "' (expected one of b B h H i I l L q Q n N e f d ? Zf Zd, or "
                             "NumPy's F D p P)");
  }
}

std::string dtype::format() const {
  // A const char* table rather than std::string assignments: g++ 12 at -O3 reports a
  // false -Wrestrict on short-literal string assignment (GCC bug 105329).
  const char* code = "?";
  switch (kind_) {
    case dtype_kind::signed_int:
      code = bits_ == 8 ? "b" : bits_ == 16 ? "h" : bits_ == 32 ? "i" : "q";
      break;
    case dtype_kind::unsigned_int:
      code = bits_ == 8 ? "B" : bits_ == 16 ? "H" : bits_ == 32 ? "I" : "Q";
      break;
    case dtype_kind::floating:
      code = bits_ == 16 ? "e" : bits_ == 32 ? "f" : "d";
      break;
    case dtype_kind::complex:
      code = bits_ == 64 ? "Zf" : "Zd";
      break;
    case dtype_kind::boolean:
      code = "?";
      break;
  }
  std::string out;
  if (itemsize() != 1) out.push_back(resolved_order() == byte_order::little ? '<' : '>');
  out.append(code);
  return out;
}

std::string dtype::str() const {
  char letter = 'u';
  switch (kind_) {
    case dtype_kind::signed_int:
      letter = 'i';
      break;
    case dtype_kind::unsigned_int:
      letter = 'u';
      break;
    case dtype_kind::floating:
      letter = 'f';
      break;
    case dtype_kind::complex:
      letter = 'c';
      break;
    case dtype_kind::boolean:
      letter = 'b';
      break;
  }
  const char prefix = itemsize() == 1 ? '|' : (resolved_order() == byte_order::little ? '<' : '>');
  return std::string{prefix, letter} + std::to_string(itemsize());
}

std::string dtype::name() const {
  switch (kind_) {
    case dtype_kind::signed_int:
      return "int" + std::to_string(bits_);
    case dtype_kind::unsigned_int:
      return "uint" + std::to_string(bits_);
    case dtype_kind::floating:
      return "float" + std::to_string(bits_);
    case dtype_kind::complex:
      return "complex" + std::to_string(bits_);
    case dtype_kind::boolean:
      return "bool";
  }
  return "?";
}

std::string dtype::describe() const { return "'" + str() + "' (" + name() + ")"; }

}  // namespace zc
