// buffer_view -> DLManagedTensor.
#pragma once

#include <dlpack/dlpack.h>

#include <cstdint>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"

namespace zc::dlpack {

/// Whether a readonly view may be exported.  This DLPack version has no way
/// to say "read-only", so a consumer (NumPy, PyTorch) may write through the
/// tensor; NumPy refuses to export readonly arrays for that reason, and so
/// does to_dlpack unless the caller takes that responsibility explicitly.
enum class readonly_export : std::uint8_t {
  refuse,  ///< a readonly view throws zc::error(readonly)
  allow,   ///< a readonly view is exported; the caller vouches nobody writes
};

/// A new managed tensor describing exactly `v`'s memory (no element is
/// copied): `data + byte_offset` is v.data(), shape and strides (in elements)
/// are v's, dtype code/bits/lanes from to_dl_dtype, device CPU (id 0).
///
/// Lifetime: `manager_ctx` holds a copy of `v`, so v's owner (if any) keeps
/// the memory alive until the consumer calls `deleter`; a borrowed view (no
/// owner) stays borrowed, and its memory must outlive the tensor.  `deleter`
/// frees everything to_dlpack allocated (one heap block), must be called
/// exactly once, and may be called from any thread.
///
/// Strides: axes that reach a second element need byte strides that are
/// multiples of the item size (DLPack counts strides in elements); an axis
/// of extent <= 1, or any axis of an empty view, reaches none, so its stride
/// is exported as the C-order one when its byte stride does not divide.
///
/// Throws zc::error: layout (a stride that is not a multiple of the item
/// size), dtype_mismatch (bool, non-native byte order: zc::copy into a
/// native-order buffer first), readonly (a readonly view without
/// readonly_export::allow).
[[nodiscard]] ZC_API DLManagedTensor* to_dlpack(const buffer_view& v,
                                                readonly_export readonly = readonly_export::refuse);

}  // namespace zc::dlpack
