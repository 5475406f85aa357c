// Whose words a stream failure is reported in.  A stream the adapter opens
// for a source or sink (a FILE*, a path) fails with zc::error naming the
// call, the stream and the system's reason; a caller's own byte_source or
// byte_sink fails with its own exception, unchanged.  Both decoders and
// both encoders alike.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "png_test_util.hpp"
#include "temp_dir.hpp"
#include "zc/png.hpp"

namespace {

using zc::test::error_of;

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using unique_file = std::unique_ptr<std::FILE, file_closer>;

zc::png::decode_options with_decoder(zc::png::decoder_kind decoder) {
  zc::png::decode_options o;
  o.decoder = decoder;
  return o;
}

zc::png::encode_options with_encoder(zc::png::encoder_kind encoder) {
  zc::png::encode_options o;
  o.encoder = encoder;
  return o;
}

const zc::png::decoder_kind decoders[] = {zc::png::decoder_kind::libpng,
                                          zc::png::decoder_kind::automatic};
const zc::png::encoder_kind encoders[] = {zc::png::encoder_kind::libpng,
                                          zc::png::encoder_kind::fast};

zc::test::strided_image small_rgb() {
  auto img = zc::test::make_image(4, 4, 3, zc::dtype::parse("u1"), zc::test::layout::c_order);
  zc::test::fill_pattern(img.view, 3);
  return img;
}

TEST(stream_errors, a_file_read_error_names_the_call_the_stream_and_the_reason) {
  zc::test::temp_dir dir;
  for (const auto decoder : decoders) {
    // Linux opens a directory as a FILE*; reading it fails with EISDIR.
    const unique_file f(std::fopen(dir.path().c_str(), "rb"));
    ASSERT_NE(f, nullptr);
    const std::string msg = error_of(
        [&] { (void)zc::png::decode(zc::png::source::file(f.get()), with_decoder(decoder)); },
        zc::errc::io);
    EXPECT_EQ(msg, "png::decode(FILE*): reading the PNG file failed: Is a directory");
  }
}

TEST(stream_errors, a_file_write_or_flush_error_names_the_call_the_stream_and_the_reason) {
  const auto img = small_rgb();
  for (const auto encoder : encoders) {
    // A stream opened for reading refuses the first write.
    zc::test::temp_dir dir;
    { const unique_file created(std::fopen(dir.file("x.png").c_str(), "wb")); }
    const unique_file read_only(std::fopen(dir.file("x.png").c_str(), "rb"));
    ASSERT_NE(read_only, nullptr);
    const std::string write_msg = error_of(
        [&] {
          zc::png::encode(img.view, zc::png::sink::file(read_only.get()), with_encoder(encoder));
        },
        zc::errc::io);
    EXPECT_EQ(write_msg, "png::encode(FILE*): writing the PNG file failed: Bad file descriptor");
    // A small PNG fits stdio's buffer: /dev/full refuses it at the flush
    // that ends the encode.
    const unique_file full(std::fopen("/dev/full", "wb"));
    ASSERT_NE(full, nullptr);
    const std::string flush_msg = error_of(
        [&] { zc::png::encode(img.view, zc::png::sink::file(full.get()), with_encoder(encoder)); },
        zc::errc::io);
    EXPECT_EQ(flush_msg,
              "png::encode(FILE*): flushing the PNG file failed: No space left on device");
  }
}

TEST(stream_errors, a_callers_source_fails_with_its_own_exception_unchanged) {
  std::vector<std::byte> png;
  const auto img = small_rgb();
  zc::png::encode(img.view, zc::png::sink::memory(png));
  for (const auto decoder : decoders) {
    for (const std::size_t good : {std::size_t{0}, std::size_t{40}, png.size() - 1}) {
      zc::test::failing_source src(png, good);
      const std::string msg = error_of(
          [&] { (void)zc::png::decode(zc::png::source::stream(src), with_decoder(decoder)); },
          zc::errc::io);
      EXPECT_EQ(msg, "failing_source: simulated read failure") << good;
    }
  }
}

TEST(stream_errors, a_callers_sink_fails_with_its_own_exception_unchanged) {
  const auto img = small_rgb();
  for (const auto encoder : encoders) {
    for (const std::size_t capacity : {std::size_t{0}, std::size_t{40}}) {
      zc::test::failing_sink sink(capacity);
      const std::string msg = error_of(
          [&] { zc::png::encode(img.view, zc::png::sink::stream(sink), with_encoder(encoder)); },
          zc::errc::io);
      EXPECT_EQ(msg, "failing_sink: simulated write failure") << capacity;
    }
  }
}

}  // namespace
