// zc::dlpack: buffer_view <-> DLPack's DLManagedTensor (NumPy, PyTorch, JAX,
// CuPy...), without copying elements.
//
//   DLManagedTensor* t = zc::dlpack::to_dlpack(v);   // the consumer's deleter call
//                                                    // releases v's owner
//   zc::buffer_view d = zc::dlpack::from_dlpack(t);  // takes ownership: the deleter
//                                                    // runs once, when d's last copy dies
//
// Built against <dlpack/dlpack.h> with DLPACK_VERSION 60 (Debian 12's
// libdlpack-dev; the ABI NumPy 1.24 and PyTorch 1.13 exchange): CPU memory
// only, no bool code, no read-only flag.  Depends on zc::core and that header
// only.
#pragma once

#include "zc/dlpack/dtype.hpp"    // IWYU pragma: export
#include "zc/dlpack/export.hpp"   // IWYU pragma: export
#include "zc/dlpack/import.hpp"   // IWYU pragma: export
#include "zc/dlpack/managed.hpp"  // IWYU pragma: export
