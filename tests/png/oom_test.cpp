// Out of memory in the PNG adapter (issue 11): each allocation of the main
// read and write paths fails in turn, once libpng's (through the adapter's
// allocator, detail::allocation_fault) and once operator new's.  Every run
// ends in zc::error (std::bad_alloc too when operator new fails) or
// success; an encode into a file leaves the old file as it was, one into a
// memory sink leaves the vector as it was.  Leaks: the ZC_SANITIZE build.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include "libpng_hooks.hpp"
#include "oom_sweep.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::oom_outcome;
using zc::test::operator_new_fault;
using zc::test::print_sweep;
using zc::test::sweep_allocation_failures;

// ---- failing the Nth libpng (and zlib) allocation -------------------------
std::atomic<std::size_t> libpng_calls_left{0};
std::atomic<bool> libpng_fired{false};

bool fail_this_libpng_allocation() noexcept {
  std::size_t left = libpng_calls_left.load();
  if (left == 0) return false;
  libpng_calls_left.store(--left);
  if (left != 0) return false;
  libpng_fired.store(true);
  return true;
}

struct libpng_fault {
  static constexpr const char* name = "libpng allocation";
  void arm(std::size_t n) const noexcept {
    libpng_calls_left.store(n);
    libpng_fired.store(false);
    zc::png::detail::allocation_fault.store(&fail_this_libpng_allocation);
  }
  bool disarm() const noexcept {
    zc::png::detail::allocation_fault.store(nullptr);
    libpng_calls_left.store(0);
    return libpng_fired.load();
  }
};

constexpr std::int64_t height = 40;
constexpr std::int64_t width = 50;

// An RGB8 image with a pattern, and its PNG encoding.
struct fixture {
  zc::test::strided_image image = zc::test::make_image(
      height, width, 3, zc::dtype_of<std::uint8_t>(), zc::test::layout::c_order);
  std::vector<std::byte> png;
  fixture() {
    zc::test::fill_pattern(image.view, 5);
    zc::png::encode(image.view.as_readonly(), zc::png::sink::memory(png));
  }
};

template <class Fault>
void sweep_decode(const Fault& fault, bool allow_bad_alloc) {
  const fixture f;
  const std::vector<std::uint16_t> expected = zc::test::samples_of(f.image.view);
  const zc::test::temp_dir dir;
  const std::string path = dir.file("in.png");
  zc::png::encode(f.image.view.as_readonly(), zc::png::sink::file(path));
  std::vector<std::uint8_t> dst(static_cast<std::size_t>(height * width * 3));
  const zc::buffer_view dst_view = zc::view(dst.data(), {height, width, 3});

  // The fast path (automatic, when built with ISA-L) and libpng.
  for (const zc::png::decoder_kind decoder :
       {zc::png::decoder_kind::automatic, zc::png::decoder_kind::libpng}) {
    zc::png::decode_options options;
    options.decoder = decoder;
    for (const bool from_file : {false, true}) {
      zc::png::decoder_kind ran = decoder;
      const auto report = sweep_allocation_failures(
          fault, [&] { std::fill(dst.begin(), dst.end(), std::uint8_t{0}); },
          [&] {
            const zc::png::source src = from_file
                                            ? zc::png::source::file(path)
                                            : zc::png::source::memory(zc::test::byte_view(f.png));
            ran = zc::png::decode_into(src, dst_view, options).decoder;
          },
          [&](oom_outcome outcome) {
            if (outcome == oom_outcome::success) {
              EXPECT_EQ(zc::test::samples_of(dst_view), expected);
            }
          },
          allow_bad_alloc);
      const std::string name = std::string("png decode_into (") +
                               (ran == zc::png::decoder_kind::fast ? "fast path" : "libpng") +
                               (from_file ? ") from file" : ") from memory");
      print_sweep(name.c_str(), Fault::name, report);
      // libpng allocates on every decode; the fast path takes its memory
      // from operator new only.
      if (ran == zc::png::decoder_kind::libpng || std::is_same_v<Fault, operator_new_fault>) {
        EXPECT_GE(report.points, 1u);
      }
    }
  }
}

// decode(): the image it allocates is freed on every failure (LSan).
template <class Fault>
void sweep_decode_allocating(const Fault& fault, bool allow_bad_alloc) {
  const fixture f;
  const std::vector<std::uint16_t> expected = zc::test::samples_of(f.image.view);
  for (const zc::png::decoder_kind decoder :
       {zc::png::decoder_kind::automatic, zc::png::decoder_kind::libpng}) {
    zc::png::decode_options options;
    options.decoder = decoder;
    std::vector<std::uint16_t> got;
    const auto report = sweep_allocation_failures(
        fault, [&] { got.clear(); },
        [&] {
          const zc::png::image image =
              zc::png::decode(zc::png::source::memory(zc::test::byte_view(f.png)), options);
          got = zc::test::samples_of(image.view);
        },
        [&](oom_outcome outcome) {
          if (outcome == oom_outcome::success) {
            EXPECT_EQ(got, expected);
          }
        },
        allow_bad_alloc);
    print_sweep(decoder == zc::png::decoder_kind::libpng ? "png decode (libpng) from memory"
                                                         : "png decode (automatic) from memory",
                Fault::name, report);
  }
}

