#include "libpng_hooks.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace zc::png::detail {

void record(failure& f, errc code, const char* message) noexcept {
  if (f.recorded) return;
  f.recorded = true;
  f.code = code;
  std::strncpy(f.message, message != nullptr ? message : "(no message)", sizeof f.message - 1);
  f.message[sizeof f.message - 1] = '\0';
}

void on_error(png_structp png, png_const_charp message) {
  // Only trivially destructible objects live in this frame: png_longjmp
  // leaves it without unwinding.
  auto* f = static_cast<failure*>(png_get_error_ptr(png));
  if (f != nullptr) {
    if (f->refused_bytes != 0) {
      // libpng failed on the allocation our cap refused: a limit, and we
      // know its numbers.
      char text[sizeof f->message];
      std::snprintf(text, sizeof text,
                    "%s (libpng asked for %zu bytes at once, above the allocation limit of %zu "
                    "bytes set by limits::max_chunk_bytes and limits::max_width)",
                    message != nullptr ? message : "(no message)", f->refused_bytes,
                    f->refused_cap);
      record(*f, errc::limit_exceeded, text);
    } else {
      record(*f, errc::backend, message);
    }
  }
  png_longjmp(png, 1);
}

void on_warning(png_structp png, png_const_charp /*message*/) {
  auto* f = static_cast<failure*>(png_get_error_ptr(png));
  if (f == nullptr) return;
  ++f->warnings;
  // libpng survived an allocation we refused (it skips the chunk and warns):
  // a later error is not about that refusal.
  f->refused_bytes = 0;
}

namespace {
// Each block carries its size in front so frees can update `live`; 16
// bytes keep the returned pointer aligned for any type.
constexpr std::size_t header_bytes = 16;
}  // namespace

std::size_t read_allocation_cap(const limits& lim) noexcept {
  // libpng's and zlib's fixed working memory is not a chunk and must always
  // fit: zlib's 32 KiB inflate window, its ~7 KiB state, libpng's 8 KiB
  // IDAT read buffer and its ~1.3 KiB structs.  Without this floor a caller
  // who asked for small chunks (say 16 KB) could decode no image at all.
  constexpr std::size_t working_memory = std::size_t{64} << 10;  // bytes
  const std::size_t rows = static_cast<std::size_t>(lim.max_width) * 8 + 4096;
  return std::max({lim.max_chunk_bytes, rows, working_memory});
}

std::atomic<allocation_fault_fn> allocation_fault{nullptr};

png_voidp on_malloc(png_structp png, png_alloc_size_t size) {
  const auto* context = static_cast<const alloc_context*>(png_get_mem_ptr(png));
  memory_stats* stats = context != nullptr ? context->stats : nullptr;
  if (context != nullptr && size > context->max_single) {
    // Refused by our cap: note it, so a failure that follows is known to be
    // a limit without reading libpng's message.
    auto* f = static_cast<failure*>(png_get_error_ptr(png));
    if (f != nullptr) {
      f->refused_bytes = size;
      f->refused_cap = context->max_single;
    }
    return nullptr;
  }
  if (size > static_cast<png_alloc_size_t>(-1) - header_bytes) return nullptr;
  if (const allocation_fault_fn fault = allocation_fault.load(std::memory_order_relaxed);
      fault != nullptr && fault()) {
    return nullptr;  // as malloc out of memory: libpng reports it itself
  }
  auto* block = static_cast<unsigned char*>(std::malloc(size + header_bytes));
  if (block == nullptr) return nullptr;  // libpng reports out-of-memory itself
  std::memcpy(block, &size, sizeof size);
  if (stats != nullptr) {
    ++stats->allocations;
    stats->bytes += size;
    if (size > stats->largest) stats->largest = size;
    stats->live += size;
    if (stats->live > stats->peak) stats->peak = stats->live;
  }
  return block + header_bytes;
}

void on_free(png_structp png, png_voidp pointer) {
  if (pointer == nullptr) return;
  unsigned char* block = static_cast<unsigned char*>(pointer) - header_bytes;
  png_alloc_size_t size = 0;
  std::memcpy(&size, block, sizeof size);
  const auto* context = static_cast<const alloc_context*>(png_get_mem_ptr(png));
  if (context != nullptr && context->stats != nullptr) context->stats->live -= size;
  std::free(block);
}

void raise(const failure& f, const std::exception_ptr& pending, const char* what) {
  if (pending) std::rethrow_exception(pending);
  throw error(
      f.recorded ? f.code : errc::backend,
      std::string(what) + ": " + (f.recorded ? f.message : "libpng failed without a message"));
}

}  // namespace zc::png::detail
