// <zc/version.hpp> against the version CMake was configured with: the test
// gets project(VERSION) from CMakeLists.txt as ZC_EXPECTED_VERSION (a compile
// definition), so the generated header, the library's zc::version() and the
// one version in CMakeLists.txt cannot drift apart unnoticed.
#include <zc/version.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#ifndef ZC_EXPECTED_VERSION
#error "tests/core/CMakeLists.txt passes ZC_EXPECTED_VERSION (the CMake project version)"
#endif

namespace {

std::string joined(int major, int minor, int patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

TEST(version, macros_spell_the_cmake_project_version) {
  EXPECT_EQ(joined(ZC_VERSION_MAJOR, ZC_VERSION_MINOR, ZC_VERSION_PATCH), ZC_EXPECTED_VERSION);
  EXPECT_STREQ(ZC_VERSION_STRING, ZC_EXPECTED_VERSION);
}

TEST(version, one_integer_orders_like_fmt_version) {
  EXPECT_EQ(ZC_VERSION, ZC_VERSION_MAJOR * 10000 + ZC_VERSION_MINOR * 100 + ZC_VERSION_PATCH);
  // Usable in the preprocessor, where version checks are written.
#if ZC_VERSION < 100
  ADD_FAILURE() << "ZC_VERSION " << ZC_VERSION << " is below 0.1.0 (100)";
#endif
  EXPECT_LT(ZC_VERSION_MINOR, 100);
  EXPECT_LT(ZC_VERSION_PATCH, 100);
}

TEST(version, library_reports_the_version_it_was_built_as) {
  EXPECT_EQ(zc::version(), std::string_view(ZC_EXPECTED_VERSION));
}

}  // namespace
