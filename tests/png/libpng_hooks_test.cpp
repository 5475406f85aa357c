// White-box: the libpng error hooks choose the zc::errc from what we know
// (our own allocation cap refused a request), never from libpng's message.
#include <gtest/gtest.h>
#include <png.h>

#include <csetjmp>
#include <cstddef>
#include <optional>
#include <string>

#include "expect_error.hpp"
#include "libpng_hooks.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::png::detail::alloc_context;
using zc::png::detail::failure;

enum class step : int { malloc_big, malloc_warn_big_then_fail, fail_with_limit_words };

// Runs `what` inside libpng's error frame; only trivially destructible
// objects live here (png_longjmp skips destructors).
bool run_guarded(png_structp png, step what) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  switch (what) {
    case step::malloc_big:
      (void)png_malloc(png, 1u << 20);  // over the cap: libpng fails "Out of Memory"
      break;
    case step::malloc_warn_big_then_fail:
      if (png_malloc_warn(png, 1u << 20) == nullptr) {  // libpng warns and goes on
        png_error(png, "IDAT: CRC error");
      }
      break;
    case step::fail_with_limit_words:
      // The words the old text search looked for, without any limit hit.
      png_error(png, "chunk data is too large: Image width exceeds user limit");
  }
  return true;
}

std::optional<zc::errc> code_after(step what) {
  failure f;
  alloc_context context;
  context.max_single = 4096;  // bytes
  png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &f, zc::png::detail::on_error,
                                             zc::png::detail::on_warning, &context,
                                             zc::png::detail::on_malloc, zc::png::detail::on_free);
  EXPECT_NE(png, nullptr);
  const bool ok = run_guarded(png, what);
  png_destroy_read_struct(&png, nullptr, nullptr);
  EXPECT_FALSE(ok);
  try {
    zc::png::detail::raise(f, nullptr, "test");
  } catch (const zc::error& e) {
    if (what == step::malloc_big) {
      EXPECT_NE(std::string(e.what()).find("1048576 bytes"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("4096 bytes"), std::string::npos) << e.what();
    }
    return e.code();
  }
  return std::nullopt;
}

TEST(libpng_hooks, a_failure_after_our_cap_refused_is_a_limit) {
  EXPECT_EQ(code_after(step::malloc_big), zc::errc::limit_exceeded);
}

TEST(libpng_hooks, a_refusal_libpng_survived_does_not_colour_a_later_error) {
  EXPECT_EQ(code_after(step::malloc_warn_big_then_fail), zc::errc::backend);
}

TEST(libpng_hooks, messages_are_never_searched) {
  EXPECT_EQ(code_after(step::fail_with_limit_words), zc::errc::backend);
}

TEST(libpng_hooks, width_and_height_limits_are_checked_by_us_not_libpng) {
  // libpng would say "Image width exceeds user limit in IHDR"; the message
  // is ours, naming both sizes.
  const auto bytes = zc::test::read_file(zc::test::testdata("pngsuite/basn2c08.png"));
  zc::png::limits lim;
  lim.max_width = 31;
  const std::string msg = zc::test::message_of(
      [&] { (void)zc::png::read_info(zc::png::source::memory(zc::test::byte_view(bytes)), lim); });
  EXPECT_NE(msg.find("image of 32x32 pixels exceeds the limit of 31x1000000"), std::string::npos)
      << msg;
  lim.max_width = 32;
  lim.max_height = 31;
  EXPECT_EQ(zc::test::code_of([&] {
              (void)zc::png::read_info(zc::png::source::memory(zc::test::byte_view(bytes)), lim);
            }),
            zc::errc::limit_exceeded);
}

}  // namespace
