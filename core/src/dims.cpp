#include "zc/dims.hpp"

namespace zc {

void detail::throw_dense_overflow(const dims& shape, std::size_t itemsize) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i != 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  text += ")";
  throw error(errc::overflow, "a dense layout of shape " + text + " of " +
                                  std::to_string(itemsize) +
                                  "-byte elements needs more than 2^63 - 1 bytes");
}

}  // namespace zc
