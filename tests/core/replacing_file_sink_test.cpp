// zc::replacing_file_sink: a path is replaced only by a complete file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

#include "expect_error.hpp"
#include "temp_dir.hpp"
#include "zc/replacing_file_sink.hpp"

namespace {

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(zc::byte_sink& sink, const std::string& text) {
  sink.write(reinterpret_cast<const std::byte*>(text.data()), text.size());
}

std::size_t entries(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(replacing_file_sink, commit_replaces_the_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("out.bin");
  write_file(path, "old contents");
  {
    zc::replacing_file_sink sink(path);
    put(sink, "new");
    EXPECT_EQ(read_file(path), "old contents");  // not yet
    sink.commit();
  }
  EXPECT_EQ(read_file(path), "new");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(replacing_file_sink, creates_a_missing_file) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("fresh.bin");
  zc::replacing_file_sink sink(path);
  put(sink, "abc");
  sink.commit();
  EXPECT_EQ(read_file(path), "abc");
}

TEST(replacing_file_sink, without_commit_the_old_file_stays_and_no_temporary_is_left) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("keep.bin");
  write_file(path, "precious");
  {
    zc::replacing_file_sink sink(path);
    put(sink, "half");
  }
  EXPECT_EQ(read_file(path), "precious");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(replacing_file_sink, a_symlink_stays_and_its_target_is_replaced) {
  const zc::test::temp_dir dir;
  const std::string target = dir.file("target.bin");
  const std::string link = dir.file("link.bin");
  write_file(target, "old");
  std::filesystem::create_symlink("target.bin", link);
  zc::replacing_file_sink sink(link);
  put(sink, "new");
  sink.commit();
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(read_file(target), "new");
}

TEST(replacing_file_sink, permission_bits_carry_over) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("mode.bin");
  write_file(path, "x");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  zc::replacing_file_sink sink(path);
  put(sink, "y");
  sink.commit();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST(replacing_file_sink, a_device_is_written_in_place) {
  zc::replacing_file_sink sink("/dev/null");
  put(sink, "discarded");
  sink.commit();
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
}

TEST(replacing_file_sink, a_missing_directory_is_refused_naming_the_path) {
  const zc::test::temp_dir dir;
  const std::string path = dir.file("no/such/dir/out.bin");
  const std::string message =
      zc::test::error_of([&] { zc::replacing_file_sink sink(path); }, zc::errc::io);
  ZC_EXPECT_CONTAINS(message, path);
}

}  // namespace
