// A DLManagedTensor as another library (NumPy, PyTorch) would hand it over:
// its own shape/stride arrays and a deleter that only counts its calls and
// remembers the thread, so tests can prove "exactly once, here, then".
#pragma once

#include <dlpack/dlpack.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace zc::test {

struct foreign_tensor {
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;  // elements; empty: null strides (C order)
  DLManagedTensor managed{};
  std::atomic<int> deleter_calls{0};
  std::atomic<std::thread::id> deleter_thread{};

  /// `data` is the producer's allocation; element [0,...,0] is at
  /// data + byte_offset.
  foreign_tensor(void* data, DLDataType type, std::vector<std::int64_t> shape_in,
                 std::vector<std::int64_t> strides_in = {}, std::uint64_t byte_offset = 0)
      : shape(std::move(shape_in)), strides(std::move(strides_in)) {
    DLTensor& t = managed.dl_tensor;
    t.data = data;
    t.device = DLDevice{kDLCPU, 0};
    t.ndim = static_cast<int>(shape.size());
    t.dtype = type;
    t.shape = shape.empty() ? nullptr : shape.data();
    t.strides = strides.empty() ? nullptr : strides.data();
    t.byte_offset = byte_offset;
    managed.manager_ctx = this;
    managed.deleter = [](DLManagedTensor* self) {
      auto* owner = static_cast<foreign_tensor*>(self->manager_ctx);
      owner->deleter_thread.store(std::this_thread::get_id());
      owner->deleter_calls.fetch_add(1);
    };
  }
  foreign_tensor(const foreign_tensor&) = delete;
  foreign_tensor& operator=(const foreign_tensor&) = delete;

  DLTensor& tensor() { return managed.dl_tensor; }
  int calls() const { return deleter_calls.load(); }
};

inline DLDataType dl_type(std::uint8_t code, std::uint8_t bits, std::uint16_t lanes = 1) {
  return DLDataType{code, bits, lanes};
}

}  // namespace zc::test
