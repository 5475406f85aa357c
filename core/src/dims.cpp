#include "zc/dims.hpp"

namespace zc {

std::string detail::dims_text(std::span<const std::int64_t> values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i != 0) text += ", ";
    text += std::to_string(values[i]);
  }
  if (values.size() == 1) text += ",";
  return text + ")";
}

void detail::throw_dense_overflow(const dims& shape, std::size_t itemsize) {
  throw error(errc::overflow, "a dense layout of shape " + dims_text(shape.span()) + " of " +
                                  std::to_string(itemsize) +
                                  "-byte elements needs more than 2^63 - 1 bytes");
}

}  // namespace zc
