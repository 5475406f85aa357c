// Helpers shared by the PNG tests: test files, destination layouts, sample
// extraction, and byte streams that misbehave on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/stream.hpp"

namespace zc::test {

/// The whole file as bytes; throws std::runtime_error when it cannot be read.
std::vector<std::byte> read_file(const std::string& path);
/// A readonly 1-d byte view of `bytes` (borrowed).
buffer_view byte_view(const std::vector<std::byte>& bytes);

/// File names in pngsuite/: the valid images (not starting with 'x') or the
/// invalid ones ('x*'), *.png only, sorted.
std::vector<std::string> pngsuite_files(bool valid);
/// Every file name in png-crashers/, sorted.
std::vector<std::string> crasher_files();

/// How an image's (H, W, C) samples are laid out in memory.
enum class layout {
  c_order,         // packed rows, top-down: the direct path
  f_order,         // column-major (an Eigen default matrix): the row-buffer path
  flipped_padded,  // bottom-up rows (negative stride) with 7 padding bytes per row
  planar,          // one plane per channel: the row-buffer path when C > 1
  padded_pixels,   // each pixel followed by one unused sample: the row-buffer path
};
const char* to_string(layout l);

/// Memory for one image plus a view of it in the chosen layout.
struct strided_image {
  std::vector<std::byte> storage;  // owns the samples (and padding)
  buffer_view view;                // (H, W, C), or (H, W) when rank2 and C == 1
};
strided_image make_image(std::int64_t height, std::int64_t width, std::int64_t channels,
                         zc::dtype type, layout l, bool rank2 = false);

/// Every sample of a (H, W[, C]) 'u1' or 'u2' view (any byte order), as
/// numbers in C order.
std::vector<std::uint16_t> samples_of(const buffer_view& v);
/// Fills a (H, W[, C]) view with a deterministic pattern (values < 2^bits).
void fill_pattern(const buffer_view& v, std::uint32_t seed);

/// Simulates a full disk for this process: files may grow to `bytes` and
/// writes beyond fail with EFBIG (SIGXFSZ ignored).  For death-test children
/// only, since the limit outlives the test.  False if setrlimit failed.
bool limit_file_size(std::uint64_t bytes);

/// A byte_source over memory that hands out at most `chunk` bytes per call
/// and records the largest request it saw.
class chunked_source : public byte_source {
 public:
  chunked_source(const std::vector<std::byte>& bytes, std::size_t chunk)
      : bytes_(bytes), chunk_(chunk) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;
  std::size_t calls = 0;
  std::size_t largest_request = 0;  // bytes

 private:
  const std::vector<std::byte>& bytes_;
  std::size_t chunk_;
  std::size_t position_ = 0;
};

/// A source that throws zc::error(io) after `good_bytes` bytes.
class failing_source : public byte_source {
 public:
  failing_source(const std::vector<std::byte>& bytes, std::size_t good_bytes)
      : bytes_(bytes), good_(good_bytes) {}
  std::size_t read_some(std::byte* dst, std::size_t max_bytes) override;

 private:
  const std::vector<std::byte>& bytes_;
  std::size_t good_;
  std::size_t position_ = 0;
};

/// A sink that throws zc::error(io) once more than `capacity` bytes came.
class failing_sink : public byte_sink {
 public:
  explicit failing_sink(std::size_t capacity) : capacity_(capacity) {}
  void write(const std::byte* src, std::size_t n) override;
  using byte_sink::write;
  std::size_t written = 0;

 private:
  std::size_t capacity_;
};

}  // namespace zc::test
