// Zero-copy I/O: file and socket bytes land in an Eigen matrix's own storage.
//
//   zero_copy_io [rows cols]      (default 2048 x 2048 doubles = 32 MiB)
//
// 1. A matrix is written to a temporary file with zc::write_all and read back
//    with zc::read_into straight into another matrix's storage: no
//    std::vector in between (Python: f.readinto(memoryview(a))).
// 2. A sub-block (rows of a larger matrix, a strided layout) is filled from the
//    file with one readv per batch of contiguous runs.
// 3. The matrix is sent through a socketpair in pieces: each write_some sends
//    what the kernel takes and zc::advance moves the view past it (Python:
//    while view: view = view[sock.send(view):]); the receiver read_into's a
//    preallocated matrix.
// Every step checks the data and that zc::bytes_copied() did not move.
//
// I/O follows a view's C order (as to_bytes does), so the bytes in a file do
// not depend on how the writer laid out its memory.  Eigen matrices are
// column-major: `in_memory_order()` reorders the axes (no copy) so the view is
// traversed as it lies in memory, one run per contiguous stretch.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <zc/buffer_view.hpp>
#include <zc/copy_stats.hpp>
#include <zc/eigen.hpp>
#include <zc/error.hpp>
#include <zc/io.hpp>

namespace {

using clock_type = std::chrono::steady_clock;

// Closes a file descriptor on scope exit; -1 means none.
struct fd_guard {
  int fd = -1;
  explicit fd_guard(int f) : fd(f) {}
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

double mib(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

double ms_since(clock_type::time_point start) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

void require(bool ok, const std::string& what) {
  if (!ok) throw zc::error(zc::errc::invalid_argument, "check failed: " + what);
}

long parse_extent(const char* text) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 1 || value > 16384) {
    throw zc::error(zc::errc::invalid_argument,
                    std::string("expected an extent in 1..16384, found '") + text + "'");
  }
  return value;
}

int run(long rows, long cols) {
  Eigen::MatrixXd source = Eigen::MatrixXd::Random(rows, cols);
  const std::size_t bytes = static_cast<std::size_t>(source.size()) * sizeof(double);
  const auto copied_before = zc::bytes_copied();

  // 1. File round trip.
  const auto path = std::filesystem::temp_directory_path() /
                    ("zc_zero_copy_io_" + std::to_string(::getpid()) + ".bin");
  {
    fd_guard out(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (out.fd < 0) throw zc::error(zc::errc::io, "cannot create " + path.string());
    zc::write_all(out.fd, zc::eigen::view(std::as_const(source)).in_memory_order());
  }
  Eigen::MatrixXd loaded(rows, cols);
  const zc::buffer_view into = zc::eigen::view(loaded).in_memory_order();
  require(into.data() == loaded.data(), "the view is the matrix's own storage");
  auto start = clock_type::now();
  {
    fd_guard in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0) throw zc::error(zc::errc::io, "cannot open " + path.string());
    zc::read_into(in.fd, into);
  }
  const double file_ms = ms_since(start);
  require(loaded == source, "file bytes landed in the matrix");
  std::printf("file    : %.1f MiB read into MatrixXd(%ld, %ld) at %p as %zu run(s) in %.1f ms\n",
              mib(bytes), rows, cols, static_cast<const void*>(loaded.data()), into.run_count(),
              file_ms);

  // 2. Rows 1..rows of a taller column-major matrix: each column of the block
  //    is one contiguous run, separated by the parent's 3 extra rows, so the
  //    file is scattered into `cols` runs with batched readv calls.
  Eigen::MatrixXd tall = Eigen::MatrixXd::Zero(rows + 3, cols);
  auto block = tall.block(1, 0, rows, cols);
  const zc::buffer_view block_view = zc::eigen::view(block).in_memory_order();
  require(block_view.data() == block.data(), "the block view is the parent's storage");
  {
    fd_guard in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0) throw zc::error(zc::errc::io, "cannot open " + path.string());
    zc::read_into(in.fd, block_view);
  }
  require(block == source, "file bytes landed in the block of a taller matrix");
  require(tall.topRows(1).isZero() && tall.bottomRows(2).isZero(), "nothing outside the block");
  std::printf(
      "block   : read into tall.block(1, 0, %ld, %ld) at %p as %zu runs, neighbours untouched\n",
      rows, cols, block_view.data(), block_view.run_count());
  std::filesystem::remove(path);

  // 3. Socket: sent in pieces, received into preallocated storage.
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    throw zc::error(zc::errc::io, "socketpair failed");
  }
  fd_guard sender_fd(pair[0]);
  fd_guard receiver_fd(pair[1]);
  Eigen::MatrixXd received(rows, cols);
  std::exception_ptr receive_error;
  start = clock_type::now();
  std::thread receiver([&] {
    try {
      zc::read_into(receiver_fd.fd, zc::eigen::view(received).in_memory_order());
    } catch (...) {
      receive_error = std::current_exception();
    }
  });
  std::size_t pieces = 0;
  try {
    // Bytes, because a send may stop inside an element; each call offers at
    // most 1 MiB, as a program sharing the socket with others would.
    zc::buffer_view rest = zc::eigen::view(std::as_const(source))
                               .in_memory_order()
                               .flatten()
                               .cast(zc::dtype_of<std::uint8_t>());
    constexpr std::int64_t piece_bytes = 1 << 20;
    while (!rest.empty()) {
      const std::size_t sent = zc::write_some(sender_fd.fd, rest.slice(0, 0, piece_bytes));
      rest = zc::advance(rest, sent);
      ++pieces;
    }
  } catch (...) {
    ::shutdown(sender_fd.fd, SHUT_RDWR);
    receiver.join();
    throw;
  }
  receiver.join();
  if (receive_error) std::rethrow_exception(receive_error);
  const double socket_ms = ms_since(start);
  require(received == source, "socket bytes landed in the matrix");
  std::printf("socket  : %.1f MiB sent in %zu piece(s), received at %p in %.1f ms\n", mib(bytes),
              pieces, static_cast<const void*>(received.data()), socket_ms);

  const auto copied = zc::bytes_copied() - copied_before;
  std::printf("copied  : %llu bytes by zcbridge (every path above is zero-copy)\n",
              static_cast<unsigned long long>(copied));
  require(copied == 0, "zero-copy paths copied nothing");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc != 1 && argc != 3) {
      std::fprintf(stderr, "usage: %s [rows cols]\n", argv[0]);
      return 2;
    }
    const long rows = argc == 3 ? parse_extent(argv[1]) : 2048;
    const long cols = argc == 3 ? parse_extent(argv[2]) : 2048;
    return run(rows, cols);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zero_copy_io: %s\n", e.what());
    return 1;
  }
}
