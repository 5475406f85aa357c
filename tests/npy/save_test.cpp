// zc::npy::save: any layout written without staging the array, the header
// as NumPy writes it, and a path replaced only by a complete file.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "npy_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"

namespace {

std::string header_text(const std::vector<std::byte>& file) {
  const zc::npy::header_check c = zc::npy::check_header(file);
  EXPECT_TRUE(c.valid) << c.message();
  return {reinterpret_cast<const char*>(file.data()) + 10, c.info.header_length - 10};
}

TEST(npy_save, writes_the_header_numpy_writes) {
  std::vector<float> values(12);
  zc::memory_sink sink;
  zc::npy::save(sink, zc::view(values.data(), {3, 4}));
  const auto& file = sink.bytes();
  EXPECT_EQ(file.size() % 64, 48u);  // 64-aligned header + 48 bytes of elements
  const zc::npy::header_check c = zc::npy::check_header(file);
  ASSERT_TRUE(c.valid) << c.message();
  EXPECT_EQ(c.info.header_length, 128u);  // as NumPy: 10 + 59 + padding + newline
  EXPECT_EQ(c.info.major_version, 1);
  const std::string text = header_text(file);
  EXPECT_EQ(text.substr(0, 59), "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
  EXPECT_EQ(text.back(), '\n');
}

TEST(npy_save, c_f_strided_and_flipped_views_load_equal) {
  std::vector<std::int16_t> values(6 * 7);
  std::iota(values.begin(), values.end(), std::int16_t{-20});
  const zc::buffer_view c = zc::view(values.data(), {6, 7});
  for (const auto& [name, v, fortran] : std::vector<std::tuple<std::string, zc::buffer_view, bool>>{
           {"c", c, false},
           {"f", c.transpose(), true},
           {"strided", c.slice(0, 0, 6, 2).slice(1, 1, 7, 3), false},
           {"flipped", c.flip(0).flip(1), false},
           {"rank0", c.select(0, 2).select(0, 3), false}}) {
    zc::memory_sink sink;
    zc::npy::save(sink, v);
    const zc::buffer_view loaded_bytes = sink.view();
    const zc::npy::header_check h =
        zc::npy::check_header({loaded_bytes.bytes(), loaded_bytes.nbytes()});
    ASSERT_TRUE(h.valid) << name;
    EXPECT_EQ(h.info.fortran_order, fortran) << name;
    std::vector<std::int16_t> back(v.size());
    zc::memory_source source(loaded_bytes);
    zc::npy::load_into(source, zc::view(back.data(), v.shape_dims()));
    EXPECT_EQ(zc::view(back.data(), v.shape_dims()), v) << name;
    EXPECT_EQ(source.remaining(), 0u) << name;
  }
}

TEST(npy_save, a_contiguous_view_is_written_without_staging) {
  std::vector<std::complex<double>> values(1 << 16);  // 1 MiB
  std::vector<std::byte> out;
  out.reserve((1 << 20) + 128);
  zc::memory_sink sink(out);
  const zc::test::allocation_counter counter;
  zc::npy::save(sink, zc::view(values));
  EXPECT_LT(counter.largest(), 1024u);
  EXPECT_EQ(out.size(), (1u << 20) + 128);
}

TEST(npy_save, a_strided_view_uses_only_the_small_buffer) {
  std::vector<double> values(1 << 18);
  std::vector<std::byte> out;
  out.reserve((1 << 20) + 128);
  zc::memory_sink sink(out);
  const zc::test::allocation_counter counter;
  zc::npy::save(sink, zc::view(values).slice(0, 0, {}, 2));
  EXPECT_LE(counter.largest(), std::size_t{64} << 10);
  EXPECT_EQ(out.size(), (1u << 20) + 128);
}

TEST(npy_save, an_empty_array) {
  zc::memory_sink sink;
  zc::npy::save(sink, zc::view(static_cast<std::uint8_t*>(nullptr), {0, 5}));
  const zc::npy::header_check h = zc::npy::check_header(sink.bytes());
  ASSERT_TRUE(h.valid);
  EXPECT_EQ(h.info.shape, (zc::dims{0, 5}));
  EXPECT_EQ(sink.bytes().size(), h.info.header_length);
}

TEST(npy_save, over_the_file_its_own_view_maps) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("self.npy");
  std::vector<double> values{1, 2, 3, 4};
  zc::npy::save(path, zc::view(values));
  const zc::buffer_view mapped = zc::npy::load(path);
  zc::npy::save(path, mapped.flip(0));
  std::vector<double> back(4);
  zc::npy::load_into(path, zc::view(back));
  EXPECT_EQ(back, (std::vector<double>{4, 3, 2, 1}));
  EXPECT_EQ(mapped.at<const double>(0), 1.0);  // the old mapping still reads the old file
}

TEST(npy_save, a_failed_save_leaves_the_existing_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("keep.npy");
  std::vector<double> old_values{1, 2, 3};
  zc::npy::save(path, zc::view(old_values));
  const auto before = zc::test::read_bytes(path);
  // A child with a 64 KiB file size limit (a full disk) saves 1 MiB there.
  const pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{65536, 65536};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(3);
    std::vector<double> big(1 << 17);
    try {
      zc::npy::save(path, zc::view(big));
    } catch (const zc::error& e) {
      const bool named =
          std::string(e.what()).find("cannot write '" + path + "'") != std::string::npos;
      ::_exit(e.code() == zc::errc::io && named ? 0 : 2);
    }
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the save must fail with errc::io naming the file";
  EXPECT_EQ(zc::test::read_bytes(path), before);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u) << "no temporary left behind";
}

TEST(npy_save_refuses, a_path_in_a_missing_directory) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("missing/x.npy");
  std::vector<double> values{1};
  ZC_EXPECT_CONTAINS(
      zc::test::error_of([&] { zc::npy::save(path, zc::view(values)); }, zc::errc::io), path);
}

}  // namespace

namespace {

TEST(npy_create, a_sparse_zero_file_filled_through_its_view) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("new.npy");
  {
    const zc::buffer_view v = zc::npy::create(path, zc::dtype::parse(">i4"), {3, 4}, true);
    EXPECT_FALSE(v.readonly());
    EXPECT_TRUE(v.is_f_contiguous());
    EXPECT_EQ(v.dtype().str(), ">i4");
    std::vector<std::int32_t> values(12);
    std::iota(values.begin(), values.end(), 0);
    zc::copy(zc::view(values.data(), {3, 4}), v);
  }
  const zc::npy::info header = zc::npy::read_info(path);
  EXPECT_TRUE(header.fortran_order);
  EXPECT_EQ(header.header_length % 64, 0u);
  std::vector<std::int32_t> back(12);
  zc::npy::load_into(path, zc::view(back.data(), {3, 4}));
  EXPECT_EQ(back[5], 5);
  EXPECT_EQ(std::filesystem::file_size(path), header.header_length + 48);
}

TEST(npy_create_refuses, a_negative_or_overflowing_shape_before_touching_the_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("never.npy");
  zc::test::error_of(
      [&] {
        zc::npy::create(path, zc::dtype_of<double>(), {-1, 3});
      },
      zc::errc::invalid_argument);
  zc::test::error_of(
      [&] {
        zc::npy::create(path, zc::dtype_of<double>(), {std::int64_t{1} << 62, 4});
      },
      zc::errc::overflow);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
