// check_header: the one place a .npy header is judged.  The dict is a
// Python literal; this reads the small subset NumPy writes and
// ast.literal_eval would accept for the three keys (see zc/npy.hpp).
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zc/detail/type_string.hpp"
#include "zc/npy.hpp"

namespace zc::npy {
namespace {

constexpr std::array<unsigned char, 6> magic{0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t version_1_prefix = 10;  // magic, 2 version bytes, 2-byte length
constexpr std::size_t version_2_prefix = 12;  // magic, 2 version bytes, 4-byte length

// A refusal raised inside the parser and turned into a header_check.
struct refusal {
  errc code;
  std::string expected;
  std::string found;
  std::size_t bytes_needed = 0;  // for truncated
};

[[noreturn]] void refuse(errc code, std::string expected, std::string found) {
  throw refusal{code, std::move(expected), std::move(found)};
}

[[noreturn]] void refuse_short(std::size_t needed, std::size_t have) {
  throw refusal{errc::truncated, "a header of " + std::to_string(needed) + " bytes",
                std::to_string(have) + " bytes", needed};
}

// Bytes as a message shows them: printable ASCII as is, others as \xNN,
// at most `limit` characters then "...".
std::string printable(std::string_view bytes, std::size_t limit = 24) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  if (bytes.size() > limit) out += "...";
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

const char* supported_dtypes = "one of b1 i1 i2 i4 i8 u1 u2 u4 u8 f2 f4 f8 c8 c16";

// What a NumPy type letter is, for refusing the ones zcbridge does not describe.
std::string kind_name(char letter) {
  switch (letter) {
    case 'O':
      return "object";
    case 'S':
    case 'a':
      return "byte string";
    case 'U':
      return "unicode string";
    case 'V':
      return "void (raw record)";
    case 'M':
      return "datetime";
    case 'm':
      return "timedelta";
    default:
      return "unknown type";
  }
}

// '<f8', '>u2', '|b1', '=i4', 'c16' -> a dtype, or a dtype_mismatch naming it.
dtype descr_to_dtype(const std::string& descr) {
  std::string_view rest = descr;
  byte_order order = byte_order::native;
  if (!rest.empty() && (rest[0] == '<' || rest[0] == '>' || rest[0] == '|' || rest[0] == '=')) {
    order = rest[0] == '<' ? byte_order::little
                           : (rest[0] == '>' ? byte_order::big : byte_order::native);
    rest.remove_prefix(1);
  }
  const std::string quoted = "'" + printable(descr, 40) + "'";
  if (!rest.empty() && !zc::detail::type_string_kind(rest[0])) {
    refuse(errc::dtype_mismatch, supported_dtypes,
           "descr " + quoted + " (" + kind_name(rest[0]) + ")");
  }
  // Core reads the kind and byte count; a header's count has at most two
  // digits (the widest supported type is 16 bytes), so '<f008' is refused.
  const zc::detail::type_string_reading read = zc::detail::read_type_string(rest, order);
  if (read.fault != zc::detail::type_string_fault::none || rest.size() > 3) {
    refuse(errc::dtype_mismatch, supported_dtypes, "descr " + quoted);
  }
  return read.type;
}

// Reads the dict literal of a header.  `base` is the file offset of text[0],
// so messages point into the file.
class dict_parser {
 public:
  dict_parser(std::string_view text, std::size_t base) : text_(text), base_(base) {}

  void parse(info& out) {
    skip_space();
    expect('{', "'{' opening the header dict");
    bool have_descr = false;
    bool have_order = false;
    bool have_shape = false;
    std::string descr;
    skip_space();
    while (peek() != '}') {
      const std::string key = parse_string("a quoted key");
      skip_space();
      expect(':', "':' after the key '" + key + "'");
      skip_space();
      bool* seen = nullptr;
      if (key == "descr") {
        seen = &have_descr;
        descr = parse_descr();
      } else if (key == "fortran_order") {
        seen = &have_order;
        out.fortran_order = parse_bool();
      } else if (key == "shape") {
        seen = &have_shape;
        out.shape = parse_shape();
      } else {
        refuse(errc::invalid_format, "only the keys 'descr', 'fortran_order', 'shape'",
               "the key '" + printable(key, 40) + "'");
      }
      if (*seen) refuse(errc::invalid_format, "each key once", "'" + key + "' twice");
      *seen = true;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        skip_space();
      } else if (peek() != '}') {
        refuse(errc::invalid_format, "',' or '}' after the value of '" + key + "'", here());
      }
    }
    ++pos_;  // the '}'
    skip_space();
    if (pos_ != text_.size()) {
      refuse(errc::invalid_format, "only spaces and a newline after the dict",
             "trailing " + here());
    }
    for (const auto& [have, name] :
         {std::pair{have_descr, "descr"}, std::pair{have_order, "fortran_order"},
          std::pair{have_shape, "shape"}}) {
      if (!have) {
        refuse(errc::invalid_format, "the keys 'descr', 'fortran_order' and 'shape'",
               std::string("no '") + name + "' key");
      }
    }
    out.dtype = descr_to_dtype(descr);
  }

 private:
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  // What the parser sees at its position, for a message.
  [[nodiscard]] std::string here() const {
    if (pos_ >= text_.size()) return "the end of the header";
    return "'" + printable(text_.substr(pos_)) + "' at byte " + std::to_string(base_ + pos_);
  }

  void expect(char c, const std::string& what) {
    if (peek() != c || pos_ >= text_.size()) refuse(errc::invalid_format, what, here());
    ++pos_;
  }

  std::string parse_string(const std::string& what) {
    const char quote = peek();
    if (quote != '\'' && quote != '"') refuse(errc::invalid_format, what, here());
    const std::size_t start = pos_;
    ++pos_;
    std::string value;
    for (;;) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        pos_ = start;
        refuse(errc::invalid_format, "a closing " + std::string(1, quote),
               "unterminated " + here());
      }
      const char c = text_[pos_++];
      if (c == quote) return value;
      if (c == '\\') {
        --pos_;
        refuse(errc::invalid_format, "a string without escapes", here());
      }
      value += c;
    }
  }

