"""zcbridge.View and zcbridge.view(): the buffer protocol both ways, zero copy."""
import array
import ctypes
import hashlib
import io

import numpy as np
import pytest

import zcbridge
from conftest import address, numpy_address

DTYPES = ["u1", "i1", "u2", "i2", "u4", "i4", "u8", "i8", "f2", "f4", "f8", "c8", "c16", "?"]


def layouts(base):
    """The same elements in C, Fortran, strided, negative-stride and
    transposed layouts (all views of `base`'s memory)."""
    yield "C", base
    yield "F", np.asfortranarray(base)
    yield "strided", base[::2, ::3]
    yield "negative", base[::-1, ::-2]
    yield "transposed", base.T


def sample(dtype, shape=(6, 9)):
    return (np.arange(np.prod(shape)) % 7).astype(dtype).reshape(shape)


@pytest.mark.parametrize("dtype", DTYPES + [">u2", ">i4", ">f8", ">c16", "<f4"])
def test_view_of_numpy_shares_memory_in_every_layout(dtype):
    for name, a in layouts(sample(dtype)):
        v = zcbridge.view(a)
        assert v.shape == a.shape, name
        assert v.strides == a.strides, name
        assert v.itemsize == a.itemsize and v.ndim == a.ndim and v.nbytes == a.nbytes
        assert address(v) == numpy_address(a), name  # the C++ pointer is NumPy's
        b = np.asarray(v)
        assert b.dtype == a.dtype, name
        assert numpy_address(b) == numpy_address(a) and b.strides == a.strides, name
        assert np.shares_memory(a, b)
        np.testing.assert_array_equal(a, b)


def test_format_is_native_without_prefix_and_explicit_otherwise():
    assert zcbridge.view(np.zeros(3, "<f8")).format == "d"
    assert zcbridge.view(np.zeros(3, "<i2")).format == "h"
    assert zcbridge.view(np.zeros(3, ">u2")).format == ">H"
    assert zcbridge.view(np.zeros(3, ">u2")).dtype == ">u2"
    assert zcbridge.view(np.zeros(3, "c8")).format == "Zf"
    assert zcbridge.view(np.zeros(3, "?")).format == "?"
    assert zcbridge.view(b"ab").format == "B"


def test_memoryview_sees_format_shape_strides_readonly():
    a = np.arange(24, dtype=np.int16).reshape(4, 6)[::-1, 1::2]
    v = zcbridge.view(a)
    m = memoryview(v)
    assert m.format == "h" and m.shape == (4, 3) and m.strides == (-12, 4)
    assert m.readonly  # view() without writable=True gives a readonly View
    assert m.obj is v
    assert m.tolist() == a.tolist()
    w = memoryview(zcbridge.view(a, writable=True))
    assert not w.readonly
    w[0, 0] = -5
    assert a[0, 0] == -5


def get_buffer(obj, flags):
    """PyObject_GetBuffer(obj, flags) through the C API, released at once."""
    buffer = (ctypes.c_char * 256)()  # larger than a Py_buffer
    get = ctypes.pythonapi.PyObject_GetBuffer
    get.argtypes = [ctypes.py_object, ctypes.c_void_p, ctypes.c_int]
    get(obj, ctypes.addressof(buffer), flags)  # raises the exception the exporter set
    ctypes.pythonapi.PyBuffer_Release(ctypes.c_void_p(ctypes.addressof(buffer)))


PYBUF_WRITABLE = 0x0001
PYBUF_RECORDS = 0x0001 | 0x0004 | 0x0008 | 0x0010


def test_readonly_view_refuses_writable_requests_with_buffer_error():
    v = zcbridge.view(np.arange(6))
    assert v.readonly  # view() without writable=True is readonly
    get_buffer(v, 0)
    for flags in (PYBUF_WRITABLE, PYBUF_RECORDS):
        with pytest.raises(BufferError) as caught:
            get_buffer(v, flags)
        assert isinstance(caught.value, zcbridge.ReadonlyError)
        assert caught.value.code == "readonly" and "writable buffer" in str(caught.value)
    with pytest.raises(zcbridge.ReadonlyError):
        zcbridge.view(v, writable=True)
    with pytest.raises(zcbridge.ReadonlyError):
        zcbridge.view(b"bytes are immutable", writable=True)
    with pytest.raises(TypeError):  # readinto wants a writable buffer and says so
        io.BytesIO(b"overwrite").readinto(v)
    assert not np.asarray(v).flags.writeable
    get_buffer(zcbridge.view(np.arange(6), writable=True), PYBUF_RECORDS)


