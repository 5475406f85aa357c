#include "byte_input.hpp"

#include "../reader.hpp"
#include "zc/error.hpp"

namespace zc::png::detail {

byte_input::byte_input(opened_source& in) : in_(in), lends_(in.stream().borrow(0).has_value()) {}

std::size_t byte_input::read_some(std::byte* out, std::size_t n) {
  // Exactly what is asked, no read-ahead: the source stays just past the
  // bytes this decoder consumed.
  std::size_t got = 0;
  try {
    while (got < n) {
      const std::size_t k = in_.stream().read_some(out + got, n - got);
      if (k == 0) break;
      got += k;
    }
  } catch (...) {
    in_.rethrow(std::current_exception());
  }
  consumed_ += got;
  return got;
}

void byte_input::read_exact(std::byte* out, std::size_t n) {
  const std::size_t got = read_some(out, n);
  if (got < n) throw_truncated(n, got);
}

const std::byte* byte_input::borrow(std::size_t n) {
  if (!lends_) return nullptr;
  const std::span<const std::byte> lent = *in_.stream().borrow(n);
  consumed_ += lent.size();
  if (lent.size() < n) throw_truncated(n, lent.size());
  return lent.data();
}

void byte_input::throw_truncated(std::size_t asked, std::size_t got) const {
  truncation_text text;  // the libpng path's wording, so both paths read alike
  describe_truncation(text, consumed_, asked, got);
  throw error(errc::truncated, what() + ": " + text);
}

}  // namespace zc::png::detail