  std::string parse_descr() {
    if (peek() == '[' || peek() == '{' || peek() == '(') {
      refuse(errc::dtype_mismatch, std::string("a descr string naming ") + supported_dtypes,
             "a structured dtype " + here());
    }
    return parse_string("a descr string such as '<f8'");
  }

  bool parse_bool() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_word(text_[pos_])) ++pos_;
    const std::string_view word = text_.substr(start, pos_ - start);
    if (word == "True") return true;
    if (word == "False") return false;
    pos_ = start;
    refuse(errc::invalid_format, "True or False for 'fortran_order'", here());
  }

  dims parse_shape() {
    if (peek() != '(') refuse(errc::invalid_format, "a tuple such as (3, 4) for 'shape'", here());
    const std::size_t open = pos_;
    ++pos_;
    dims shape;
    bool trailing_comma = false;
    skip_space();
    while (peek() != ')') {
      if (shape.size() == max_rank) {
        refuse(errc::limit_exceeded, "a shape of at most 8 extents", "more at " + here());
      }
      shape.push_back(parse_extent());
      skip_space();
      trailing_comma = peek() == ',';
      if (trailing_comma) {
        ++pos_;
        skip_space();
      } else if (peek() != ')') {
        refuse(errc::invalid_format, "',' or ')' in the shape tuple", here());
      }
    }
    ++pos_;  // the ')'
    if (shape.size() == 1 && !trailing_comma) {
      pos_ = open;
      refuse(errc::invalid_format, "a tuple (one extent is written '(n,)')",
             "a parenthesised number " + here());
    }
    return shape;
  }

  std::int64_t parse_extent() {
    const std::size_t start = pos_;
    if (peek() == '-') refuse(errc::invalid_format, "a non-negative extent", here());
    std::uint64_t value = 0;
    bool too_big = false;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      too_big |= __builtin_mul_overflow(value, std::uint64_t{10}, &value);
      too_big |=
          __builtin_add_overflow(value, static_cast<std::uint64_t>(text_[pos_] - '0'), &value);
      ++pos_;
    }
    if (pos_ == start || is_word(peek())) {
      pos_ = start;
      refuse(errc::invalid_format, "a decimal extent", here());
    }
    if (pos_ - start > 1 && text_[start] == '0') {
      pos_ = start;
      refuse(errc::invalid_format, "an extent without leading zeros", here());
    }
    if (too_big || value > static_cast<std::uint64_t>(INT64_MAX)) {
      pos_ = start;
      refuse(errc::overflow, "an extent of at most 2^63-1", here());
    }
    return static_cast<std::int64_t>(value);
  }

  std::string_view text_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

