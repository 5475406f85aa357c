// An owning handle for a DLManagedTensor that has not been handed on yet.
#pragma once

#include <dlpack/dlpack.h>

#include <memory>

namespace zc::dlpack {

/// Calls the tensor's own deleter (if it has one).
struct tensor_deleter {
  void operator()(DLManagedTensor* t) const noexcept {
    if (t != nullptr && t->deleter != nullptr) t->deleter(t);
  }
};

/// Holds a tensor until it is handed on (release()) or destroyed: e.g.
///   zc::dlpack::unique_tensor t{zc::dlpack::to_dlpack(v)};
///   hand_over(t.get());   // may throw: t still deletes the tensor
///   t.release();          // now the consumer owns it
using unique_tensor = std::unique_ptr<DLManagedTensor, tensor_deleter>;

}  // namespace zc::dlpack
