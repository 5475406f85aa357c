// zc::map_file: a file as a '|u1' view over a mapping that the view owns;
// shared and copy-on-write writes; the refusals, each naming the file and
// the system's reason.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "temp_dir.hpp"
#include "zc/mapped_file.hpp"

namespace {

using zc::test::error_of;

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string view_text(const zc::buffer_view& v) {
  return {reinterpret_cast<const char*>(v.data()), v.nbytes()};
}

// True while the page holding `address` is mapped in this process.
bool is_mapped(const void* address) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(address) & ~(page - 1));
  unsigned char resident = 0;
  return ::mincore(start, page, &resident) == 0;
}

TEST(map_file, maps_the_whole_file_as_readonly_bytes) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("data.bin");
  write_file(path, "hello, mapped world");
  const zc::buffer_view v = zc::map_file(path);
  EXPECT_EQ(v.dtype(), zc::dtype::parse("|u1"));
  EXPECT_EQ(v.rank(), 1u);
  EXPECT_EQ(v.nbytes(), 19u);
  EXPECT_TRUE(v.readonly());
  EXPECT_TRUE(v.is_c_contiguous());
  EXPECT_NE(v.owner(), nullptr);
  EXPECT_EQ(view_text(v), "hello, mapped world");
}

TEST(map_file, takes_paths_and_strings) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("p.bin");
  write_file(path, "abc");
  EXPECT_EQ(zc::map_file(std::filesystem::path(path)).nbytes(), 3u);
  EXPECT_EQ(zc::map_file(path.c_str()).nbytes(), 3u);
  EXPECT_EQ(zc::map_file(path, zc::access::read_only).nbytes(), 3u);
}

TEST(map_file, empty_file_gives_an_empty_view) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("empty.bin");
  write_file(path, "");
  const zc::buffer_view r = zc::map_file(path);
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.rank(), 1u);
  EXPECT_TRUE(r.readonly());
  const zc::buffer_view w = zc::map_file(path, zc::access::read_write);
  EXPECT_EQ(w.size(), 0u);
  EXPECT_FALSE(w.readonly());
}

TEST(map_file, mapping_allocates_nothing_of_the_file_size) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("big.bin");
  write_file(path, std::string(4 << 20, 'x'));
  const zc::test::allocation_counter counter;
  const zc::buffer_view v = zc::map_file(path);
  EXPECT_EQ(v.nbytes(), std::size_t{4} << 20);
  EXPECT_LT(counter.largest(), 1024u);  // the owner's control block and the path text
}

TEST(map_file, the_mapping_lives_as_long_as_the_last_view) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("life.bin");
  write_file(path, std::string(10000, 'z'));
  const void* address = nullptr;
  {
    zc::buffer_view slice;
    {
      const zc::buffer_view whole = zc::map_file(path);
      address = whole.data();
      slice = whole.slice(0, 5000, 6000, 1);
    }
    ASSERT_TRUE(is_mapped(address));
    EXPECT_EQ(view_text(slice), std::string(1000, 'z'));
  }
  EXPECT_FALSE(is_mapped(address));
}

TEST(map_file, read_write_shared_writes_reach_the_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("rw.bin");
  write_file(path, "0123456789");
  {
    const zc::buffer_view v = zc::map_file(path, zc::access::read_write);
    ASSERT_FALSE(v.readonly());
    v.at<std::uint8_t>(3) = 'X';
    // Visible to a reader of the file while the mapping is still there.
    EXPECT_EQ(read_file(path), "012X456789");
  }
  EXPECT_EQ(read_file(path), "012X456789");
}

TEST(map_file, private_copy_writes_stay_in_memory) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("cow.bin");
  write_file(path, "0123456789");
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);  // copy-on-write needs only reading
  const zc::buffer_view v = zc::map_file(path, zc::access::read_write, zc::mapping::private_copy);
  ASSERT_FALSE(v.readonly());
  v.at<std::uint8_t>(0) = 'Q';
  EXPECT_EQ(view_text(v), "Q123456789");
  EXPECT_EQ(read_file(path), "0123456789");
}

TEST(map_file, readonly_view_refuses_writes) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("ro.bin");
  write_file(path, "abc");
  const zc::buffer_view v = zc::map_file(path);
  error_of([&] { v.at<std::uint8_t>(0) = 'x'; }, zc::errc::readonly);
  EXPECT_EQ(read_file(path), "abc");
}

TEST(map_file_refuses, a_missing_file_naming_it_and_the_reason) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("missing.bin");
  const std::string message = error_of([&] { zc::map_file(path); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(message, path);
  ZC_EXPECT_CONTAINS(message, std::strerror(ENOENT));
}

TEST(map_file_refuses, a_directory) {
  const zc::test::temp_dir dir;
  const std::string path = dir.path().string();
  const std::string read_message = error_of([&] { zc::map_file(path); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(read_message, path);
  ZC_EXPECT_CONTAINS(read_message, std::strerror(EISDIR));
  const std::string write_message =
      error_of([&] { zc::map_file(path, zc::access::read_write); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(write_message, std::strerror(EISDIR));
}

TEST(map_file_refuses, a_fifo_without_waiting_for_a_writer) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("pipe");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string message = error_of([&] { zc::map_file(path); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(message, path);
  ZC_EXPECT_CONTAINS(message, "a FIFO");
}

TEST(map_file_refuses, a_character_device) {
  const std::string message = error_of([] { zc::map_file("/dev/null"); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(message, "'/dev/null'");
  ZC_EXPECT_CONTAINS(message, "a character device");
}

// Permission checks do not apply to root, so the refusal is run in a child
// that gives up root first (or as is, for an ordinary user).  The child exits
// 0 when map_file threw errc::io naming the file and EACCES's text.
int map_without_permission_in_child(const std::string& path, zc::access mode) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(3);
    try {
      zc::map_file(path, mode);
    } catch (const zc::error& e) {
      const std::string message = e.what();
      const bool named = message.find(path) != std::string::npos &&
                         message.find(std::strerror(EACCES)) != std::string::npos;
      ::_exit(e.code() == zc::errc::io && named ? 0 : 2);
    }
    ::_exit(1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(map_file_refuses, a_file_without_read_permission) {
  const zc::test::temp_dir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  const std::string path = dir.file("secret.bin");
  write_file(path, "secret");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_EQ(map_without_permission_in_child(path, zc::access::read_only), 0);
}

TEST(map_file_refuses, read_write_shared_on_a_readonly_file) {
  const zc::test::temp_dir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  const std::string path = dir.file("readonly.bin");
  write_file(path, "data");
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  EXPECT_EQ(map_without_permission_in_child(path, zc::access::read_write), 0);
}

}  // namespace
