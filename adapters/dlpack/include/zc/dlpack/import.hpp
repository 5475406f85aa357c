// DLManagedTensor / DLTensor -> buffer_view.
#pragma once

#include <dlpack/dlpack.h>

#include "zc/buffer_view.hpp"
#include "zc/export.hpp"

namespace zc::dlpack {

/// A writable view of the tensor's memory (like the tensors DLPack hands
/// out), taking ownership of `t` on success: the view's owner calls
/// `t->deleter(t)` exactly once (if the deleter is not null), when the last
/// copy of the view, and of every view derived from it, is gone, on whichever
/// thread that happens.
///
/// On refusal it throws zc::error and leaves `t` untouched and owned by the
/// caller (who still has to call its deleter).  Checks are those of the
/// DLTensor overload, plus a null `t`.
[[nodiscard]] ZC_API buffer_view from_dlpack(DLManagedTensor* t);

/// A borrowed view (no owner) of the tensor's memory, for callers that
/// manage the tensor's lifetime themselves: it is valid while the tensor is.
///
/// `data + byte_offset` is element [0,...,0]; null `strides` means
/// C-contiguous; strides count elements.  Refused with zc::error naming what
/// was found and what would work:
///  - a device other than CPU (invalid_argument);
///  - lanes != 1, or a code/width zcbridge cannot describe (dtype_mismatch);
///  - ndim < 0 or > 8, a null shape with ndim > 0, a negative extent, a null
///    data pointer with a non-empty shape (invalid_argument);
///  - a stride, element count, byte size, byte extent or address that does
///    not fit in 64 bits / the address space (overflow).
[[nodiscard]] ZC_API buffer_view from_dlpack(const DLTensor& t);

}  // namespace zc::dlpack
