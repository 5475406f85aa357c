// Must NOT compile: each ZC_REFUSED_CASE is a wrong call of zc::view that
// must stop with our one-line reason, not pages of overload candidates.
// Built only by the core_refused_* tests (see tests/cmake/expect_compile_error.cmake).
#include <zc/buffer_view.hpp>

#include <string>
#include <vector>

int main() {
#if ZC_REFUSED_CASE == 1
  // A temporary container dies at the end of the statement.
  const zc::buffer_view v = zc::view(std::vector<int>(6), {2, 3});
#elif ZC_REFUSED_CASE == 2
  // std::string elements have no dtype.
  std::vector<std::string> names(6);
  const zc::buffer_view v = zc::view(names, {2, 3});
#elif ZC_REFUSED_CASE == 3
  // The 1-d export of a temporary container dangles the same way.
  const zc::buffer_view v = zc::view(std::vector<int>(6));
#endif
  return static_cast<int>(v.size());
}
