"""DLPack both ways (zc::dlpack): View.__dlpack__ into NumPy and PyTorch,
zcbridge.from_dlpack out of them, proven by pointer identity."""
import gc

import numpy as np
import pytest

import zcbridge
from conftest import PNGSUITE, address, numpy_address

# DLPack 0.6 (Debian 12's NumPy 1.24 / PyTorch 1.13) has no bool code.
DTYPES = ["u1", "i1", "u2", "i2", "u4", "i4", "u8", "i8", "f2", "f4", "f8", "c8", "c16"]


def layouts(dtype):
    base = (np.arange(6 * 10) % 11).astype(dtype).reshape(6, 10)
    yield "C", base
    yield "F", np.asfortranarray(base)
    yield "strided", base[1::2, ::3]
    yield "negative", base[::-1, ::-2]
    yield "transposed", base.T
    yield "rank 0", base[2:3, 3:4].reshape(())
    yield "rank 3", base.reshape(3, 2, 10)[:, ::-1]
    yield "empty", base[:0]


@pytest.mark.parametrize("dtype", DTYPES)
def test_views_round_trip_through_numpy_from_dlpack(dtype):
    for name, a in layouts(dtype):
        v = zcbridge.view(a, writable=True)
        b = np.from_dlpack(v)
        assert b.shape == a.shape and b.dtype == a.dtype, name
        if a.size:
            assert numpy_address(b) == numpy_address(a) == address(v), name
            assert b.strides == a.strides, name
        np.testing.assert_array_equal(b, a, err_msg=name)
        # NumPy 1.24 marks arrays from DLPack readonly, so it will not export
        # b again; the way back is the View's own capsule.
        back = zcbridge.from_dlpack(v)
        assert back.shape == a.shape and np.asarray(back).dtype == a.dtype, name
        if a.size:
            assert address(back) == numpy_address(a), name
        np.testing.assert_array_equal(np.asarray(back), a, err_msg=name)


@pytest.mark.parametrize("dtype", DTYPES)
def test_from_dlpack_of_numpy_shares_memory_and_is_writable(dtype):
    for name, a in layouts(dtype):
        v = zcbridge.from_dlpack(a)
        assert not v.readonly, name
        assert v.shape == a.shape, name
        if a.size:
            assert address(v) == numpy_address(a) and v.strides == a.strides, name
            np.asarray(v)[(0,) * a.ndim] = 1
            assert a[(0,) * a.ndim] == 1, name


def test_the_exported_tensor_keeps_cpp_memory_alive_after_the_view_is_gone():
    image = zcbridge.png.decode(PNGSUITE / "basn2c08.png")
    expected = np.asarray(image).copy()
    where = address(image)
    array = np.from_dlpack(image)
    del image
    gc.collect()
    assert numpy_address(array) == where
    np.testing.assert_array_equal(array, expected)


def test_an_imported_view_keeps_the_numpy_array_alive():
    a = np.arange(1000.0)
    v = zcbridge.from_dlpack(a)
    del a
    gc.collect()
    assert np.asarray(v)[999] == 999.0


def test_refusals():
    with pytest.raises(zcbridge.ReadonlyError) as caught:  # readonly: NumPy refuses these too
        zcbridge.view(np.arange(3)).__dlpack__()
    assert isinstance(caught.value, BufferError)
    with pytest.raises(zcbridge.DtypeError):
        zcbridge.view(np.zeros(3, bool), writable=True).__dlpack__()
    with pytest.raises(zcbridge.DtypeError):
        zcbridge.view(np.zeros(3, ">f8"), writable=True).__dlpack__()
    odd = np.ndarray((3,), np.int32, buffer=bytearray(16), offset=1, strides=(5,))
    with pytest.raises(zcbridge.LayoutError):
        zcbridge.view(odd, writable=True).__dlpack__()
    with pytest.raises(zcbridge.ArgumentError):
        zcbridge.zeros(3).__dlpack__(stream=1)
    with pytest.raises(TypeError):
        zcbridge.from_dlpack(b"bytes have no __dlpack__")
    capsule = zcbridge.zeros(4).__dlpack__()
    first = zcbridge.from_dlpack(capsule)
    with pytest.raises(zcbridge.ArgumentError):  # a capsule is consumed once
        zcbridge.from_dlpack(capsule)
    assert first.nbytes == 4
    assert zcbridge.zeros(2).__dlpack_device__() == (1, 0)
    unused = zcbridge.zeros(1 << 20).__dlpack__()
    del unused  # never consumed: the capsule deletes the tensor (ASan build: no leak report)


# ---- PyTorch -----------------------------------------------------------------

TORCH_DTYPES = ["u1", "i1", "i2", "i4", "i8", "f2", "f4", "f8", "c8", "c16"]  # no uint16..64 in 1.13


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_views_round_trip_through_torch_by_pointer_identity(torch, dtype):
    for name, a in layouts(dtype):
        if a.size == 0 or min(a.strides, default=0) < 0:
            # PyTorch tensors cannot have negative strides, and PyTorch 1.13
            # aborts the process (a c10::Error thrown through noexcept code)
            # when a DLPack tensor has one; NumPy takes them (tested above).
            continue
        v = zcbridge.view(a, writable=True)
        for t in (torch.from_dlpack(v), torch.utils.dlpack.from_dlpack(v.__dlpack__())):
            assert t.data_ptr() == numpy_address(a) == address(v), name
            assert tuple(t.shape) == a.shape, name
            assert tuple(s * a.itemsize for s in t.stride()) == a.strides, name
            np.testing.assert_array_equal(t.numpy(), a, err_msg=name)
            back = zcbridge.from_dlpack(t)
            assert address(back) == numpy_address(a), name
            np.testing.assert_array_equal(np.asarray(back), a, err_msg=name)


def test_torch_tensors_import_as_views_and_keep_the_tensor_alive(torch):
    t = torch.arange(12, dtype=torch.float32).reshape(3, 4).t()
    v = zcbridge.from_dlpack(t)
    assert address(v) == t.data_ptr() and v.shape == (4, 3) and v.strides == (4, 16)
    del t
    gc.collect()
    assert np.asarray(v)[3, 2] == 11.0
    legacy = zcbridge.from_dlpack(torch.utils.dlpack.to_dlpack(torch.ones(5)))
    assert np.asarray(legacy).tolist() == [1.0] * 5


def test_a_torch_tensor_outlives_the_view_of_a_decoded_image(torch):
    image = zcbridge.png.decode(PNGSUITE / "basn2c08.png")
    expected = np.asarray(image).copy()
    tensor = torch.from_dlpack(image)
    del image
    gc.collect()
    np.testing.assert_array_equal(tensor.numpy(), expected)


def test_torch_types_a_view_cannot_hold_are_refused(torch):
    with pytest.raises(zcbridge.DtypeError):
        zcbridge.from_dlpack(torch.zeros(3, dtype=torch.bfloat16))
    with pytest.raises(zcbridge.DtypeError):  # a refused tensor is freed by its capsule
        zcbridge.from_dlpack(torch.utils.dlpack.to_dlpack(torch.zeros(3, dtype=torch.bfloat16)))
