#include "zc/dims.hpp"

namespace zc {
namespace {

// Strides of a dense layout; `order` lists axes from the fastest-varying.
template <class AxisOrder>
dims dense_strides(const dims& shape, std::size_t itemsize, AxisOrder order) {
  dims strides = shape;
  std::int64_t step = static_cast<std::int64_t>(itemsize);
  bool overflowed = false;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const std::size_t axis = order(k);
    strides[axis] = step;
    const std::int64_t extent = shape[axis] > 0 ? shape[axis] : 1;
    if (__builtin_mul_overflow(step, extent, &step)) overflowed = true;
  }
  if (overflowed) {
    throw error(errc::overflow, "the byte size of a dense layout of this shape overflows 64 bits");
  }
  return strides;
}

}  // namespace

dims c_strides(const dims& shape, std::size_t itemsize) {
  const std::size_t n = shape.size();
  return dense_strides(shape, itemsize, [n](std::size_t k) { return n - 1 - k; });
}

dims f_strides(const dims& shape, std::size_t itemsize) {
  return dense_strides(shape, itemsize, [](std::size_t k) { return k; });
}

}  // namespace zc
