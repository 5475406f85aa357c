// How many mappings of a file this process still has: for tests that a
// mapped view, failed or finished, leaves no mapping behind.  Linux only
// (/proc/self/maps).
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

namespace zc::test {

/// Lines of /proc/self/maps naming `path`: its mappings still alive.
inline std::size_t mappings_of(const std::filesystem::path& path) {
  std::ifstream maps("/proc/self/maps");
  std::size_t n = 0;
  for (std::string line; std::getline(maps, line);) {
    if (line.find(path.string()) != std::string::npos) ++n;
  }
  return n;
}

}  // namespace zc::test
