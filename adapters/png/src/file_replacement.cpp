#include "file_replacement.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "zc/error.hpp"

namespace zc::png::detail {
namespace {

// Linux gives up after 40 symlink hops (ELOOP); so do we.
constexpr int max_symlink_hops = 40;

[[noreturn]] void throw_io(const std::string& what, const std::string& doing, int err) {
  throw error(errc::io, what + ": " + doing + ": " + std::strerror(err));
}

// The path with every symlink in its last component followed.  The target
// may not exist yet (a dangling link names the file to create).
std::string follow_symlinks(const std::string& path, const std::string& what) {
  std::filesystem::path current(path);
  for (int hop = 0; hop < max_symlink_hops; ++hop) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(current, ec);
    if (ec || !std::filesystem::is_symlink(status)) return current.string();
    const std::filesystem::path target = std::filesystem::read_symlink(current, ec);
    if (ec) throw_io(what, "cannot read the symlink '" + current.string() + "'", ec.value());
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  throw_io(what, "cannot follow the symlinks at '" + path + "'", ELOOP);
}

// A name no other writer in this process or another one picks.
std::string temporary_name_beside(const std::filesystem::path& destination) {
  static std::atomic<unsigned> counter{0};
  const std::string name = "." + destination.filename().string() + ".zc-" +
                           std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp";
  return (destination.parent_path() / name).string();
}

}  // namespace

file_replacement::file_replacement(const std::string& path, const std::string& what)
    : what_(what), destination_(follow_symlinks(path, what)) {
  struct stat existing {};
  const bool exists = ::stat(destination_.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    file_ = std::fopen(destination_.c_str(), "wb");
    if (file_ == nullptr) throw_io(what_, "cannot open '" + destination_ + "'", errno);
    return;
  }
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temporary_ = temporary_name_beside(destination_);
    // 0666 filtered by the umask: the mode a new file would get from fopen.
    fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    const int err = errno;
    temporary_.clear();
    throw_io(what_, "cannot create the file (a temporary beside '" + destination_ + "')", err);
  }
  if (exists) {
    // Best effort: an unprivileged process cannot give the file away; it then
    // stays ours, with the old file's permission bits.
    const int chown_result = ::fchown(fd, existing.st_uid, existing.st_gid);
    const int chmod_result = ::fchmod(fd, existing.st_mode & 07777);
    static_cast<void>(chown_result);
    static_cast<void>(chmod_result);
  }
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int err = errno;
    ::close(fd);
    discard();
    throw_io(what_, "cannot open a stream on the temporary file", err);
  }
}

file_replacement::~file_replacement() { discard(); }

void file_replacement::discard() noexcept {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temporary_.empty()) {
    ::unlink(temporary_.c_str());
    temporary_.clear();
  }
}

void file_replacement::commit() {
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0) {
    const int err = errno;
    discard();
    throw_io(what_, "closing the file failed", err);
  }
  if (temporary_.empty()) return;  // written in place
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
    const int err = errno;
    discard();
    throw_io(what_, "cannot replace '" + destination_ + "'", err);
  }
  temporary_.clear();
}

}  // namespace zc::png::detail
