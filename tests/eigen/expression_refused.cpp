// Must NOT compile: an expression without direct access has no memory to
// view.  Built only by the eigen_expression_refused test, which expects the
// static_assert message from zc::eigen::view in the compiler output.
#include <zc/eigen.hpp>

int main() {
  const Eigen::MatrixXd a = Eigen::MatrixXd::Ones(2, 2);
  const Eigen::MatrixXd b = Eigen::MatrixXd::Ones(2, 2);
  const zc::buffer_view v = zc::eigen::view(a + b);
  return static_cast<int>(v.size());
}