template <class Fault>
void sweep_encode(const Fault& fault, bool allow_bad_alloc) {
  const fixture f;
  const zc::test::temp_dir dir;
  const std::filesystem::path path = dir.path() / "out.png";
  const std::vector<std::byte> old_bytes = {std::byte{'o'}, std::byte{'l'}, std::byte{'d'}};

  // Into a memory sink: the vector is as it was, or holds the whole PNG.
  std::vector<std::byte> out;
  auto report = sweep_allocation_failures(
      fault, [&] { out = old_bytes; },
      [&] { zc::png::encode(f.image.view.as_readonly(), zc::png::sink::memory(out)); },
      [&](oom_outcome outcome) {
        if (outcome == oom_outcome::success) {
          ASSERT_EQ(out.size(), old_bytes.size() + f.png.size());
          EXPECT_TRUE(std::equal(f.png.begin(), f.png.end(), out.begin() + 3));
        } else {
          EXPECT_EQ(out, old_bytes) << "a failed encode left bytes in the memory sink";
        }
      },
      allow_bad_alloc);
  print_sweep("png encode into memory sink", Fault::name, report);
  EXPECT_GE(report.points, 1u);

  // Into a file: the old file stays, and no temporary beside it.
  report = sweep_allocation_failures(
      fault,
      [&] {
        out = old_bytes;
        zc::png::encode(zc::test::byte_view(old_bytes).reshape({1, 3}), zc::png::sink::file(path));
      },
      [&] { zc::png::encode(f.image.view.as_readonly(), zc::png::sink::file(path)); },
      [&](oom_outcome) {
        // Decoded back: the old 1x3 gray image or the new one, complete.
        const zc::png::image back = zc::png::decode(zc::png::source::file(path));
        if (back.view.rank() == 2) {
          EXPECT_EQ(back.view.shape()[1], 3);
        } else {
          EXPECT_EQ(zc::test::samples_of(back.view), zc::test::samples_of(f.image.view));
        }
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                                std::filesystem::directory_iterator()),
                  1);
      },
      allow_bad_alloc);
  print_sweep("png encode into file sink", Fault::name, report);
  EXPECT_GE(report.points, 1u);
}

// The fast encoder into a memory sink: its memory comes from operator new
// (ISA-L's state and buffers, or zlib's through its zalloc hook for flat
// content); the vector is as it was or holds a PNG that decodes back to
// the image.
void sweep_fast_encode(const zc::buffer_view& image, const std::string& what) {
  const std::vector<std::byte> old_bytes = {std::byte{'o'}, std::byte{'l'}, std::byte{'d'}};
  zc::png::encode_options options;
  options.encoder = zc::png::encoder_kind::fast;
  std::vector<std::byte> out;
  const auto report = sweep_allocation_failures(
      operator_new_fault{}, [&] { out = old_bytes; },
      [&] { zc::png::encode(image, zc::png::sink::memory(out), options); },
      [&](oom_outcome outcome) {
        if (outcome != oom_outcome::success) {
          EXPECT_EQ(out, old_bytes) << what << ": a failed encode left bytes in the memory sink";
          return;
        }
        const std::vector<std::byte> png(out.begin() + 3, out.end());
        const zc::png::image back =
            zc::png::decode(zc::png::source::memory(zc::test::byte_view(png)));
        EXPECT_EQ(zc::test::samples_of(back.view), zc::test::samples_of(image)) << what;
      },
      true);
  const std::string name = "png encode (fast encoder, " + what + ") into memory sink";
  print_sweep(name.c_str(), "operator new", report);
}

TEST(png_oom, fast_encode_when_operator_new_fails) {
  const fixture f;
  sweep_fast_encode(f.image.view.as_readonly(), "noisy image");
}

TEST(png_oom, fast_encode_of_flat_content_when_operator_new_fails) {
  // A flat image (every row repeats its left pixel): the zlib route.
  auto flat = zc::test::make_image(height, width, 3, zc::dtype_of<std::uint8_t>(),
                                   zc::test::layout::c_order);
  for (std::int64_t y = 0; y < height; ++y) {
    std::byte* row = const_cast<std::byte*>(flat.view.bytes()) + y * flat.view.strides()[0];
    std::memset(row, 90, static_cast<std::size_t>(width * 3));
    row[(y * 7) % (width * 3)] = std::byte{200};  // one sample off per row: still flat
  }
  sweep_fast_encode(flat.view.as_readonly(), "flat image");
}

TEST(png_oom, decode_into_when_libpng_allocations_fail) { sweep_decode(libpng_fault{}, false); }
TEST(png_oom, decode_into_when_operator_new_fails) { sweep_decode(operator_new_fault{}, true); }
TEST(png_oom, decode_when_libpng_allocations_fail) {
  sweep_decode_allocating(libpng_fault{}, false);
}
TEST(png_oom, decode_when_operator_new_fails) {
  sweep_decode_allocating(operator_new_fault{}, true);
}
TEST(png_oom, encode_when_libpng_allocations_fail) { sweep_encode(libpng_fault{}, false); }
TEST(png_oom, encode_when_operator_new_fails) { sweep_encode(operator_new_fault{}, true); }

}  // namespace
