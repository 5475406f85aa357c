// zc::buffer_view: the descriptor every zcbridge adapter exports and imports.
//
// The C++ counterpart of Python's Py_buffer + memoryview (PEP 3118) and of
// DLPack's DLTensor.  A view is
//   data      address of element [0,...,0]; with a negative stride the memory
//             lies partly *below* it (see byte_extent())
//   dtype     element type, including byte order
//   shape     rank 0..8 extents, stored inline, each >= 0
//   strides   one per axis, in BYTES, signed; need not be multiples of the
//             item size (a packed struct column, a padded image row)
//   readonly  writes through the view are refused
//   owner     optional shared_ptr that keeps the memory alive; without one the
//             view borrows and the caller keeps the memory alive
//
// Contract:
//  - Constructing, slicing, transposing, casting, copying or passing a view
//    never allocates and never touches element memory (copying the view
//    copies the descriptor and bumps the owner's reference count).
//  - Construction validates: rank <= 8, extents >= 0, and the byte extent of
//    every reachable element is computed with overflow checks.
//  - The only operations that copy elements are the explicit ones:
//    zc::copy(), to_bytes(), to_vector().
//  - Nothing here is thread-safe beyond what shared_ptr gives: concurrent
//    readers are fine, concurrent writers to the same elements are not.
//
// This header gives what the core API (docs/architecture.md) uses with a view: the class
// (zc/detail/buffer_view_class.hpp), the exporters zc::view (<zc/view.hpp>),
// zc::copy, and descriptor I/O zc::read_into / zc::write_all (<zc/io.hpp>).
// <zc/core.hpp> adds streams and the copy tally.
#pragma once

#include "zc/detail/buffer_view_inline.hpp"  // IWYU pragma: export
#include "zc/io.hpp"                         // IWYU pragma: export
#include "zc/view.hpp"                       // IWYU pragma: export
