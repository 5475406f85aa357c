// libFuzzer target: DLTensors built from fuzzer bytes (device, dtype, ndim,
// shape, strides, byte_offset, data) into zc::dlpack::from_dlpack.
//
// An independent oracle (128-bit arithmetic, written from the DLPack rules
// and zc::buffer_view's limits, not from the adapter) decides whether the
// tensor must be accepted and which bytes it covers.  Checked:
//  - from_dlpack accepts exactly what the oracle accepts, and refuses the
//    rest with zc::error (nothing else escapes);
//  - an accepted view has element [0,...,0] at data + byte_offset, the
//    tensor's dtype, shape and byte strides, is writable, and its byte
//    extent is the oracle's;
//  - when the oracle's extent is small, the tensor is placed in a heap
//    allocation of exactly that many bytes (the declared allocation), the
//    view's extent must lie inside it, and every element is read (ASan sees
//    any stray access); the view also exports back to DLPack onto the same
//    address;
//  - through the owning overload, the deleter runs once after the view dies,
//    and never on a refusal (the fuzzer then calls it, as the owner).
//
// Input layout (every field falls back to 0 when the input runs out):
//   flags, device, code, bits, lanes, ndim, then per axis an extent and a
//   stride, then byte_offset, then (for large tensors) a fake data address.
#include <dlpack/dlpack.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/dlpack.hpp"
#include "zc/error.hpp"

#include "fuzz_input.hpp"

