// Human-readable Eigen type names for error messages, e.g.
//   "Eigen::Matrix<double, Dynamic, Dynamic>"
//   "const Eigen::Map<Eigen::Array<float, 4, 4, RowMajor>, Aligned16, Stride<Dynamic, 1>>"
// Only ever called on a refusal path, so building strings here is fine; the
// success paths never call it (they take a function pointer to it).
#pragma once

#include <Eigen/Core>
#include <string>
#include <type_traits>

#include "zc/eigen/scalar.hpp"

namespace zc::eigen::detail {

inline std::string extent_name(int n) {
  return n == Eigen::Dynamic ? std::string("Dynamic") : std::to_string(n);
}

inline std::string map_options_name(int options) {
  const int aligned = options & Eigen::AlignedMask;
  return aligned == 0 ? std::string("Unaligned") : "Aligned" + std::to_string(aligned);
}

template <class T>
struct type_name {
  static std::string get() { return "the Eigen type"; }
};

template <class T>
struct type_name<const T> {
  static std::string get() { return "const " + type_name<T>::get(); }
};

template <class S, int R, int C, int O, int MR, int MC>
std::string plain_name(const char* family) {
  std::string name = std::string("Eigen::") + family + "<" + scalar_name<S>() + ", " +
                     extent_name(R) + ", " + extent_name(C);
  // Row vectors are RowMajor by necessity; say it only where it is a choice.
  if ((O & Eigen::RowMajor) != 0 && R != 1) name += ", RowMajor";
  if (MR != R || MC != C) name += ", max " + extent_name(MR) + "x" + extent_name(MC);
  return name + ">";
}

template <class S, int R, int C, int O, int MR, int MC>
struct type_name<Eigen::Matrix<S, R, C, O, MR, MC>> {
  static std::string get() { return plain_name<S, R, C, O, MR, MC>("Matrix"); }
};

template <class S, int R, int C, int O, int MR, int MC>
struct type_name<Eigen::Array<S, R, C, O, MR, MC>> {
  static std::string get() { return plain_name<S, R, C, O, MR, MC>("Array"); }
};

template <int O, int I>
std::string stride_name() {
  if constexpr (O == 0 && I == 0)
    return "";
  else if constexpr (O == 0)
    return ", InnerStride<" + extent_name(I) + ">";
  else if constexpr (I == 0)
    return ", OuterStride<" + extent_name(O) + ">";
  else
    return ", Stride<" + extent_name(O) + ", " + extent_name(I) + ">";
}

template <class P, int Options, class S>
struct type_name<Eigen::Map<P, Options, S>> {
  static std::string get() {
    return "Eigen::Map<" + type_name<P>::get() + ", " + map_options_name(Options) +
           stride_name<S::OuterStrideAtCompileTime, S::InnerStrideAtCompileTime>() + ">";
  }
};

/// A function pointer that names T: lets checks take the name lazily.
using name_fn = std::string (*)();

template <class T>
inline constexpr name_fn name_of = &type_name<T>::get;

}  // namespace zc::eigen::detail
