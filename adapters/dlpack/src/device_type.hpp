// Reading DLDevice::device_type safely.
#pragma once

#include <dlpack/dlpack.h>

#include <cstring>

namespace zc::dlpack::detail {

// The device type as the int a producer wrote.  Newer DLPack versions send
// types this header's enum does not list (kDLHexagon = 16 is outside the
// range of the version-60 enum), and loading such a value through the enum
// type is undefined behaviour, so it is read as the int it is.
inline int device_type_of(const DLDevice& device) noexcept {
  static_assert(sizeof(device.device_type) == sizeof(int));
  int type = 0;
  std::memcpy(&type, &device.device_type, sizeof type);
  return type;
}

}  // namespace zc::dlpack::detail
