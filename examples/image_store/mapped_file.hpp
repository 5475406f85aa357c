// A file mapped read-only into memory, as a readonly '|u1' buffer_view that
// owns the mapping: the bytes are never read into a buffer of ours, so they
// reach SQLite (bind) or libpng (memory source) without a copy.
#pragma once

#include <string>
#include <zc/buffer_view.hpp>

namespace image_store {

/// Maps `path` (PROT_READ, MAP_PRIVATE).  The view's owner unmaps when the
/// last copy of the view is gone.  An empty file gives an empty view.
/// Throws zc::error(io) naming the file and the system's reason.
zc::buffer_view map_file(const std::string& path);

}  // namespace image_store
