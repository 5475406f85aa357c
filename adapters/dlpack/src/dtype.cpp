// zc::dtype <-> DLDataType (see zc/dlpack/dtype.hpp for the table).
#include "zc/dlpack/dtype.hpp"

#include <cstdint>
#include <string>

#include "zc/error.hpp"

#if !defined(DLPACK_VERSION) || DLPACK_VERSION < 60
#error "zc::dlpack needs <dlpack/dlpack.h> with DLPACK_VERSION >= 60 (kDLCPU, kDLComplex)"
#endif

namespace zc::dlpack {

namespace {

bool is_shared_width(std::uint8_t code, std::uint8_t bits) {
  switch (code) {
    case kDLInt:
    case kDLUInt:
      return bits == 8 || bits == 16 || bits == 32 || bits == 64;
    case kDLFloat:
      return bits == 16 || bits == 32 || bits == 64;
    case kDLComplex:
      return bits == 64 || bits == 128;
    default:
      return false;
  }
}

}  // namespace

DLDataType to_dl_dtype(zc::dtype type) {
  if (type.kind() == dtype_kind::boolean) {
    throw error(errc::dtype_mismatch,
                "cannot export " + type.describe() +
                    " as a DLPack tensor: this DLPack version (0.6) has no bool type; "
                    "expected an integer, float or complex view (a bool view's bytes "
                    "can be exported as uint8: v.cast(zc::dtype_of<std::uint8_t>(), shape))");
  }
  if (!type.is_native_order()) {
    throw error(errc::dtype_mismatch,
                "cannot export " + type.describe() +
                    " as a DLPack tensor: DLPack elements are in the host's byte order (" +
                    type.with_order(host_byte_order).describe() +
                    "); zc::copy the view into a native-order buffer first");
  }
  DLDataType out{};
  switch (type.kind()) {
    case dtype_kind::signed_int:
      out.code = kDLInt;
      break;
    case dtype_kind::unsigned_int:
      out.code = kDLUInt;
      break;
    case dtype_kind::floating:
      out.code = kDLFloat;
      break;
    default:  // complex; bool was refused above
      out.code = kDLComplex;
      break;
  }
  out.bits = static_cast<std::uint8_t>(type.bits());
  out.lanes = 1;
  return out;
}

zc::dtype from_dl_dtype(DLDataType type) {
  if (type.lanes != 1) {
    throw error(errc::dtype_mismatch, "cannot import DLPack type '" + describe(type) +
                                          "': vector types (lanes " + std::to_string(type.lanes) +
                                          ") have no zcbridge dtype; expected lanes 1");
  }
  if (!is_shared_width(type.code, type.bits)) {
    throw error(errc::dtype_mismatch,
                "cannot import DLPack type '" + describe(type) +
                    "': zcbridge describes int8/16/32/64, uint8/16/32/64, float16/32/64 and "
                    "complex64/128");
  }
  dtype_kind kind = dtype_kind::complex;
  switch (type.code) {
    case kDLInt:
      kind = dtype_kind::signed_int;
      break;
    case kDLUInt:
      kind = dtype_kind::unsigned_int;
      break;
    case kDLFloat:
      kind = dtype_kind::floating;
      break;
    default:  // kDLComplex: is_shared_width admits no other code
      break;
  }
  return zc::dtype(kind, type.bits, byte_order::native);
}

}  // namespace zc::dlpack
