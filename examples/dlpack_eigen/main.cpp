// dlpack_eigen: an Eigen matrix handed to "another array library" as a
// DLPack tensor and taken back, without copying a single element.
//
// The matrix lives in a std::shared_ptr: the exported tensor keeps it alive
// (through the view held in its manager_ctx) after every name for it in this
// program is gone, until the consumer calls the tensor's deleter.  Taking a
// tensor back gives a view that owns it: the deleter runs once, when the
// last view of it dies.
#include <Eigen/Dense>
#include <cstdio>
#include <memory>
#include <string>

#include <zc/dlpack.hpp>
#include <zc/eigen.hpp>

namespace {

// CI runs this example as a smoke test: it checks what it prints.
int failures = 0;
void check(bool ok, const char* what) {
  std::printf("  %s %s\n", ok ? "ok:  " : "FAIL:", what);
  if (!ok) ++failures;
}

std::string tuple(const std::int64_t* values, int n) {
  std::string text = "(";
  for (int k = 0; k < n; ++k) text += (k > 0 ? ", " : "") + std::to_string(values[k]);
  return text + ")";
}

void print_tensor(const char* label, const DLManagedTensor* t) {
  const DLTensor& dl = t->dl_tensor;
  std::printf("%s: %s on %s, shape %s, strides %s elements, data %p + %llu\n", label,
              zc::dlpack::describe(dl.dtype).c_str(), zc::dlpack::describe(dl.device).c_str(),
              tuple(dl.shape, dl.ndim).c_str(), tuple(dl.strides, dl.ndim).c_str(), dl.data,
              static_cast<unsigned long long>(dl.byte_offset));
}

}  // namespace

int main() try {
  auto matrix = std::make_shared<Eigen::MatrixXd>(3, 4);  // column-major
  for (Eigen::Index j = 0; j < 4; ++j)
    for (Eigen::Index i = 0; i < 3; ++i) (*matrix)(i, j) = static_cast<double>(10 * i + j);
  const double* storage = matrix->data();
  const std::weak_ptr<Eigen::MatrixXd> alive = matrix;

  // Export: the view owns the matrix, the tensor holds the view.
  DLManagedTensor* tensor = zc::dlpack::to_dlpack(zc::eigen::view(matrix));
  matrix.reset();  // from here on only the tensor keeps the matrix alive
  print_tensor("exported", tensor);
  check(static_cast<const std::byte*>(tensor->dl_tensor.data) + tensor->dl_tensor.byte_offset ==
            reinterpret_cast<const std::byte*>(storage),
        "the tensor's element [0, 0] is the matrix's first coefficient");
  check(tensor->dl_tensor.strides[0] == 1 && tensor->dl_tensor.strides[1] == 3,
        "column-major strides (1, 3) in elements");
  check(!alive.expired(), "the tensor keeps the matrix alive after its last shared_ptr is gone");

  // Import: the view takes the tensor over; a consumer would do the same.
  zc::buffer_view back = zc::dlpack::from_dlpack(tensor);
  std::printf("imported: %s\n", back.describe().c_str());
  check(back.data() == storage, "the imported view points at the same coefficients");

  // Back into Eigen, writable, on the same memory: a map, not a copy.
  auto map = zc::eigen::map<Eigen::MatrixXd>(back);
  map(2, 3) = -1.0;
  check(map.data() == storage && back.at<const double>(2, 3) == -1.0,
        "an Eigen map of the imported view writes into the original matrix");
  {
    const zc::buffer_view column = back.select(1, 2);  // a derived view shares the owner
    back.release();
    check(!alive.expired(), "a derived view still holds the tensor: its deleter has not run");
    check(column.at<const double>(1) == 12.0, "column 2, row 1 is 12");
  }
  check(alive.expired(), "the last view is gone: the deleter ran and freed the matrix");

  // A readonly matrix is exported only on request: DLPack 0.6 cannot say
  // "read-only", so the consumer could write to it.
  const Eigen::Matrix2f constant = Eigen::Matrix2f::Identity();
  try {
    (void)zc::dlpack::to_dlpack(zc::eigen::view(constant));
    check(false, "a readonly view was exported without readonly_export::allow");
  } catch (const zc::error& e) {
    std::printf("readonly refused: %s\n", e.what());
  }
  const zc::dlpack::unique_tensor shared{
      zc::dlpack::to_dlpack(zc::eigen::view(constant), zc::dlpack::readonly_export::allow)};
  print_tensor("readonly, allowed", shared.get());

  std::printf("dlpack_eigen: %s\n", failures == 0 ? "all checks passed" : "FAILED");
  return failures == 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "dlpack_eigen: %s\n", e.what());
  return 1;
}
