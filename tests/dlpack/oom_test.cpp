// Out of memory in the DLPack adapter (issue 11): each operator new of
// to_dlpack and from_dlpack fails in turn.  A refused from_dlpack leaves
// the tensor owned by the caller (its deleter not called); a refused
// to_dlpack leaves nothing allocated (the ZC_SANITIZE build's LSan).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <numeric>

#include "foreign_tensor.hpp"
#include "oom_sweep.hpp"
#include "zc/dlpack.hpp"

namespace {

using zc::test::oom_outcome;
using zc::test::operator_new_fault;
using zc::test::print_sweep;
using zc::test::sweep_allocation_failures;

TEST(dlpack_oom, from_dlpack_refusal_leaves_the_tensor_to_the_caller) {
  std::array<float, 12> data{};
  std::iota(data.begin(), data.end(), 0.0f);
  int calls_before = 0;
  zc::test::foreign_tensor* tensor = nullptr;
  std::unique_ptr<zc::test::foreign_tensor> current;
  const auto report = sweep_allocation_failures(
      operator_new_fault{},
      [&] {
        current = std::make_unique<zc::test::foreign_tensor>(
            data.data(), zc::test::dl_type(kDLFloat, 32), std::vector<std::int64_t>{3, 4});
        tensor = current.get();
        calls_before = tensor->calls();
      },
      [&] {
        const zc::buffer_view v = zc::dlpack::from_dlpack(&tensor->managed);
        if (v.at<const float>(2, 3) != 11.0f) throw zc::error(zc::errc::backend, "wrong element");
      },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          EXPECT_EQ(tensor->calls(), calls_before + 1) << "the view's owner calls the deleter";
        } else {
          EXPECT_EQ(tensor->calls(), calls_before)
              << "a refused from_dlpack called the deleter: the caller still owns the tensor";
        }
      },
      true);
  print_sweep("dlpack from_dlpack", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST(dlpack_oom, to_dlpack_refusal_allocates_nothing_that_stays) {
  std::array<std::int16_t, 24> data{};
  const zc::buffer_view v = zc::view(data.data(), {4, 6}).transpose();
  DLManagedTensor* exported = nullptr;
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { exported = nullptr; },
      [&] { exported = zc::dlpack::to_dlpack(v); },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          ASSERT_NE(exported, nullptr);
          EXPECT_EQ(exported->dl_tensor.shape[0], 6);
          exported->deleter(exported);
        } else {
          EXPECT_EQ(exported, nullptr);
        }
      },
      true);
  print_sweep("dlpack to_dlpack", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

}  // namespace
