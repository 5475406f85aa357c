// The callbacks libpng calls back into: error (records, then longjmps),
// warning (counts, never throws) and the optional counting allocator.
//
// libpng reports errors by longjmp.  Everything here is trivially
// destructible, and no C++ exception ever crosses a libpng frame: the
// callbacks record what went wrong in a `failure` and the caller turns it
// into zc::error after libpng has returned to C++ land.
#pragma once

#include <png.h>

#include <atomic>
#include <cstddef>
#include <exception>

#include "zc/error.hpp"
#include "zc/png/limits.hpp"

namespace zc::png::detail {

/// What went wrong inside libpng.  Lives in the caller's frame (the one
/// that owns the png struct), never in a frame a longjmp crosses.
///
/// The zc::errc is never read from libpng's message text.  Limits are ours
/// to check, so we know when one is hit: image width and height are checked
/// by read_session::read_header() right after IHDR (libpng's own user limits
/// are left wide open, so it never fails on them first), and an allocation
/// above the cap is refused by on_malloc(), which notes it here.  libpng
/// then either survives the refusal (skips the chunk with a warning, which
/// clears the note) or fails: that failure is errc::limit_exceeded.  Every
/// other libpng error is errc::backend.
struct failure {
  char message[256] = {};
  errc code = errc::backend;
  bool recorded = false;  // a callback already recorded a more specific code/message
  int warnings = 0;
  std::size_t refused_bytes = 0;  // on_malloc refused this many bytes (over the cap); 0: none
  std::size_t refused_cap = 0;    // the cap it was refused against, bytes
};

/// libpng's mem pointer: where to count, and the largest single allocation
/// to grant.  libpng 1.6.39 does not apply png_set_chunk_malloc_max to every
/// ancillary chunk (a 1 GiB sPLT length is allocated as asked), so the
/// allocator enforces the cap itself; libpng then skips the chunk with a
/// warning or fails with "Out of memory", never allocates it.
struct alloc_context {
  memory_stats* stats = nullptr;                          // optional, caller-owned
  std::size_t max_single = static_cast<std::size_t>(-1);  // bytes
};

/// The cap for reads: ancillary chunks up to max_chunk_bytes, row buffers
/// up to max_width pixels of 8 bytes (RGBA16) plus libpng's slack, and never
/// below 64 KiB, libpng's and zlib's fixed working memory (inflate window,
/// IDAT buffer).  libpng's own chunk_malloc_max still applies to chunks.
std::size_t read_allocation_cap(const limits& lim) noexcept;

/// Records `message` with `code` unless something was recorded already.
void record(failure& f, errc code, const char* message) noexcept;

/// png_error_ptr: records libpng's message and longjmps (never returns).
[[noreturn]] void on_error(png_structp png, png_const_charp message);
/// png_error_ptr for warnings: counts them.
void on_warning(png_structp png, png_const_charp message);
/// png_malloc_ptr / png_free_ptr over the alloc_context in the struct's mem
/// pointer.
png_voidp on_malloc(png_structp png, png_alloc_size_t size);

/// Test seam for the out-of-memory sweep (tests/png/oom_test.cpp): when set,
/// on_malloc asks it before each allocation and fails the allocation (as
/// malloc returning null) when it says so.  libpng's memory comes from
/// std::malloc, which a test cannot make fail without replacing malloc (the
/// sanitizers own it).  Null, the default, costs one atomic load per
/// allocation.  Process-wide.
using allocation_fault_fn = bool (*)() noexcept;
extern std::atomic<allocation_fault_fn> allocation_fault;

void on_free(png_structp png, png_voidp pointer);

/// Throws what `f` recorded: the exception a stream threw inside a callback
/// (`pending`) if any, otherwise zc::error(code, "<what>: <message>").
[[noreturn]] void raise(const failure& f, const std::exception_ptr& pending, const char* what);

}  // namespace zc::png::detail
