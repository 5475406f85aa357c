// <zc/eigen.hpp>: zero-copy bridge between Eigen and zc::buffer_view.
//
// Export (Eigen -> view), no element copied, the view borrows:
//   zc::buffer_view v = zc::eigen::view(matrix_or_block_or_map_or_tensor);
// Import (view -> Eigen), checked, no element copied:
//   auto m = zc::eigen::map<Eigen::MatrixXd>(v);         // any non-negative strides
//   auto c = zc::eigen::map<const Eigen::MatrixXd>(v);   // readonly views
//   auto t = zc::eigen::tight_map<Eigen::MatrixXd>(v);   // inner stride 1 (vectorizes)
//   auto x = zc::eigen::map_as<Eigen::Map<Eigen::Matrix4f, Eigen::Aligned16>>(v);
//   zc::eigen::visit_map<Eigen::MatrixXd>(v, [](auto m) { ... });  // tightest map
//   auto k = zc::eigen::tensor_map<float, 3, Eigen::RowMajor>(v);
//
// See view.hpp, map.hpp and tensor.hpp for the rules and the refusals.
#pragma once

#include "zc/eigen/map.hpp"
#include "zc/eigen/scalar.hpp"
#include "zc/eigen/tensor.hpp"
#include "zc/eigen/view.hpp"
