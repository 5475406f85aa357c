#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <zc/error.hpp>

namespace image_store {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw zc::error(zc::errc::io, what + " '" + path + "': " + std::strerror(err));
}

// Unmaps in its destructor; held by the view's owner.
struct mapping {
  void* address = nullptr;
  std::size_t length = 0;  // bytes
  mapping(void* a, std::size_t n) : address(a), length(n) {}
  mapping(const mapping&) = delete;
  mapping& operator=(const mapping&) = delete;
  ~mapping() { ::munmap(address, length); }
};

}  // namespace

zc::buffer_view map_file(const std::string& path) {
  // O_NONBLOCK: should a FIFO take the file's place, the open returns at
  // once and the S_ISREG check refuses it (on a regular file it changes
  // nothing).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) fail("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    fail("cannot stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw zc::error(zc::errc::io, "'" + path + "' is not a regular file");
  }
  const auto length = static_cast<std::size_t>(st.st_size);
  if (length == 0) {
    ::close(fd);
    return zc::view(static_cast<const std::uint8_t*>(nullptr), {0});
  }
  void* address = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  ::close(fd);  // the mapping stays valid without the descriptor
  if (address == MAP_FAILED) fail("cannot map", path, err);
  auto owner = std::make_shared<const mapping>(address, length);
  return zc::view(static_cast<const std::uint8_t*>(address), {static_cast<std::int64_t>(length)})
      .with_owner(owner);
}

}  // namespace image_store
