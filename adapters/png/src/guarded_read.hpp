// The only place the read side calls setjmp.  libpng reports errors by
// longjmp'ing to the setjmp point, so every libpng call that may fail runs
// inside one of these functions: their frames (and the frames of the helpers
// they call) hold only trivially destructible objects, so a longjmp never
// skips a C++ destructor.  Each returns false when libpng failed; the caller,
// back in C++ land, turns the recorded `failure` into zc::error.
#pragma once

#include <png.h>

#include <cstddef>
#include <cstdint>

#include "output_format.hpp"
#include "row_copy.hpp"

namespace zc::png::detail {

/// png_read_info: signature, IHDR and the chunks before the first IDAT.
[[nodiscard]] bool guarded_read_info(png_structp png, png_infop info);

/// Applies `plan`'s transforms, turns on Adam7 deinterlacing and calls
/// png_read_update_info.  Stores the number of passes (1 or 7) in *passes.
[[nodiscard]] bool guarded_configure(png_structp png, png_infop info, const transform_plan* plan,
                                     int* passes);

/// Reads every row straight into the destination rows (no buffer).
[[nodiscard]] bool guarded_read_direct(png_structp png, const row_layout* layout, int passes);

/// Reads every row into `row_buffer` (layout->row_bytes() bytes) and
/// scatters it into the destination; for Adam7 the destination row is
/// gathered first so earlier passes' pixels survive.  Adds the bytes it
/// copied to *copied.
[[nodiscard]] bool guarded_read_buffered(png_structp png, const row_layout* layout, int passes,
                                         std::byte* row_buffer, std::uint64_t* copied);

/// png_read_end: the rest of the file up to IEND (checks CRCs, the zlib
/// stream's end and that IEND is there: a truncated file fails here).
[[nodiscard]] bool guarded_read_end(png_structp png, png_infop info);

}  // namespace zc::png::detail
