// A process-wide tally of element bytes that zcbridge itself copied.
//
// Every operation in zcbridge that copies element memory adds to it:
// zc::copy, to_bytes(), to_vector(), and adapters' staging paths (e.g. the
// PNG row buffer for non-contiguous rows).  Zero-copy paths add nothing, so a pipeline can
// measure, rather than claim, that it moved data without copies:
//   const auto before = zc::bytes_copied();
//   ... pipeline ...
//   report(zc::bytes_copied() - before);
// Not counted: copies inside the third-party libraries (SQLite's page cache
// and value copy, zlib's window), and stream transfers, which hand encoded
// bytes to a library's own buffer the way read(2) does (a memory_source
// feeding libpng's input buffer, a memory_sink collecting libpng's output).
#pragma once

#include <cstdint>

#include "zc/export.hpp"

namespace zc {

/// Total element bytes copied by zcbridge in this process so far.
ZC_API std::uint64_t bytes_copied() noexcept;

namespace detail {
/// Adds `n` bytes to the tally (relaxed atomic; safe from any thread).
ZC_API void count_copied(std::uint64_t n) noexcept;
}  // namespace detail

}  // namespace zc
