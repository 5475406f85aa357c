// A refused header as the zc::error the throwing calls raise.
#pragma once

#include <string>

#include "zc/error.hpp"
#include "zc/npy.hpp"

namespace zc::npy::detail {

/// `who` names the call and the file, e.g. "zc::npy::load('x.npy')".
[[noreturn]] inline void throw_refused(const header_check& check, const std::string& who) {
  throw error(check.code, who + ": invalid .npy header: " + check.message());
}

}  // namespace zc::npy::detail
