#include "buffer_format.hpp"

#include "zc/error.hpp"

namespace zc::python {

std::string buffer_format(zc::dtype type) {
  std::string format = type.format();  // core's one table of codes
  // On LP64 hosts the native sizes of h i q e f d equal the standard sizes
  // that the explicit prefix selects, so dropping it keeps the width.
  if (type.is_native_order() && (format[0] == '<' || format[0] == '>')) format.erase(0, 1);
  return format;
}

zc::dtype parse_buffer_format(const char* format) {
  if (format == nullptr) return zc::dtype{};
  try {
    return zc::dtype::parse(format);
  } catch (const zc::error& e) {
    throw zc::error(e.code(), std::string(e.what()) +
                                  " (a zcbridge view holds one numeric or bool element type; "
                                  "structured and object buffers are not views)");
  }
}

}  // namespace zc::python
