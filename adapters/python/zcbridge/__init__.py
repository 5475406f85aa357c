"""zcbridge: C++ memory as Python buffers, Python buffers as zcbridge views.

    import numpy, zcbridge
    image = zcbridge.png.decode("photo.png", mode="rgb8")  # a View of C++ memory
    pixels = numpy.asarray(image)                         # the same memory, no copy
    zcbridge.png.encode(pixels[::-1], "flipped.png")      # encoded from the rows as they lie

View            a zcbridge view (pointer, format, shape, byte strides, readonly,
                owner) exporting the buffer protocol (memoryview, NumPy, bytes())
view(obj)       any buffer-protocol object as a View sharing its memory
zeros(shape)    a writable View of zero-filled C++ memory
from_dlpack(x)  any object with __dlpack__ (NumPy, PyTorch) as a View
png             read_info, decode (into new memory or straight into `out`), encode
sqlite          connect(path): array store and incremental blob I/O
Error           every refusal: a ValueError whose .code names the zc::errc value;
                subclasses such as ReadonlyError (also a BufferError) per code
"""

from . import _zcbridge
from ._zcbridge import (
    View,
    view,
    zeros,
    Error,
    FormatError,
    ArgumentError,
    OutOfRangeError,
    ReadonlyError,
    DtypeError,
    ShapeError,
    LayoutError,
    AlignmentError,
    SizeOverflowError,
    IOFailure,
    TruncatedError,
    LimitError,
    NullValueError,
    ExpiredError,
    BackendError,
    error_classes,
    has_dlpack,
)

if has_dlpack:
    from ._zcbridge import from_dlpack
else:  # built without zc::dlpack

    def from_dlpack(obj):
        raise NotImplementedError("this zcbridge was built without the DLPack adapter (zc::dlpack)")


from . import png, sqlite  # noqa: E402  (after the compiled names they use)

__all__ = [
    "View", "view", "zeros", "from_dlpack", "png", "sqlite", "Error", "error_classes",
] + [cls.__name__ for cls in error_classes.values()]
