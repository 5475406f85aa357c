"""PNG straight into and out of buffers (zc::png over libpng).

read_info(src)                     the header, as stored
decode(src, out=None, mode=...)    a new View, or straight into `out` (returned)
encode(array, dst=None, fast=False) PNG bytes, or a file when dst is a path

`src` is a path (str, bytes, os.PathLike) or any bytes-like object, which
is read in place (no copy).  The GIL is released while decoding and encoding.
"""

from ._zcbridge import png as _png

Info = _png.Info
read_info = _png.read_info
decode = _png.decode
encode = _png.encode

MODES = ("as_stored", "raw", "gray8", "gray16", "gray_alpha8", "gray_alpha16",
         "rgb8", "rgb16", "rgba8", "rgba16")

__all__ = ["Info", "read_info", "decode", "encode", "MODES"]