std::uint32_t little_endian(std::span<const std::byte> bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    value = (value << 8) | static_cast<std::uint32_t>(bytes[i]);
  }
  return value;
}

header_check check_or_throw(std::span<const std::byte> bytes) {
  header_check result;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const std::size_t magic_seen = std::min(bytes.size(), magic.size());
  for (std::size_t i = 0; i < magic_seen; ++i) {
    if (static_cast<unsigned char>(bytes[i]) != magic[i]) {
      refuse(errc::invalid_format, "the magic string \\x93NUMPY",
             "'" + printable(text.substr(0, magic.size())) + "'");
    }
  }
  if (bytes.size() < magic.size() + 2) refuse_short(version_1_prefix, bytes.size());
  result.info.major_version = static_cast<int>(bytes[6]);
  result.info.minor_version = static_cast<int>(bytes[7]);
  if (result.info.major_version < 1 || result.info.major_version > 3 ||
      result.info.minor_version != 0) {
    refuse(errc::invalid_format, "format version 1.0, 2.0 or 3.0",
           "version " + std::to_string(result.info.major_version) + "." +
               std::to_string(result.info.minor_version));
  }
  const std::size_t prefix = result.info.major_version == 1 ? version_1_prefix : version_2_prefix;
  if (bytes.size() < prefix) refuse_short(prefix, bytes.size());
  const std::size_t dict_length = little_endian(bytes.subspan(8, prefix - 8));
  if (dict_length > max_header_length) {
    refuse(errc::limit_exceeded,
           "a header length of at most " + std::to_string(max_header_length) + " bytes",
           std::to_string(dict_length) + " bytes");
  }
  const std::size_t total = prefix + dict_length;
  if (bytes.size() < total) refuse_short(total, bytes.size());
  const std::string_view dict = text.substr(prefix, dict_length);
  for (std::size_t i = 0; i < dict.size(); ++i) {
    const auto c = static_cast<unsigned char>(dict[i]);
    if (c >= 0x7f || (c < 0x20 && !is_space(dict[i]))) {
      refuse(errc::invalid_format,
             result.info.major_version == 3
                 ? "an ASCII header (a 3.0 header may be UTF-8, but no supported dtype needs it)"
                 : "an ASCII header",
             "byte " + printable(dict.substr(i, 1)) + " at byte " + std::to_string(prefix + i));
    }
  }
  dict_parser(dict, prefix).parse(result.info);
  result.info.header_length = total;
  const std::optional<std::uint64_t> count = detail::element_count(result.info.shape.span());
  std::uint64_t payload = 0;
  if (!count || __builtin_mul_overflow(*count, result.info.dtype.itemsize(), &payload) ||
      payload > static_cast<std::uint64_t>(INT64_MAX)) {
    refuse(errc::overflow, "a shape whose byte size fits in 63 bits",
           "shape " + detail::dims_text(result.info.shape.span()) + " of " +
               result.info.dtype.describe());
  }
  result.valid = true;
  return result;
}

}  // namespace

std::size_t info::payload_bytes() const {
  return static_cast<std::size_t>(detail::element_count(shape.span()).value_or(0)) *
         dtype.itemsize();
}

std::string header_check::message() const { return "expected " + expected + ", found " + found; }

header_check check_header(std::span<const std::byte> bytes) {
  try {
    return check_or_throw(bytes);
  } catch (refusal& r) {
    header_check result;
    result.code = r.code;
    result.expected = std::move(r.expected);
    result.found = std::move(r.found);
    result.bytes_needed = r.bytes_needed;
    return result;
  }
}

}  // namespace zc::npy
