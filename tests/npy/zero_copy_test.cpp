// Zero copy, proven: the loaded view points into the file's mapping right
// after the header, loading 1 GiB allocates nothing of that size, and the
// resident set grows only with the pages touched.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "allocation_counter.hpp"
#include "temp_dir.hpp"
#include "zc/npy.hpp"

namespace {

constexpr std::int64_t gib_of_doubles = std::int64_t{1} << 27;  // 2^27 x 8 bytes = 1 GiB

// A 1 GiB '<f8' .npy file written as a header plus a hole (ftruncate): fast,
// and it takes no disk space.
std::string sparse_gib_file(const zc::test::temp_dir& dir) {
  const std::string path = dir.file("gib.npy");
  // The header as NumPy writes it for shape (2^27,): 128 bytes.
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" +
                           std::to_string(gib_of_doubles) + ",), }";
  std::string text = "\x93NUMPY\x01";
  text += '\0';
  const std::size_t length = 128 - 10;
  text += static_cast<char>(length & 0xff);
  text += static_cast<char>(length >> 8);
  text += dict;
  text.append(length - dict.size() - 1, ' ');
  text += '\n';
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::write(fd, text.data(), text.size()), 128);
  EXPECT_EQ(::ftruncate(fd, 128 + gib_of_doubles * 8), 0);
  ::close(fd);
  return path;
}

// Resident pages of this process (/proc/self/statm, second field).
std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0;
  std::size_t resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// The /proc/self/maps line whose address range holds `address`.
std::string mapping_of(const void* address) {
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    std::uintptr_t lo = 0;
    std::uintptr_t hi = 0;
    char dash = 0;
    std::istringstream fields(line);
    fields >> std::hex >> lo >> dash >> hi;
    if (a >= lo && a < hi) return line;
  }
  return {};
}

TEST(npy_zero_copy, the_view_points_into_the_mapping_at_the_end_of_the_header) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("small.npy");
  std::vector<std::int32_t> values{1, 2, 3, 4, 5, 6};
  zc::npy::save(path, zc::view(values.data(), {2, 3}));
  const zc::npy::info header = zc::npy::read_info(path);
  const zc::buffer_view v = zc::npy::load(path);
  const std::byte* base = v.bytes() - header.header_length;
  // The mapping starts on a page: the header's first byte is there.
  EXPECT_EQ(
      reinterpret_cast<std::uintptr_t>(base) % static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)),
      0u);
  EXPECT_EQ(std::memcmp(base, "\x93NUMPY", 6), 0);
  const std::string line = mapping_of(v.data());
  EXPECT_NE(line.find(path), std::string::npos) << "not a mapping of the file: " << line;
  EXPECT_EQ(v.at<const std::int32_t>(1, 2), 6);
}

TEST(npy_zero_copy, loading_a_gib_allocates_nothing_of_its_size_and_touches_only_what_is_read) {
  const zc::test::temp_dir dir;
  const std::string path = sparse_gib_file(dir);
  const std::size_t resident_before = resident_bytes();
  zc::buffer_view v;
  {
    const zc::test::allocation_counter counter;
    v = zc::npy::load(path);
    EXPECT_LT(counter.bytes(), 4096u) << "the owner's control block and message text only";
  }
  ASSERT_EQ(v.nbytes(), std::size_t{1} << 30);
  const std::size_t resident_loaded = resident_bytes();
  EXPECT_LT(resident_loaded - std::min(resident_loaded, resident_before), std::size_t{1} << 20);
  // Touch one page in the middle: the resident set grows by that page (and
  // the kernel's fault-around, at most a few dozen pages), not by the file.
  EXPECT_EQ(v.at<const double>(gib_of_doubles / 2), 0.0);
  const std::size_t resident_touched = resident_bytes();
  EXPECT_LT(resident_touched - std::min(resident_touched, resident_before), std::size_t{4} << 20);
  EXPECT_NE(mapping_of(v.bytes() + (std::size_t{1} << 29)).find(path), std::string::npos);
}

}  // namespace
