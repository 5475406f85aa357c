// A fresh directory under $TMPDIR (or /tmp), removed with its contents when
// the object dies.  For file-backed SQLite databases and PNG files in tests.
#pragma once

#include <filesystem>
#include <string>

namespace zc::test {

class temp_dir {
 public:
  temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir();
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// path() / name, as a string.
  [[nodiscard]] std::string file(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

/// The third-party test data folder (ZC_TESTDATA_DIR, default tests/data) / relative.
std::string testdata(const std::string& relative);

}  // namespace zc::test
