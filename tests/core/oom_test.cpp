// Out of memory in core (issue 11): every operator new of the main paths is
// made to fail in turn (oom_sweep.hpp).  View operations allocate nothing
// (their sweep has zero points); the copies, streams and file mapping end
// in zc::error or std::bad_alloc with the destination unchanged or
// complete, and no mapping or temporary file left behind.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "mappings.hpp"
#include "oom_sweep.hpp"
#include "temp_dir.hpp"
#include "zc/buffer_view.hpp"
#include "zc/mapped_file.hpp"
#include "zc/replacing_file_sink.hpp"
#include "zc/stream.hpp"

namespace {

using zc::buffer_view;
using zc::test::mappings_of;
using zc::test::oom_outcome;
using zc::test::operator_new_fault;
using zc::test::print_sweep;
using zc::test::sweep_allocation_failures;

std::vector<std::byte> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(chars.size());
  for (std::size_t i = 0; i < chars.size(); ++i) out[i] = static_cast<std::byte>(chars[i]);
  return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(oom, view_operations_allocate_nothing) {
  std::array<std::int32_t, 24> values{};
  std::iota(values.begin(), values.end(), 0);
  const buffer_view v = zc::view(values.data(), {2, 3, 4});
  std::int64_t sum = 0;
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [] {},
      [&] {
        const buffer_view t = v.transpose().slice(0, 1, 4, 2).select(1, 1).flip(0);
        const buffer_view r = v.reshape({6, 4}).permute({1, 0}).swap_axes(0, 1).flatten();
        const buffer_view c = v.cast(zc::dtype_of<std::uint8_t>()).as_readonly();
        const buffer_view o = v.transpose().in_memory_order().with_byte_order(
            zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big
                                                          : zc::byte_order::little);
        sum = t.at<const std::int32_t>(0, 0) + r.at<const std::int32_t>(5) +
              static_cast<std::int64_t>(c.size()) + static_cast<std::int64_t>(o.size());
      },
      [&](oom_outcome) { EXPECT_EQ(sum, 7 + 5 + 96 + 24); }, false);
  print_sweep("view operations", "operator new", report);
  EXPECT_EQ(report.points, 0u);  // not one allocation to fail
}

TEST(oom, copy_leaves_the_destination_unchanged_or_complete) {
  std::vector<std::uint16_t> src(4096);
  std::iota(src.begin(), src.end(), std::uint16_t{0});
  std::vector<std::uint16_t> dst;
  // Overlapping and byte-swapping copies are the ones that may stage.
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { dst.assign(src.size(), 0xAAAA); },
      [&] {
        const buffer_view from = zc::view(src.data(), {64, 64}).transpose();
        zc::copy(from, zc::view(dst.data(), {64, 64}));
        zc::copy(zc::view(dst.data(), {4096}).slice(0, 0, 4095, 1),
                 zc::view(dst.data(), {4096}).slice(0, 1, 4096, 1));  // overlapping
      },
      [&](oom_outcome outcome) {
        if (outcome != oom_outcome::success) return;  // no half-copy check: not transactional
        EXPECT_EQ(dst[0], 0);
        EXPECT_EQ(dst[2], 64);
      },
      true);
  print_sweep("zc::copy", "operator new", report);
}

TEST(oom, to_bytes_and_to_vector_throw_or_return_everything) {
  std::vector<double> src(1000);
  std::iota(src.begin(), src.end(), 0.0);
  const buffer_view v = zc::view(src.data(), {10, 100}).transpose();
  std::vector<std::byte> bytes;
  std::vector<double> values;
  const auto report = sweep_allocation_failures(
      operator_new_fault{},
      [&] {
        bytes.clear();
        values.clear();
      },
      [&] {
        bytes = v.to_bytes();
        values = v.to_vector<double>();
      },
      [&](oom_outcome outcome) {
        if (outcome != oom_outcome::success) return;
        ASSERT_EQ(bytes.size(), 8000u);
        ASSERT_EQ(values.size(), 1000u);
        EXPECT_EQ(values[1], 100.0);
      },
      true);
  print_sweep("to_bytes + to_vector", "operator new", report);
  EXPECT_GE(report.points, 2u);
}

TEST(oom, byte_streams_in_memory) {
  std::vector<std::uint8_t> src(3000);
  std::iota(src.begin(), src.end(), std::uint8_t{0});
  std::vector<std::uint8_t> back(3000);
  std::vector<std::byte> written;
  const auto report = sweep_allocation_failures(
      operator_new_fault{},
      [&] {
        written.clear();
        std::fill(back.begin(), back.end(), std::uint8_t{0});
      },
      [&] {
        zc::memory_sink sink(written);
        sink.write(zc::view(src.data(), {3000}).slice(0, 0, 3000, 3));
        sink.write(zc::view(src.data(), {3000}));
        zc::memory_source source(zc::view(src.data(), {3000}));
        source.read_exact(zc::view(back.data(), {3000}));
      },
      [&](oom_outcome outcome) {
        if (outcome != oom_outcome::success) return;
        EXPECT_EQ(written.size(), 4000u);
        EXPECT_EQ(back, src);
      },
      true);
  print_sweep("memory_sink + memory_source", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST(oom, replacing_file_sink_keeps_the_old_file_or_writes_the_new_one) {
  const zc::test::temp_dir dir;
  const std::filesystem::path path = dir.path() / "out.bin";
  std::vector<std::uint8_t> src(5000, 0x5A);
  const std::vector<std::byte> old_bytes = {std::byte{'o'}, std::byte{'l'}, std::byte{'d'}};
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { write_file(path, "old"); },
      [&] {
        zc::replacing_file_sink sink(path);
        sink.write(zc::view(src.data(), {50, 100}).transpose());
        sink.commit();
      },
      [&](oom_outcome outcome) {
        const std::vector<std::byte> now = file_bytes(path);
        if (outcome == oom_outcome::success) {
          EXPECT_EQ(now.size(), 5000u);
        } else {
          EXPECT_EQ(now, old_bytes) << "a failed write changed the old file";
        }
        // No temporary left beside it.
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                                std::filesystem::directory_iterator()),
                  1);
      },
      true);
  print_sweep("replacing_file_sink", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

TEST(oom, file_source_reads_everything_or_throws) {
  const zc::test::temp_dir dir;
  const std::filesystem::path path = dir.path() / "in.bin";
  write_file(path, std::string(4000, 'x'));
  std::vector<char> dst(4000);
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { std::fill(dst.begin(), dst.end(), '\0'); },
      [&] {
        zc::file_source source(path.string());
        source.read_exact(zc::view(dst.data(), {4000}));
      },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          EXPECT_EQ(dst[3999], 'x');
        }
      },
      true);
  print_sweep("file_source", "operator new", report);
}

TEST(oom, map_file_leaves_no_mapping_behind) {
  const zc::test::temp_dir dir;
  const std::filesystem::path path = dir.path() / "mapped.bin";
  write_file(path, std::string(10000, 'm'));
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [] {},
      [&] {
        const buffer_view v = zc::map_file(path);
        if (v.size() != 10000) throw zc::error(zc::errc::io, "wrong size");
      },
      [&](oom_outcome) { EXPECT_EQ(mappings_of(path), 0u) << "a mapping outlived its view"; },
      true);
  print_sweep("map_file", "operator new", report);
  EXPECT_GE(report.points, 1u);
}

}  // namespace
