// libFuzzer target: zc::dtype::parse on arbitrary bytes.
//
// Contract checked: parse either throws zc::error(invalid_format) or returns
// a dtype whose format() and str() both parse back to an equal dtype, with a
// sane item size.  Any other outcome (another exception, a crash, a
// sanitizer report, a failed round trip) aborts the run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "zc/dtype.hpp"
#include "zc/error.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "fuzz_dtype_parse: %s for input '%.*s'\n", what,
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  zc::dtype parsed;
  try {
    parsed = zc::dtype::parse(input);
  } catch (const zc::error& e) {
    if (e.code() != zc::errc::invalid_format) fail("error code is not invalid_format", input);
    if (std::string_view(e.what()).empty()) fail("empty error message", input);
    return 0;
  }
  const std::size_t itemsize = parsed.itemsize();
  if (itemsize != 1 && itemsize != 2 && itemsize != 4 && itemsize != 8 && itemsize != 16) {
    fail("impossible item size", input);
  }
  try {
    if (!(zc::dtype::parse(parsed.format()) == parsed)) fail("format() does not round-trip", input);
    if (!(zc::dtype::parse(parsed.str()) == parsed)) fail("str() does not round-trip", input);
  } catch (const zc::error&) {
    fail("the printed form does not parse", input);
  }
  if (parsed.name().empty() || parsed.describe().empty()) fail("empty name", input);
  return 0;
}
