#include "zc/replacing_file_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "zc/error.hpp"

namespace zc {
namespace {

// Linux gives up after 40 symlink hops (ELOOP); so do we.
constexpr int max_symlink_hops = 40;

[[noreturn]] void throw_system(const std::string& doing, const std::string& path, int err) {
  throw error(errc::io, "cannot " + doing + " '" + path + "': " + std::strerror(err));
}

// The path with every symlink in its last component followed; the target
// may not exist yet (a dangling link names the file to create).
std::string follow_symlinks(const std::filesystem::path& path) {
  std::filesystem::path current = path;
  for (int hop = 0; hop < max_symlink_hops; ++hop) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(current, ec);
    if (ec || !std::filesystem::is_symlink(status)) return current.string();
    const std::filesystem::path target = std::filesystem::read_symlink(current, ec);
    if (ec) throw_system("read the symlink", current.string(), ec.value());
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  throw_system("follow the symlinks at", path.string(), ELOOP);
}

// A name no other writer, in this process or another, picks.
std::string temporary_beside(const std::string& destination) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path d(destination);
  const std::string name = "." + d.filename().string() + ".zc-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++) + ".tmp";
  return (d.parent_path() / name).string();
}

}  // namespace

replacing_file_sink::replacing_file_sink(const std::filesystem::path& path)
    : destination_(follow_symlinks(path)) {
  struct stat existing {};
  const bool exists = ::stat(destination_.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    fd_ = ::open(destination_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw_system("open for writing", destination_, errno);
    return;
  }
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    temporary_ = temporary_beside(destination_);
    // 0666 filtered by the umask: the mode a newly created file would get.
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && errno != EEXIST) break;
  }
  if (fd_ < 0) {
    const int err = errno;
    temporary_.clear();
    throw_system("create a temporary file to replace", destination_, err);
  }
  if (exists) {
    // Best effort: an unprivileged process cannot give a file away; it then
    // stays ours, with the old file's permission bits.
    const int chown_result = ::fchown(fd_, existing.st_uid, existing.st_gid);
    const int chmod_result = ::fchmod(fd_, existing.st_mode & 07777);
    static_cast<void>(chown_result);
    static_cast<void>(chmod_result);
  }
}

replacing_file_sink::~replacing_file_sink() { discard(); }

void replacing_file_sink::discard() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!temporary_.empty()) {
    ::unlink(temporary_.c_str());
    temporary_.clear();
  }
}

void replacing_file_sink::write(const std::byte* src, std::size_t n) {
  if (fd_ < 0) throw error(errc::invalid_argument, "replacing_file_sink: write after commit");
  while (n > 0) {
    const ssize_t put = ::write(fd_, src, n);
    if (put < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (temporary_.empty()) throw_system("write", destination_, err);
      throw error(errc::io, "cannot write '" + destination_ + "' (its temporary '" + temporary_ +
                                "'): " + std::strerror(err));
    }
    src += put;
    n -= static_cast<std::size_t>(put);
  }
}

void replacing_file_sink::commit() {
  if (fd_ < 0) throw error(errc::invalid_argument, "replacing_file_sink: commit twice");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int err = errno;
    discard();
    throw_system("finish writing", destination_, err);
  }
  if (temporary_.empty()) return;  // written in place
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
    const int err = errno;
    discard();
    throw_system("replace", destination_, err);
  }
  temporary_.clear();
}

}  // namespace zc
