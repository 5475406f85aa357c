#include "zc/dims.hpp"

namespace zc {

void detail::throw_dense_overflow() {
  throw error(errc::overflow, "the byte size of a dense layout of this shape overflows 64 bits");
}

}  // namespace zc
