// DLTensor -> borrowed buffer_view; DLManagedTensor -> owning buffer_view.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "device_type.hpp"
#include "zc/dlpack/dtype.hpp"
#include "zc/dlpack/import.hpp"
#include "zc/dlpack/managed.hpp"
#include "zc/error.hpp"

namespace zc::dlpack {

namespace {

[[noreturn]] void refuse(errc code, const std::string& why) {
  throw error(code, "cannot import DLPack tensor: " + why);
}

std::string shape_text(const DLTensor& t) {
  std::string text = "(";
  for (int k = 0; k < t.ndim; ++k) {
    if (k > 0) text += ", ";
    text += std::to_string(t.shape[k]);
  }
  return text + (t.ndim == 1 ? ",)" : ")");
}

// The shape, checked: rank 0..8, extents >= 0.
dims import_shape(const DLTensor& t) {
  if (t.ndim < 0 || t.ndim > static_cast<int>(max_rank)) {
    refuse(errc::invalid_argument,
           "ndim is " + std::to_string(t.ndim) + "; expected 0 to " + std::to_string(max_rank));
  }
  if (t.ndim > 0 && t.shape == nullptr) {
    refuse(errc::invalid_argument,
           "shape is null with ndim " + std::to_string(t.ndim) + "; expected ndim extents");
  }
  dims shape;
  for (int k = 0; k < t.ndim; ++k) {
    if (t.shape[k] < 0) {
      refuse(errc::invalid_argument, "extent of axis " + std::to_string(k) + " is " +
                                         std::to_string(t.shape[k]) + " in shape " + shape_text(t) +
                                         "; expected extents >= 0");
    }
    shape.push_back(t.shape[k]);
  }
  return shape;
}

// Byte strides: null strides mean C order; element strides times the item size.
dims import_strides(const DLTensor& t, const dims& shape, std::size_t itemsize) {
  if (t.strides == nullptr) {
    try {
      return c_strides(shape, itemsize);
    } catch (const error& e) {
      refuse(e.code(), std::string("null strides (C order): ") + e.what());
    }
  }
  dims strides;
  for (int k = 0; k < t.ndim; ++k) {
    std::int64_t bytes = 0;
    if (__builtin_mul_overflow(t.strides[k], static_cast<std::int64_t>(itemsize), &bytes)) {
      refuse(errc::overflow, "stride " + std::to_string(t.strides[k]) + " of axis " +
                                 std::to_string(k) + " times the item size " +
                                 std::to_string(itemsize) + " overflows 64 bits");
    }
    strides.push_back(bytes);
  }
  return strides;
}

// Element [0,...,0]: data + byte_offset, checked against wrapping around the
// address space.  An empty tensor may have null data (then it stays null).
const void* import_origin(const DLTensor& t, const dims& shape) {
  const bool is_empty = zc::detail::element_count(shape.span()) == std::uint64_t{0};
  if (t.data == nullptr) {
    if (!is_empty) {
      refuse(errc::invalid_argument,
             "data is null for a non-empty shape " + shape_text(t) + "; expected an address");
    }
    return nullptr;
  }
  std::uintptr_t origin = 0;
  if (__builtin_add_overflow(reinterpret_cast<std::uintptr_t>(t.data), t.byte_offset, &origin)) {
    refuse(errc::overflow, "data + byte_offset (" + std::to_string(t.byte_offset) +
                               ") wraps around the address space");
  }
  return reinterpret_cast<const void*>(origin);
}

}  // namespace

buffer_view from_dlpack(const DLTensor& t) {
  if (detail::device_type_of(t.device) != kDLCPU) {
    refuse(errc::invalid_argument, "its memory is on " + describe(t.device) +
                                       "; expected CPU memory (copy it to the host first)");
  }
  const zc::dtype type = from_dl_dtype(t.dtype);  // its refusal names the DLPack type
  const dims shape = import_shape(t);
  const dims strides = import_strides(t, shape, type.itemsize());
  const void* origin = import_origin(t, shape);
  try {
    // Core's constructor checks the element count, byte size and byte
    // extent for overflow.  Imported views are writable, as DLPack's are.
    return buffer_view(origin, type, shape, strides, access::read_write);
  } catch (const error& e) {
    refuse(e.code(), e.what());
  }
}

buffer_view from_dlpack(DLManagedTensor* t) {
  if (t == nullptr) refuse(errc::invalid_argument, "the DLManagedTensor pointer is null");
  buffer_view borrowed = from_dlpack(t->dl_tensor);
  // Allocate the owner before taking `t`: if this throws, `t` is still the
  // caller's.  (A shared_ptr built from `t` and a deleter would call the
  // deleter when its own allocation failed.)
  auto owner = std::make_shared<unique_tensor>();
  owner->reset(t);  // noexcept from here on
  return borrowed.with_owner(std::move(owner));
}

}  // namespace zc::dlpack
