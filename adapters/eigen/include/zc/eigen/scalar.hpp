// Which Eigen scalar types the adapter can describe, and their dtype.
//
// Core's zc::dtype_of<T>() knows the C++ element types (bool, integers,
// float, double, std::complex<float|double>).  Eigen adds Eigen::half, an
// IEEE binary16 stored in two bytes, which maps to the float16 dtype ('<f2').
// Everything else (long double, Eigen::bfloat16, AutoDiff scalars, ...) has no
// dtype and is refused at compile time.
#pragma once

#include <Eigen/Core>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

#include "zc/dtype.hpp"

namespace zc::eigen {

/// True for the Eigen Scalar types a buffer_view can describe.
template <class S>
inline constexpr bool is_scalar_v =
    zc::is_element_type_v<S> || std::is_same_v<std::remove_cv_t<S>, Eigen::half>;

/// The dtype (native byte order) of an Eigen Scalar type.
template <class S>
zc::dtype dtype_for() {
  using U = std::remove_cv_t<S>;
  static_assert(is_scalar_v<U>,
                "zc::eigen: the Scalar type must be bool, an integer of 1-8 bytes, float, double, "
                "std::complex<float|double> or Eigen::half");
  if constexpr (std::is_same_v<U, Eigen::half>) {
    // Eigen::half is a struct around one uint16_t holding the binary16 bits.
    static_assert(sizeof(Eigen::half) == 2 && std::is_trivially_copyable_v<Eigen::half>,
                  "Eigen::half must be two bytes of IEEE binary16 to be viewed as float16");
    return zc::dtype(zc::dtype_kind::floating, 16);
  } else {
    return zc::dtype_of<U>();
  }
}

/// The C++ spelling of a scalar type, for error messages ("double",
/// "std::int16_t", "Eigen::half").
template <class S>
std::string scalar_name() {
  using U = std::remove_cv_t<S>;
  if constexpr (std::is_same_v<U, Eigen::half>)
    return "Eigen::half";
  else if constexpr (std::is_same_v<U, bool>)
    return "bool";
  else if constexpr (std::is_same_v<U, char>)
    return "char";
  else if constexpr (std::is_same_v<U, float>)
    return "float";
  else if constexpr (std::is_same_v<U, double>)
    return "double";
  else if constexpr (std::is_same_v<U, std::complex<float>>)
    return "std::complex<float>";
  else if constexpr (std::is_same_v<U, std::complex<double>>)
    return "std::complex<double>";
  else if constexpr (std::is_integral_v<U>) {
    return std::string(std::is_signed_v<U> ? "std::int" : "std::uint") +
           std::to_string(sizeof(U) * 8) + "_t";
  } else {
    return "<unsupported scalar>";
  }
}

}  // namespace zc::eigen
