// buffer_view -> DLManagedTensor: one heap block per export, freed by the
// tensor's deleter.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "zc/dlpack/dtype.hpp"
#include "zc/dlpack/export.hpp"
#include "zc/error.hpp"

namespace zc::dlpack {

namespace {

// Everything one export allocates, in one block.  manager_ctx points here;
// `tensor` is what the consumer receives, and its shape/strides point into
// this block.  `view` holds the exported view's owner: the memory stays
// alive until the consumer calls the deleter.
struct export_context {
  DLManagedTensor tensor{};
  buffer_view view;
  std::array<std::int64_t, max_rank> shape{};
  std::array<std::int64_t, max_rank> strides{};  // in elements
};

// The tensor's deleter.  Deleting the block releases the view's owner
// through shared_ptr's atomic count, so any thread may call it (once).
void delete_export(DLManagedTensor* self) noexcept {
  delete static_cast<export_context*>(self->manager_ctx);
}

[[noreturn]] void throw_readonly(const buffer_view& v) {
  throw error(errc::readonly,
              "cannot export " + v.describe() +
                  " as a DLPack tensor: this DLPack version (0.6) cannot mark a tensor "
                  "read-only, so its consumer may write to it; pass "
                  "zc::dlpack::readonly_export::allow if nobody will, or zc::copy into a "
                  "writable buffer first");
}

[[noreturn]] void throw_stride(const buffer_view& v, std::size_t axis) {
  throw error(errc::layout,
              "cannot export " + v.describe() + " as a DLPack tensor: the stride of axis " +
                  std::to_string(axis) + " is " + std::to_string(v.strides()[axis]) +
                  " bytes, not a multiple of the item size " + std::to_string(v.itemsize()) +
                  " (DLPack counts strides in elements); zc::copy into a buffer with "
                  "element-aligned strides first");
}

// DLPack's element strides for `v`, written to `out`.  An axis that reaches
// no second element (extent <= 1, or any axis of an empty view) may carry a
// byte stride that does not divide; it gets the C-order stride instead,
// which describes the same (absent) elements.
void element_strides(const buffer_view& v, std::array<std::int64_t, max_rank>& out) {
  const auto item = static_cast<std::int64_t>(v.itemsize());
  std::int64_t dense = 1;         // C-order element stride of the current axis
  bool dense_overflowed = false;  // only an empty view's shape can overflow it
  for (std::size_t k = v.rank(); k-- > 0;) {
    const std::int64_t bytes = v.strides()[k];
    const std::int64_t extent = v.shape()[k];
    if (bytes % item == 0) {
      out[k] = bytes / item;
    } else if (v.empty() || extent <= 1) {
      out[k] = dense_overflowed ? 0 : dense;
    } else {
      throw_stride(v, k);
    }
    dense_overflowed |= __builtin_mul_overflow(dense, extent > 1 ? extent : 1, &dense);
  }
}

}  // namespace

DLManagedTensor* to_dlpack(const buffer_view& v, readonly_export readonly) {
  const DLDataType type = to_dl_dtype(v.dtype());
  if (v.readonly() && readonly == readonly_export::refuse) throw_readonly(v);
  std::array<std::int64_t, max_rank> strides{};
  element_strides(v, strides);

  auto* context = new export_context{};
  context->view = v;
  for (std::size_t k = 0; k < v.rank(); ++k) context->shape[k] = v.shape()[k];
  context->strides = strides;

  DLTensor& t = context->tensor.dl_tensor;
  // data is element [0,...,0] itself (byte_offset 0), as NumPy exports: with
  // a negative stride the memory lies partly below it, which DLPack allows.
  t.data = const_cast<void*>(v.data());
  t.device = DLDevice{kDLCPU, 0};
  t.ndim = static_cast<int>(v.rank());
  t.dtype = type;
  t.shape = context->shape.data();
  t.strides = context->strides.data();
  t.byte_offset = 0;
  context->tensor.manager_ctx = context;
  context->tensor.deleter = &delete_export;
  return &context->tensor;
}

}  // namespace zc::dlpack
