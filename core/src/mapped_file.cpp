#include "zc/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "zc/error.hpp"

namespace zc {
namespace {

[[noreturn]] void throw_system(const std::string& doing, const std::filesystem::path& path,
                               int err) {
  throw error(errc::io,
              "zc::map_file: cannot " + doing + " '" + path.string() + "': " + std::strerror(err));
}

// What a non-regular file is, for the refusal.
const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes a descriptor when the scope ends, whichever way.
class fd_guard {
 public:
  explicit fd_guard(int fd) noexcept : fd_(fd) {}
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  ~fd_guard() { ::close(fd_); }

 private:
  int fd_;
};

// The mapping a view's owner holds: unmapped when the last owner goes.
class mapped_region {
 public:
  mapped_region(void* address, std::size_t length) noexcept : address_(address), length_(length) {}
  mapped_region(const mapped_region&) = delete;
  mapped_region& operator=(const mapped_region&) = delete;
  ~mapped_region() { ::munmap(address_, length_); }

 private:
  void* address_;
  std::size_t length_;  // bytes
};

}  // namespace

buffer_view map_file(const std::filesystem::path& path, access mode, mapping kind) {
  const bool writes_reach_file = mode == access::read_write && kind == mapping::shared;
  // O_NONBLOCK: a FIFO in the file's place opens at once (and is refused
  // below) instead of waiting for a writer; it changes nothing for regular
  // files.  A copy-on-write mapping never writes the file, so reading it is
  // all it needs.
  const int flags = (writes_reach_file ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK;
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0)
    throw_system(writes_reach_file ? "open for reading and writing" : "open", path, errno);
  const fd_guard close_on_return(fd);

  struct stat status {};
  if (::fstat(fd, &status) != 0) throw_system("stat", path, errno);
  if (S_ISDIR(status.st_mode)) throw_system("map", path, EISDIR);
  if (!S_ISREG(status.st_mode)) {
    throw error(errc::io, "zc::map_file: cannot map '" + path.string() + "': it is " +
                              file_type_name(status.st_mode) +
                              ", only regular files can be mapped");
  }

  const auto length = static_cast<std::size_t>(status.st_size);
  if (length == 0) {
    // mmap refuses a zero length; an empty view needs no memory.
    return mode == access::read_write ? view(static_cast<std::uint8_t*>(nullptr), dims{0})
                                      : view(static_cast<const std::uint8_t*>(nullptr), dims{0});
  }
  const int protection = mode == access::read_write ? PROT_READ | PROT_WRITE : PROT_READ;
  void* address = ::mmap(nullptr, length, protection,
                         kind == mapping::shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
  if (address == MAP_FAILED) throw_system("map", path, errno);
  std::shared_ptr<const void> owner;
  try {
    owner = std::make_shared<const mapped_region>(address, length);
  } catch (...) {
    ::munmap(address, length);
    throw;
  }
  const dims shape{static_cast<std::int64_t>(length)};
  auto* bytes = static_cast<std::uint8_t*>(address);
  const buffer_view whole = mode == access::read_write
                                ? view(bytes, shape)
                                : view(static_cast<const std::uint8_t*>(bytes), shape);
  return whole.with_owner(std::move(owner));
}

}  // namespace zc
