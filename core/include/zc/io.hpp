// File-descriptor I/O straight into and out of views (Python's readinto and
// socket.send with a memoryview), for any layout: the view's contiguous runs
// become one readv/writev iovec each, batched, so a strided view costs no
// staging copy.  Short reads/writes and EINTR are handled; a nonblocking
// descriptor that would block is waited for with poll().
#pragma once

#include <cstddef>

#include "zc/export.hpp"

namespace zc {

class buffer_view;  // <zc/buffer_view.hpp>; declarations need no more

/// Fills every byte of `dst` (C order) from `fd`, starting at the fd's
/// current position.  Returns dst.nbytes().  End of file before the view is
/// full throws zc::error(truncated) saying how many bytes came; a failing
/// system call throws zc::error(io) with errno's text.  `dst` must be writable.
ZC_API std::size_t read_into(int fd, const buffer_view& dst);

/// One readv: reads what is available now (at least one byte unless at end
/// of file), returns the byte count; 0 means end of file.
ZC_API std::size_t read_some(int fd, const buffer_view& dst);

/// Writes every byte of `src` (C order) to `fd`; returns src.nbytes().
ZC_API std::size_t write_all(int fd, const buffer_view& src);

/// One writev: returns how many bytes the kernel took (maybe fewer than
/// src.nbytes()).  To send in pieces, advance a byte view by the result:
///   while (!v.empty()) v = v.slice(0, zc::write_some(fd, v), {});
ZC_API std::size_t write_some(int fd, const buffer_view& src);

/// The first `n` bytes of a byte-addressable view dropped: `v` must be
/// 1-d with a contiguous run per element (u1 bytes, or use cast()).  Throws
/// out_of_range past the end.  Zero-copy, like v[n:].
ZC_API buffer_view advance(const buffer_view& v, std::size_t n_bytes);

}  // namespace zc
