// zc::png: PNG rows decoded straight into, and encoded straight from, a
// zc::buffer_view through libpng's row pointers.
//
//   zc::png::info hdr = zc::png::read_info(zc::png::source::file(path));
//   zc::png::decode_into(zc::png::source::memory(blob_view), dst_view);
//   zc::png::encode(src_view, zc::png::sink::file(path));
#pragma once

#include "zc/png/decode.hpp"
#include "zc/png/encode.hpp"
#include "zc/png/info.hpp"
#include "zc/png/limits.hpp"
#include "zc/png/sink.hpp"
#include "zc/png/source.hpp"
