// npy_slices: a large .npy file cut into many sub-views that Eigen works on
// where they lie in the mapped file, without reading the file into memory.
//
//   npy_slices [rows cols]      (default 8192 x 1024 doubles = 64 MiB)
//
// 1. zc::npy::create makes the file and hands back a writable view over its
//    mapping; it is filled block by block through Eigen maps (element (i, j)
//    = (i % 1000) * 10000 + j, exact in double) and unmapped.
// 2. zc::npy::load maps it again: no element is read.  A grid of tiles
//    (slice on both axes) and a strided column (every 256th row of one
//    column) are viewed as Eigen maps of the file's own memory and summed.
// 3. It prints how many bytes the sub-views cover against the file's size,
//    and how much the process's resident set grew: the pages touched, not
//    the file.  (The file is flushed and dropped from the page cache after
//    step 1, as a file written long ago, and the mapping is advised
//    MADV_RANDOM so the kernel does not read megabytes around each fault.)
// Every sum is checked against the formula; a wrong one exits 1.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <Eigen/Core>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <zc/buffer_view.hpp>
#include <zc/eigen.hpp>
#include <zc/error.hpp>
#include <zc/npy.hpp>

namespace {

using rows_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double value_at(std::int64_t i, std::int64_t j) {
  return static_cast<double>((i % 1000) * 10000 + j);
}

double mib(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Resident bytes of this process (/proc/self/statm, second field in pages).
std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0;
  std::size_t pages = 0;
  statm >> size >> pages;
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void require(bool ok, const std::string& what) {
  if (!ok) throw zc::error(zc::errc::invalid_argument, "check failed: " + what);
}

std::int64_t parse_extent(const char* text) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 64 || value > 1 << 20) {
    throw zc::error(zc::errc::invalid_argument,
                    std::string("expected an extent in 64..1048576, found '") + text + "'");
  }
  return value;
}

void fill(const std::filesystem::path& path, std::int64_t rows, std::int64_t cols) {
  const zc::buffer_view file = zc::npy::create(path, zc::dtype_of<double>(), {rows, cols});
  constexpr std::int64_t block_rows = 256;
  for (std::int64_t first = 0; first < rows; first += block_rows) {
    const zc::buffer_view block = file.slice(0, first, first + block_rows);
    auto m = zc::eigen::map<rows_major>(block);  // the file's memory, written in place
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = value_at(first + i, j);
  }
}  // the view, and with it the mapping, ends here

// Like a file another program wrote long ago: on disk, not in the page
// cache, so what load() brings in is what the sub-views touch.
void drop_from_page_cache(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

int run(std::int64_t rows, std::int64_t cols) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("zc_npy_slices_" + std::to_string(::getpid()) + ".npy");
  fill(path, rows, cols);
  drop_from_page_cache(path);

  const std::size_t resident_before = resident_bytes();
  const zc::buffer_view a = zc::npy::load(path);
  const zc::npy::info header = zc::npy::read_info(path);
  // Sparse access: tell the kernel not to read ahead around each touched
  // byte (it would read read_ahead_kb, often megabytes, per fault).  The
  // mapping starts header_length bytes before the elements, on a page.
  ::madvise(const_cast<std::byte*>(a.bytes()) - header.header_length,
            header.header_length + a.nbytes(), MADV_RANDOM);
  std::printf("mapped %s: %s %s, %.1f MiB of elements after a %zu-byte header\n",
              path.filename().c_str(), zc::detail::dims_text(a.shape()).c_str(),
              a.dtype().str().c_str(), mib(a.nbytes()), header.header_length);

  // A grid of 32 x 32 tiles, 16 down and 4 across.
  constexpr std::int64_t tile = 32;
  std::size_t viewed = 0;
  int tiles = 0;
  for (std::int64_t r = 0; r + tile <= rows; r += rows / 16) {
    for (std::int64_t c = 0; c + tile <= cols; c += cols / 4) {
      const zc::buffer_view sub = a.slice(0, r, r + tile).slice(1, c, c + tile);
      const auto m = zc::eigen::map<const rows_major>(sub);
      require(m.data() == sub.data(), "the Eigen map looks at the file's memory");
      double expected = 0;
      for (std::int64_t i = r; i < r + tile; ++i)
        for (std::int64_t j = c; j < c + tile; ++j) expected += value_at(i, j);
      require(m.sum() == expected,
              "tile sum at (" + std::to_string(r) + ", " + std::to_string(c) + ")");
      viewed += sub.nbytes();
      ++tiles;
    }
  }
  // One column, every 256th row: a strided vector map (inner stride 256 rows).
  const zc::buffer_view column = a.slice(0, 0, rows, 256).select(1, 7);
  const auto v = zc::eigen::map<const Eigen::VectorXd>(column);
  double expected = 0;
  for (std::int64_t i = 0; i < rows; i += 256) expected += value_at(i, 7);
  require(v.sum() == expected, "strided column sum");
  viewed += column.nbytes();

  const std::size_t resident_after = resident_bytes();
  const std::size_t grew = resident_after > resident_before ? resident_after - resident_before : 0;
  std::printf(
      "processed %d tiles of %lld x %lld and 1 strided column (%lld elements) through "
      "Eigen maps: all sums match\n",
      tiles, static_cast<long long>(tile), static_cast<long long>(tile),
      static_cast<long long>(column.size()));
  std::printf("the sub-views cover %.2f MiB of the %.1f MiB file (%.2f%%)\n", mib(viewed),
              mib(a.nbytes()),
              100.0 * static_cast<double>(viewed) / static_cast<double>(a.nbytes()));
  std::printf(
      "resident set grew by %.2f MiB (whole pages around what was touched), of the "
      "%.1f MiB a std::vector copy would hold\n",
      mib(grew), mib(a.nbytes()));
  std::filesystem::remove(path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 1 && argc != 3) {
    std::fprintf(stderr, "usage: npy_slices [rows cols]\n");
    return 2;
  }
  const std::int64_t rows = argc == 3 ? parse_extent(argv[1]) : 8192;
  const std::int64_t cols = argc == 3 ? parse_extent(argv[2]) : 1024;
  return run(rows, cols);
} catch (const std::exception& e) {
  std::fprintf(stderr, "npy_slices: %s\n", e.what());
  return 1;
}
