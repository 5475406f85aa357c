#pragma once
// How a resource that a view looks into is opened: a mapped file
// (zc::map_file), an SQLite blob (zc::sqlite), a .npy file (zc::npy).

namespace zc {

/// read_only: the view is readonly and nothing reaches the resource.
/// read_write: writes through the view reach the resource (a shared mapping,
/// a blob opened for writing).
enum class access { read_only, read_write };

}  // namespace zc
