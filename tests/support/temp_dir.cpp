#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

namespace zc::test {

temp_dir::temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/zcbridge-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string temp_dir::file(const std::string& name) const { return (path_ / name).string(); }

std::string testdata(const std::string& relative) {
  return std::string(ZC_TESTDATA_DIR) + "/" + relative;
}

}  // namespace zc::test
