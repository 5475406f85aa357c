// Expecting a zc::error in tests: one definition for every suite.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <zc/error.hpp>

namespace zc::test {

/// Runs `fn`, expects a zc::error with `code` and returns its message; a
/// different code, another exception type or no exception fails the test
/// (an empty message is returned then).
template <class F>
std::string error_of(F&& fn, zc::errc code) {
  try {
    fn();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected zc::error(" << zc::to_string(code) << "), nothing was thrown";
  return {};
}

/// Runs `fn`, expects some zc::error and returns its code (errc::backend,
/// with a test failure, when nothing was thrown).
template <class F>
zc::errc code_of(F&& fn) {
  try {
    fn();
  } catch (const zc::error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected a zc::error, nothing was thrown";
  return zc::errc::backend;
}

/// Runs `fn`, expects some zc::error and returns its message.
template <class F>
std::string message_of(F&& fn) {
  try {
    fn();
  } catch (const zc::error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a zc::error, nothing was thrown";
  return {};
}

}  // namespace zc::test

/// Expects `part` to occur in the string `text`.
#define ZC_EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)
