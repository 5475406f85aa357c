// zc::detail::read_type_string: the one reader of NumPy type strings' body
// (a kind letter and a byte count: "f8", "u2", "c16", "b1"), shared by
// zc::dtype::parse and the npy adapter's header check, which word their own
// errors from what it reports.  Internal.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "zc/dtype.hpp"
#include "zc/export.hpp"

namespace zc::detail {

/// What a type string's body is, or the first thing wrong with it, checked
/// in this order.
enum class type_string_fault : std::uint8_t {
  none,               ///< a type: `type` holds it
  not_a_type_string,  ///< fewer than two characters, or no digit after the first
  bad_count,          ///< the byte count has a non-digit or more than four digits
  unknown_kind,       ///< the letter is not one of i u f c b
  no_such_type,       ///< the kind has no type of that many bytes ("f16", "b2")
};

struct type_string_reading {
  type_string_fault fault = type_string_fault::not_a_type_string;
  dtype_kind kind{};      ///< set from unknown_kind's check on (no_such_type, none)
  std::size_t bytes = 0;  ///< the byte count, set from bad_count's check on
  dtype type;             ///< the type when fault == none
};

/// The kind a type string's letter names (i u f c b), or none.
[[nodiscard]] ZC_API std::optional<dtype_kind> type_string_kind(char letter) noexcept;

/// Reads `body`, a type string after its byte-order prefix; `order` is what
/// that prefix said.  Never throws: callers turn the fault into their error.
[[nodiscard]] ZC_API type_string_reading read_type_string(std::string_view body,
                                                          byte_order order) noexcept;

}  // namespace zc::detail
