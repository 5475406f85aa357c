// png::sink::file(path): the file at the path changes only when encode()
// succeeds.  A failure (here: a full disk, simulated with RLIMIT_FSIZE in a
// child process) leaves an existing file byte for byte as it was and no
// temporary file; a success replaces the target of a symlink, keeps the
// link, and carries the old file's permission bits over.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "expect_error.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::layout;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::size_t entries_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

zc::test::strided_image noisy_rgb(std::int64_t side) {
  auto img = zc::test::make_image(side, side, 3, zc::dtype::parse("u1"), layout::c_order);
  zc::test::fill_pattern(img.view, 1);
  return img;
}

// Runs in a death-test child: files are limited to 20 KB (writes beyond fail
// with EFBIG once SIGXFSZ is ignored), then `v` is encoded over `path`.
// 0 when encode failed with errc::io and `path` still holds `old_bytes`
// and nothing else is in its directory.
int encode_over_on_a_full_disk(const zc::buffer_view& v, const std::string& path,
                               const std::string& old_bytes,
                               const zc::png::encode_options& options = {}) {
  if (!zc::test::limit_file_size(20000)) return 5;
  try {
    zc::png::encode(v, zc::png::sink::file(path), options);
  } catch (const zc::error& e) {
    if (e.code() != zc::errc::io) return 3;
    if (read_file(path) != old_bytes) return 4;  // the old file was lost
    if (entries_in(std::filesystem::path(path).parent_path()) != 1) return 6;  // a temporary left
    return 0;
  }
  return 2;  // no error at all
}

TEST(file_sink, a_failed_encode_leaves_the_existing_file_as_it_was) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("kept.png");
  const std::string old_bytes = "the picture stored before";
  write_file(path, old_bytes);
  const auto img = noisy_rgb(256);  // about 200 KB of PNG, past the 20 KB limit
  EXPECT_EXIT(std::_Exit(encode_over_on_a_full_disk(img.view, path, old_bytes)),
              ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(read_file(path), old_bytes);
}

TEST(file_sink, a_failed_fast_encode_leaves_the_existing_file_as_it_was) {
  // The fast encoder (ISA-L; libpng's fast preset without it) writes
  // through the same sink machinery.
  zc::test::temp_dir dir;
  const std::string path = dir.file("kept.png");
  const std::string old_bytes = "the picture stored before";
  write_file(path, old_bytes);
  const auto img = noisy_rgb(256);
  EXPECT_EXIT(std::_Exit(encode_over_on_a_full_disk(img.view, path, old_bytes,
                                                    zc::png::encode_options::fast())),
              ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(read_file(path), old_bytes);
}

TEST(file_sink, a_successful_encode_replaces_the_file_and_leaves_no_temporary) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("replaced.png");
  write_file(path, std::string(100000, 'x'));  // longer than the PNG: no stale tail may stay
  const auto img = noisy_rgb(16);
  const auto written = zc::png::encode(img.view, zc::png::sink::file(path));
  EXPECT_EQ(std::filesystem::file_size(path), written.bytes_written);
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(path)).width, 16u);
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(file_sink, paths_may_be_filesystem_paths_strings_or_string_views) {
  zc::test::temp_dir dir;
  const auto img = noisy_rgb(8);
  const std::filesystem::path as_path = dir.path() / "as_path.png";
  zc::png::encode(img.view, zc::png::sink::file(as_path));
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(as_path)).width, 8u);
  // A view into a longer string: not NUL-terminated where the path ends.
  const std::string longer = dir.file("as_view.png") + ".unused";
  const std::string_view as_view = std::string_view(longer).substr(0, longer.size() - 7);
  zc::png::encode(img.view, zc::png::sink::file(as_view));
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(as_view)).height, 8u);
  EXPECT_EQ(zc::png::source::file(as_view).path(), dir.file("as_view.png"));
  const std::string as_string = dir.file("as_string.png");
  zc::png::encode(img.view, zc::png::sink::file(as_string));
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(as_string)).width, 8u);
  EXPECT_EQ(entries_in(dir.path()), 3u);
  EXPECT_EQ(zc::test::code_of([] { (void)zc::png::sink::file(std::filesystem::path()); }),
            zc::errc::invalid_argument);
  EXPECT_EQ(zc::test::code_of([] { (void)zc::png::source::file(std::string_view()); }),
            zc::errc::invalid_argument);
}

TEST(file_sink, a_symlink_stays_and_its_target_is_replaced) {
  zc::test::temp_dir dir;
  std::filesystem::create_directory(dir.path() / "store");
  const std::string target = dir.file("store/image.png");
  write_file(target, "old");
  std::filesystem::create_symlink("store/image.png", dir.path() / "link.png");
  const auto img = noisy_rgb(8);
  zc::png::encode(img.view, zc::png::sink::file(dir.file("link.png")));
  EXPECT_TRUE(std::filesystem::is_symlink(dir.path() / "link.png"));
  EXPECT_EQ(zc::png::read_info(zc::png::source::file(target)).height, 8u);
  EXPECT_EQ(entries_in(dir.path() / "store"), 1u);  // the temporary was made beside the target
}

TEST(file_sink, permission_bits_carry_over) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("private.png");
  write_file(path, "old");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  const auto img = noisy_rgb(8);
  zc::png::encode(img.view, zc::png::sink::file(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST(file_sink, a_missing_directory_is_an_io_error_naming_the_path) {
  zc::test::temp_dir dir;
  const std::string path = dir.file("no/such/dir/out.png");
  const auto img = noisy_rgb(8);
  const std::string msg =
      zc::test::message_of([&] { zc::png::encode(img.view, zc::png::sink::file(path)); });
  ZC_EXPECT_CONTAINS(msg, "no/such/dir/out.png");
  ZC_EXPECT_CONTAINS(msg, "No such file or directory");
}

}  // namespace
