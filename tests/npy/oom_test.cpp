// Out of memory in the npy adapter (issue 11): each operator new of load,
// load_into and save fails in turn.  Every run ends in zc::error,
// std::bad_alloc or success; save to a path leaves the old file as it was
// (or writes the whole new one); load leaves no mapping behind.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "mappings.hpp"
#include "oom_sweep.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"
#include "zc/stream.hpp"

namespace {

using zc::test::mappings_of;
using zc::test::oom_outcome;
using zc::test::operator_new_fault;
using zc::test::print_sweep;
using zc::test::sweep_allocation_failures;

std::size_t files_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

class npy_oom : public ::testing::Test {
 protected:
  npy_oom() : values_(600), path_(dir_.path() / "a.npy") {
    std::iota(values_.begin(), values_.end(), 0.0);
    zc::npy::save(path_, zc::view(values_.data(), {20, 30}));
  }
  zc::test::temp_dir dir_;
  std::vector<double> values_;
  std::filesystem::path path_;
};

TEST_F(npy_oom, load_leaves_no_mapping_behind) {
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [] {},
      [&] {
        const zc::buffer_view v = zc::npy::load(path_);
        if (v.at<const double>(19, 29) != 599.0) throw zc::error(zc::errc::backend, "wrong");
      },
      [&](oom_outcome) { EXPECT_EQ(mappings_of(path_), 0u) << "a mapping outlived its view"; },
      true);
  print_sweep("npy load", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST_F(npy_oom, load_into_a_strided_swapped_destination) {
  // Another byte order and F order: the path that converts through a buffer.
  std::vector<double> dst(600);
  const zc::buffer_view dst_view =
      zc::view(dst.data(), {30, 20})
          .transpose()
          .with_byte_order(zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big
                                                                         : zc::byte_order::little);
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { std::fill(dst.begin(), dst.end(), -1.0); },
      [&] { zc::npy::load_into(path_, dst_view); },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          std::vector<double> back(600);
          zc::copy(dst_view, zc::view(back.data(), {20, 30}));
          EXPECT_EQ(back, values_);
        }
      },
      true);
  print_sweep("npy load_into", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST_F(npy_oom, save_keeps_the_old_file_or_writes_the_new_one) {
  std::vector<std::int32_t> src(1200);
  std::iota(src.begin(), src.end(), 0);
  const zc::buffer_view strided = zc::view(src.data(), {40, 30}).slice(1, 0, 30, 2);
  const auto report = sweep_allocation_failures(
      operator_new_fault{},
      [&] {
        zc::npy::save(path_, zc::view(values_.data(), {20, 30}));
      },
      [&] { zc::npy::save(path_, strided); },
      [&](oom_outcome outcome) {
        const zc::npy::info now = zc::npy::read_info(path_);
        if (outcome == oom_outcome::success) {
          EXPECT_EQ(now.shape, (zc::dims{40, 15}));
        } else {
          EXPECT_EQ(now.shape, (zc::dims{20, 30})) << "a failed save changed the old file";
        }
        EXPECT_EQ(files_in(dir_.path()), 1u) << "a temporary file was left";
      },
      true);
  print_sweep("npy save (path)", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST_F(npy_oom, save_to_and_load_from_streams) {
  std::vector<std::byte> bytes;
  std::vector<double> back(600);
  const auto report = sweep_allocation_failures(
      operator_new_fault{},
      [&] {
        bytes.clear();
        std::fill(back.begin(), back.end(), -1.0);
      },
      [&] {
        zc::memory_sink sink(bytes);
        zc::npy::save(sink, zc::view(values_.data(), {20, 30}));
        zc::memory_source source(zc::view(bytes.data(), {bytes.size()}));
        zc::npy::load_into(source, zc::view(back.data(), {20, 30}));
      },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          EXPECT_EQ(back, values_);
        }
      },
      true);
  print_sweep("npy save to memory_sink + load_into from memory_source", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

}  // namespace
