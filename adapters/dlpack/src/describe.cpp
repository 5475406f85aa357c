// How error messages spell DLPack types and devices.
#include <string>

#include "device_type.hpp"
#include "zc/dlpack/dtype.hpp"

namespace zc::dlpack {

std::string describe(DLDataType type) {
  std::string base;
  switch (type.code) {
    case kDLInt:
      base = "int";
      break;
    case kDLUInt:
      base = "uint";
      break;
    case kDLFloat:
      base = "float";
      break;
    case kDLBfloat:
      base = "bfloat";
      break;
    case kDLComplex:
      base = "complex";
      break;
    case kDLOpaqueHandle:
      base = "opaque handle of ";
      break;
    default:
      return "code " + std::to_string(type.code) + ", " + std::to_string(type.bits) + " bits" +
             (type.lanes == 1 ? std::string() : ", " + std::to_string(type.lanes) + " lanes");
  }
  std::string text = base + std::to_string(type.bits);
  if (type.code == kDLOpaqueHandle) text += " bits";
  if (type.lanes != 1) text += "x" + std::to_string(type.lanes);
  return text;
}

std::string describe(DLDevice device) {
  const int type = detail::device_type_of(device);
  const char* name = nullptr;
  switch (type) {
    case 1:
      name = "CPU";
      break;
    case 2:
      name = "CUDA";
      break;
    case 3:
      name = "CUDAHost";
      break;
    case 4:
      name = "OpenCL";
      break;
    case 7:
      name = "Vulkan";
      break;
    case 8:
      name = "Metal";
      break;
    case 9:
      name = "VPI";
      break;
    case 10:
      name = "ROCM";
      break;
    case 11:
      name = "ROCMHost";
      break;
    case 12:
      name = "ExtDev";
      break;
    case 13:
      name = "CUDAManaged";
      break;
    case 14:
      name = "OneAPI";
      break;
    case 15:
      name = "WebGPU";
      break;
    case 16:
      name = "Hexagon";
      break;
    default:
      break;
  }
  if (type == kDLCPU) return name;
  const std::string id = ":" + std::to_string(device.device_id);
  return name != nullptr ? name + id : "device type " + std::to_string(type) + id;
}

}  // namespace zc::dlpack