namespace {

using i128 = __int128;

constexpr i128 max_allocation = i128{1} << 16;  // 64 KiB

using zc::fuzz::check;
using zc::fuzz::fail;

using zc::fuzz::input;

// What the oracle says about the tensor's layout (independent of its address).
struct layout {
  bool valid = false;  // every field is acceptable and every size fits
  bool empty = false;
  std::int64_t itemsize = 0;
  std::array<std::int64_t, 8> byte_strides{};  // when !empty or strides given
  i128 lo = 0;                                 // byte extent around element [0,...,0]
  i128 hi = 0;
};

constexpr i128 int64_max = static_cast<i128>(INT64_MAX);
constexpr i128 int64_min = static_cast<i128>(INT64_MIN);
bool fits_int64(i128 v) { return v >= int64_min && v <= int64_max; }

std::int64_t shared_itemsize(std::uint8_t code, std::uint8_t bits) {
  const bool ok = ((code == kDLInt || code == kDLUInt) &&
                   (bits == 8 || bits == 16 || bits == 32 || bits == 64)) ||
                  (code == kDLFloat && (bits == 16 || bits == 32 || bits == 64)) ||
                  (code == kDLComplex && (bits == 64 || bits == 128));
  return ok ? bits / 8 : 0;
}

layout judge(const DLTensor& t, int device_type) {
  layout out;
  out.itemsize = shared_itemsize(t.dtype.code, t.dtype.bits);
  if (device_type != kDLCPU || t.dtype.lanes != 1 || out.itemsize == 0) return out;
  if (t.ndim < 0 || t.ndim > 8 || (t.ndim > 0 && t.shape == nullptr)) return out;
  const auto rank = static_cast<std::size_t>(t.ndim);
  const i128 item = out.itemsize;
  // Element count, saturated at 2^64 (enough to say "too many").
  i128 count = 1;
  for (std::size_t k = 0; k < rank; ++k) {
    if (t.shape[k] < 0) return out;
    out.empty |= t.shape[k] == 0;
    count = std::min<i128>(count * t.shape[k], i128{1} << 64);
  }
  if (out.empty) count = 0;
  if (count > int64_max || count * item > int64_max) return out;
  if (t.strides == nullptr) {
    // C order; a non-empty shape's byte size fits (checked above).
    i128 step = item;
    for (std::size_t k = rank; k-- > 0;) {
      out.byte_strides[k] = fits_int64(step) ? static_cast<std::int64_t>(step) : 0;
      step = std::min<i128>(step * std::max<std::int64_t>(t.shape[k], 1), i128{1} << 64);
    }
  } else {
    for (std::size_t k = 0; k < rank; ++k) {
      const i128 bytes = static_cast<i128>(t.strides[k]) * item;
      if (!fits_int64(bytes)) return out;
      out.byte_strides[k] = static_cast<std::int64_t>(bytes);
    }
  }
  if (!out.empty) {
    i128 lo = 0;
    i128 hi = item;
    for (std::size_t k = 0; k < rank; ++k) {
      const i128 reach = static_cast<i128>(t.shape[k] - 1) * out.byte_strides[k];
      if (!fits_int64(reach)) return out;
      (reach < 0 ? lo : hi) += reach;
    }
    if (!fits_int64(lo) || !fits_int64(hi) || !fits_int64(hi - lo)) return out;
    out.lo = lo;
    out.hi = hi;
  }
  out.valid = true;
  return out;
}

// Whether the address part is acceptable: element [0,...,0] = data + offset
// does not wrap, nor do the bytes around it, up to and including the
// one-past-the-end address (C++ must be able to form it); null data only when
// empty.
bool address_ok(const DLTensor& t, const layout& l) {
  if (t.data == nullptr) return l.empty;
  const i128 origin = static_cast<i128>(reinterpret_cast<std::uintptr_t>(t.data)) + t.byte_offset;
  const i128 top = static_cast<i128>(UINTPTR_MAX);
  if (origin > top) return false;
  return l.empty || (origin + l.lo >= 0 && origin + l.hi <= top);
}

struct deleter_log {
  int calls = 0;
};

void count_deleter(DLManagedTensor* self) { ++static_cast<deleter_log*>(self->manager_ctx)->calls; }

void check_view(const zc::buffer_view& v, const DLTensor& t, const layout& l) {
  const std::uintptr_t origin =
      t.data == nullptr ? 0 : reinterpret_cast<std::uintptr_t>(t.data) + t.byte_offset;
  check(reinterpret_cast<std::uintptr_t>(v.data()) == origin, "data() is not data + byte_offset");
  check(!v.readonly(), "an imported view is readonly");
  check(v.itemsize() == static_cast<std::size_t>(l.itemsize), "item size differs");
  check(v.rank() == static_cast<std::size_t>(t.ndim), "rank differs");
  for (std::size_t k = 0; k < v.rank(); ++k) {
    check(v.shape()[k] == t.shape[k], "shape differs");
    if (!l.empty || t.strides != nullptr)
      check(v.strides()[k] == l.byte_strides[k], "byte strides differ");
  }
  if (!l.empty) {
    check(v.byte_extent().lo == l.lo && v.byte_extent().hi == l.hi, "byte extent differs");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  input in{data, size};
  const std::uint8_t flags = in.byte();
  const bool managed = (flags & 1) != 0;
  const bool null_strides = (flags & 2) != 0;
  const bool null_shape = (flags & 4) == 4 && (flags & 8) == 8;  // rare
  const bool null_data = (flags & 0x30) == 0x30;                 // rare
  const std::uint8_t device_byte = in.byte();
  // Mostly CPU; otherwise any device type 0..19 (some beyond this enum's range).
  const int device_type = device_byte < 192 ? kDLCPU : device_byte % 20;
  const std::array<std::uint8_t, 7> widths = {8, 16, 32, 64, 128, 1, 0};
  const std::uint8_t code_byte = in.byte();
  const auto code = static_cast<std::uint8_t>(code_byte < 224 ? code_byte % 6 : code_byte);
  const std::uint8_t bits_byte = in.byte();
  const std::uint8_t bits = bits_byte < 240 ? widths[bits_byte % 5] : widths[bits_byte % 7];
  const std::uint8_t lanes_byte = in.byte();
  const auto lanes = static_cast<std::uint16_t>(lanes_byte < 248 ? 1 : lanes_byte % 5);
  const int ndim = static_cast<int>(in.byte() % 12) - 1;  // -1..10

  std::array<std::int64_t, 10> shape{};
  std::array<std::int64_t, 10> strides{};
  for (int k = 0; k < std::max(ndim, 0); ++k) {
    shape[static_cast<std::size_t>(k)] = in.number();
    strides[static_cast<std::size_t>(k)] = in.number();
  }
  const std::uint8_t offset_byte = in.byte();
  std::uint64_t byte_offset = (offset_byte & 0x80) != 0 ? in.raw64() : offset_byte;

  DLManagedTensor tensor{};
  DLTensor& t = tensor.dl_tensor;
  std::memcpy(&t.device.device_type, &device_type, sizeof device_type);
  t.device.device_id = 0;
  t.ndim = ndim;
  t.dtype = DLDataType{code, bits, lanes};
  t.shape = null_shape ? nullptr : shape.data();
  t.strides = null_strides ? nullptr : strides.data();
  const layout l = judge(t, device_type);

  // The declared allocation: exactly the oracle's extent when it is small.
  std::vector<std::byte> allocation;
  std::uintptr_t origin = 0;
  const bool small = l.valid && l.hi - l.lo <= max_allocation && !null_data;
  if (small) {
    allocation.resize(static_cast<std::size_t>(std::max<i128>(l.hi - l.lo, 1)));
    for (std::size_t i = 0; i < allocation.size(); ++i)
      allocation[i] = static_cast<std::byte>(i * 131u);
    origin = reinterpret_cast<std::uintptr_t>(allocation.data()) + static_cast<std::size_t>(-l.lo);
    byte_offset %= origin + 1;  // data = origin - byte_offset stays an address
    t.data = reinterpret_cast<void*>(origin - byte_offset);
  } else if (null_data) {
    t.data = nullptr;
  } else {
    // Never dereferenced: the oracle's extent is too large (or invalid).
    const std::uint64_t fake = in.raw64();
    t.data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(fake != 0 ? fake : 1ull << 46));
  }
  t.byte_offset = byte_offset;
  const bool accept = l.valid && address_ok(t, l);

  deleter_log log;
  tensor.manager_ctx = &log;
  tensor.deleter = &count_deleter;
  std::optional<zc::buffer_view> view;
  try {
    view = managed ? zc::dlpack::from_dlpack(&tensor) : zc::dlpack::from_dlpack(t);
  } catch (const zc::error&) {
    check(!accept, "a tensor the oracle accepts was refused");
    check(log.calls == 0, "a refused tensor's deleter ran");
    return 0;
  }
  check(accept, "a tensor the oracle refuses was accepted");
  check(log.calls == 0, "the deleter ran while the view is alive");
  check_view(*view, t, l);
  if (small && !view->empty()) {
    const auto lo = reinterpret_cast<std::uintptr_t>(view->bytes()) +
                    static_cast<std::uintptr_t>(view->byte_extent().lo);
    const auto hi = reinterpret_cast<std::uintptr_t>(view->bytes()) +
                    static_cast<std::uintptr_t>(view->byte_extent().hi);
    check(lo >= reinterpret_cast<std::uintptr_t>(allocation.data()) &&
              hi <= reinterpret_cast<std::uintptr_t>(allocation.data()) + allocation.size(),
          "the view reaches outside the declared allocation");
    if (view->size() <= 4096) check(view->to_bytes().size() == view->nbytes(), "to_bytes size");
    // And back out: the same address, the same element strides.
    const zc::dlpack::unique_tensor again{zc::dlpack::to_dlpack(*view)};
    check(static_cast<std::byte*>(again->dl_tensor.data) + again->dl_tensor.byte_offset ==
              view->bytes(),
          "re-export moved element [0,...,0]");
  }
  view.reset();
  check(log.calls == (managed ? 1 : 0), "the deleter did not run exactly once");
  return 0;
}
