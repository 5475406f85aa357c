// The element types DLPack and zcbridge can both describe.
//
//   zc::dtype            DLDataType {code, bits, lanes}
//   int8..int64          kDLInt,     8..64, 1
//   uint8..uint64        kDLUInt,    8..64, 1
//   float16/32/64        kDLFloat,   16..64, 1
//   complex64/128        kDLComplex, 64/128, 1
// DLPack values are always in the host's byte order.  Not shared: bool (this
// DLPack version has no code for it), bfloat16, opaque handles, 128-bit
// integers, vector types (lanes != 1), non-native byte order.
#pragma once

#include <dlpack/dlpack.h>

#include <string>

#include "zc/dtype.hpp"
#include "zc/export.hpp"

namespace zc::dlpack {

/// The DLPack type of `type`.  Throws zc::error(dtype_mismatch) for bool and
/// for a non-native byte order (naming the type and what would work).
[[nodiscard]] ZC_API DLDataType to_dl_dtype(zc::dtype type);

/// The zcbridge type of `type`, native byte order.  Throws
/// zc::error(dtype_mismatch) for lanes != 1 and for codes or widths zcbridge
/// cannot describe (naming them, e.g. "bfloat16", "int128").
[[nodiscard]] ZC_API zc::dtype from_dl_dtype(DLDataType type);

/// How error messages spell a DLPack type: "float32", "bfloat16",
/// "int128", "float32x4" (lanes), "code 9, 8 bits".
[[nodiscard]] ZC_API std::string describe(DLDataType type);

/// How error messages spell a device: "CPU", "CUDA:0", "Metal:1",
/// "device type 42:0".
[[nodiscard]] ZC_API std::string describe(DLDevice device);

}  // namespace zc::dlpack
