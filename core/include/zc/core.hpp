// <zc/core.hpp>: the whole core in one include.
//
// Everything zcbridge's core declares: the descriptor (zc::buffer_view,
// zc::view, zc::copy), element types (zc::dtype), shapes (zc::dims), errors
// (zc::error, zc::errc), descriptor I/O (zc::read_into, zc::write_all, ...),
// byte streams (zc::byte_source, zc::byte_sink and their file and memory
// implementations, zc::replacing_file_sink), mapped files (zc::map_file),
// the copy tally (zc::bytes_copied) and zc::access.
// The fine-grained headers stay for code that wants less.
#pragma once

#include "zc/access.hpp"               // IWYU pragma: export
#include "zc/buffer_view.hpp"          // IWYU pragma: export
#include "zc/copy_stats.hpp"           // IWYU pragma: export
#include "zc/dims.hpp"                 // IWYU pragma: export
#include "zc/dtype.hpp"                // IWYU pragma: export
#include "zc/error.hpp"                // IWYU pragma: export
#include "zc/io.hpp"                   // IWYU pragma: export
#include "zc/mapped_file.hpp"          // IWYU pragma: export
#include "zc/replacing_file_sink.hpp"  // IWYU pragma: export
#include "zc/stream.hpp"               // IWYU pragma: export
