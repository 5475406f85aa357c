#include "zc/sqlite/shape_text.hpp"

#include <cstdint>
#include <limits>

#include "zc/error.hpp"

namespace zc::sqlite {

std::string format_shape(const dims& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i != 0) out += ',';
    out += std::to_string(shape[i]);
  }
  out += ']';
  return out;
}

namespace {

[[noreturn]] void bad_shape(std::string_view text, const char* why) {
  throw zc::error(
      zc::errc::invalid_format,
      "shape text '" + std::string(text) + "' is not a JSON array of extents like '[3,4]': " + why);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

dims parse_shape(std::string_view text) {
  std::size_t i = 0;
  const auto skip = [&] {
    while (i < text.size() && is_space(text[i])) ++i;
  };
  skip();
  if (i == text.size() || text[i] != '[') bad_shape(text, "expected '['");
  ++i;
  dims shape;
  skip();
  if (i < text.size() && text[i] == ']') {
    ++i;
  } else {
    for (;;) {
      skip();
      if (i == text.size() || text[i] < '0' || text[i] > '9') {
        bad_shape(text, "expected a non-negative integer extent");
      }
      std::int64_t value = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        const int digit = text[i] - '0';
        if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) {
          bad_shape(text, "extent exceeds INT64_MAX");
        }
        value = value * 10 + digit;
        ++i;
      }
      if (shape.size() == max_rank) bad_shape(text, "more than 8 axes");
      shape.push_back(value);
      skip();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == ']') {
        ++i;
        break;
      }
      bad_shape(text, "expected ',' or ']'");
    }
  }
  skip();
  if (i != text.size()) bad_shape(text, "unexpected text after ']'");
  return shape;
}

}  // namespace zc::sqlite
