// The test hooks of image_store_with_test_hooks, the test build of
// image_store (see pipeline.hpp); not part of the shipped program.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>

#include "pipeline.hpp"

#if !defined(IMAGE_STORE_TEST_HOOKS)
#error "test_hooks.cpp belongs to the test build only (IMAGE_STORE_TEST_HOOKS)"
#endif

namespace image_store {

void run_test_hook(const char* name) {
  static std::mutex mutex;
  static std::set<std::string> done;
  const char* command = std::getenv(name);
  if (command == nullptr || *command == '\0') return;
  const std::lock_guard lock(mutex);
  if (!done.insert(name).second) return;
  if (std::system(command) != 0) std::fprintf(stderr, "image_store: test hook %s failed\n", name);
}

}  // namespace image_store
