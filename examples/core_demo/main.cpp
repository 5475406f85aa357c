// core_demo: Python's memoryview, done for C++ with zc::buffer_view.
// Every view below describes the same 12 doubles; none of them copies.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <zc/buffer_view.hpp>

namespace {

// CI runs this demo as a smoke test, so it checks what it shows and fails
// loudly instead of printing something wrong.
int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "core_demo: FAILED: %s\n", what);
    ++failures;
  }
}

// Every element of a 2-d double view, row by row (reads through at<>,
// which checks dtype, rank and bounds).
void print_matrix(const char* label, const zc::buffer_view& v) {
  std::printf("%-22s %s\n", label, v.describe().c_str());
  for (std::int64_t i = 0; i < v.shape(0); ++i) {
    std::printf("%24s", "");
    for (std::int64_t j = 0; j < v.shape(1); ++j) std::printf(" %5.1f", v.at<const double>(i, j));
    std::printf("\n");
  }
}

}  // namespace

int main() try {
  std::vector<double> values(12);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);

  // A 3x4 C-order view of the vector's memory: the vector still owns it.
  const zc::buffer_view m = zc::view(values.data(), {3, 4});
  print_matrix("m = view(data, {3,4})", m);

  // Slicing with a step, flipping and transposing only change the strides
  // (bytes), never the memory: every result points into `values`.
  print_matrix("m[:, ::2]", m.slice(1, {}, {}, 2));
  print_matrix("m[::-1, :]", m.flip(0));
  print_matrix("m.T", m.transpose());
  check(m.flip(0).data() == &values[8], "m[::-1, :] starts at values[8]");
  check(m.transpose().at<const double>(3, 1) == 7.0, "m.T[3, 1] == 7");

  // Writes go through the view into the vector; a readonly view refuses them.
  m.at<double>(0, 0) = 42.0;
  std::printf("after m[0,0] = 42:     values[0] == %.1f\n", values[0]);
  check(values[0] == 42.0, "a write through m reaches the vector");
  try {
    m.as_readonly().at<double>(0, 0) = 1.0;
    check(false, "a readonly view refuses writes");
  } catch (const zc::error& e) {
    std::printf("readonly write refused: [%s] %s\n", zc::to_string(e.code()), e.what());
  }

  // cast reinterprets the same bytes (memoryview.cast): 96 bytes as 'B'.
  const zc::buffer_view bytes = m.cast(zc::dtype_of<std::uint8_t>());
  std::printf("m.cast('B'):           %s, same address: %s\n", bytes.describe().c_str(),
              bytes.data() == m.data() ? "yes" : "no");
  check(bytes.data() == m.data() && bytes.size() == 96, "cast keeps the address, 96 bytes");

  // A strided view cannot be cast without a copy: zc refuses and says why.
  try {
    (void)m.slice(1, {}, {}, 2).cast(zc::dtype::parse("B"));
    check(false, "a strided view refuses cast");
  } catch (const zc::error& e) {
    std::printf("cast of m[:, ::2]:     [%s] %s\n", zc::to_string(e.code()), e.what());
  }

  // Format-aware equality and the one explicit copy.
  std::vector<double> copy(12);
  zc::copy(m, zc::view(copy.data(), {3, 4}));
  const bool equal = zc::view(copy.data(), {3, 4}) == m;
  std::printf("copy == m: %s (dtype %s, %zu bytes)\n", equal ? "true" : "false",
              m.dtype().format().c_str(), m.nbytes());
  check(equal && copy.data() != values.data(), "zc::copy makes an equal, separate copy");
  return failures == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "core_demo: %s\n", e.what());
  return 1;
}