def test_bytes_and_tobytes_follow_c_order_of_strided_views():
    a = np.arange(12, dtype=np.uint8).reshape(3, 4)[::-1, ::2]
    v = zcbridge.view(a)
    assert bytes(v) == a.tobytes()
    assert memoryview(v).tobytes() == a.tobytes()


def test_consumers_without_strides_get_contiguous_views_and_are_refused_strided_ones():
    data = np.arange(64, dtype=np.uint8)
    assert hashlib.sha256(zcbridge.view(data)).digest() == hashlib.sha256(data.tobytes()).digest()
    with pytest.raises(zcbridge.LayoutError) as caught:  # a PyBUF_SIMPLE request
        hashlib.sha256(zcbridge.view(data[::2]))
    assert isinstance(caught.value, BufferError)
    assert "C-contiguous" in str(caught.value)


def test_imports_other_exporters():
    ba = bytearray(b"0123456789")
    v = zcbridge.view(ba, writable=True)
    assert address(v) == address(memoryview(ba))
    memoryview(v)[0] = ord("x")
    assert ba[0] == ord("x")
    a = array.array("d", [1.0, 2.0, 3.0])
    assert np.asarray(zcbridge.view(a)).tolist() == [1.0, 2.0, 3.0]
    m = memoryview(bytearray(12)).cast("B", [3, 4])
    assert zcbridge.view(m).shape == (3, 4)


def test_view_of_a_view_keeps_the_same_memory_and_owner():
    a = np.arange(10.0)
    v = zcbridge.view(a, writable=True)
    w = zcbridge.view(v, writable=True)
    assert address(w) == address(v) == numpy_address(a)
    del v
    np.asarray(w)[3] = 42
    assert a[3] == 42


def test_rank_zero_and_empty_views():
    s = zcbridge.view(np.float64(2.5).reshape(()))
    assert s.shape == () and s.strides == () and s.ndim == 0
    assert np.asarray(s)[()] == 2.5
    with pytest.raises(TypeError):
        len(s)
    e = zcbridge.view(np.zeros((0, 5), np.int32))
    assert e.shape == (0, 5) and e.nbytes == 0
    assert np.asarray(e).shape == (0, 5)
    assert bytes(zcbridge.zeros(0)) == b""


def test_rank_eight_accepted_rank_nine_refused():
    v = zcbridge.view(np.zeros((1,) * 8))
    assert v.ndim == 8
    with pytest.raises(zcbridge.ArgumentError) as caught:
        zcbridge.view(np.zeros((1,) * 9))
    assert caught.value.code == "invalid_argument" and "9" in str(caught.value)


def test_formats_a_view_cannot_hold_are_refused():
    structured = np.zeros(3, dtype=[("x", "i4"), ("y", "f8")])
    with pytest.raises(zcbridge.FormatError) as caught:
        zcbridge.view(structured)
    assert caught.value.code == "invalid_format"
    with pytest.raises(TypeError):
        zcbridge.view(12345)
    with pytest.raises(TypeError):
        zcbridge.view("text is not a buffer")


def test_zeros_is_writable_zero_filled_cpp_memory():
    v = zcbridge.zeros((2, 3), "<f4")
    assert v.shape == (2, 3) and v.format == "f" and not v.readonly
    a = np.asarray(v)
    assert a.dtype == np.float32 and not a.any()
    a[1, 2] = 7
    assert np.asarray(v)[1, 2] == 7
    assert numpy_address(a) == address(v)
    with pytest.raises(zcbridge.Error):
        zcbridge.zeros((2, -1))
    with pytest.raises(zcbridge.SizeOverflowError):
        zcbridge.zeros((2**40, 2**40))
    with pytest.raises(zcbridge.FormatError):
        zcbridge.zeros(3, "T{i:x:}")
    with pytest.raises(TypeError):
        zcbridge.zeros((2, 2.5))
    with pytest.raises(zcbridge.ArgumentError):
        zcbridge.zeros((1,) * 9)


def test_release_is_refused_while_exported_and_final_after():
    v = zcbridge.zeros(8)
    m = memoryview(v)
    with pytest.raises(BufferError):
        v.release()
    m.release()
    v.release()
    assert v.released
    with pytest.raises(zcbridge.ExpiredError):
        v.shape
    with pytest.raises(zcbridge.ExpiredError):
        memoryview(v)
    with zcbridge.zeros(4) as w:
        assert w.nbytes == 4
    assert w.released


def test_attributes_and_repr():
    v = zcbridge.view(np.zeros((2, 3), ">u2")[:, ::2])
    assert v.c_contiguous is False and v.f_contiguous is False and v.contiguous is False
    assert zcbridge.zeros((2, 3)).c_contiguous
    assert "'>u2' (uint16)" in repr(v) and "readonly" in repr(v)
    assert len(v) == 2
