// zc::version(): the version this libzc_core was built as (the header's
// macros, compiled into the library).
#include "zc/version.hpp"

namespace zc {

std::string_view version() noexcept { return ZC_VERSION_STRING; }

}  // namespace zc
