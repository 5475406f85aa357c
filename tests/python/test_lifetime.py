"""Lifetime: the C++ owner lives while any Python object uses the memory, and
a Python exporter's buffer is released (with the GIL) when the last view of
it dies, on whatever thread that happens."""
import gc
import os
import subprocess
import sys
import threading
import weakref

import numpy as np
import pytest

import zcbridge
from conftest import PNGSUITE, address, numpy_address

Holder = zcbridge._zcbridge._testing.Holder


def test_deleting_the_view_first_keeps_a_numpy_array_of_cpp_memory_valid():
    image = zcbridge.png.decode(PNGSUITE / "basn2c08.png")
    pixels = np.asarray(image)
    expected = pixels.copy()
    where = address(image)
    del image
    gc.collect()
    _ = zcbridge.zeros(32 * 32 * 3)  # reuse the freed size if it had been freed
    assert numpy_address(pixels) == where
    np.testing.assert_array_equal(pixels, expected)  # ASan build: no use after free


def test_a_memoryview_keeps_the_view_alive():
    view = zcbridge.zeros(16)
    np.asarray(view)[:] = 5
    m = memoryview(view)
    ref = weakref.ref(m)
    del view
    gc.collect()
    assert ref() is not None and bytes(m) == b"\x05" * 16


def test_views_made_from_views_keep_the_first_owner():
    data = np.arange(100, dtype=np.float32)
    view = zcbridge.view(data)
    second = zcbridge.view(np.asarray(view)[10:20])
    del data, view
    gc.collect()
    assert np.asarray(second).tolist() == list(map(float, range(10, 20)))


def test_a_view_of_a_bytearray_blocks_resizing_while_it_lives():
    buffer = bytearray(b"resizable")
    view = zcbridge.view(buffer)
    with pytest.raises(BufferError):
        buffer.append(0)  # as CPython refuses while a memoryview is exported
    del view
    buffer.append(0)  # allowed again once the last view is gone
    view = zcbridge.view(buffer)
    second = zcbridge.view(view)  # shares the same Py_buffer
    del view
    with pytest.raises(BufferError):
        buffer.extend(b"more")
    second.release()
    buffer.extend(b"more")
    assert buffer == b"resizable\x00more"


def test_the_buffer_is_released_when_a_cpp_thread_drops_the_last_view():
    buffer = bytearray(64)
    holder = Holder(zcbridge.view(buffer))  # the holder has the only view left
    gc.collect()
    with pytest.raises(BufferError):
        buffer.append(1)
    holder.release_on_native_thread()  # the owner takes the GIL on that thread
    assert not holder.holding
    buffer.append(1)


def test_views_die_on_python_threads_too():
    buffer = bytearray(1024)
    views = [zcbridge.view(buffer) for _ in range(8)]

    def drop(chunk):
        del chunk[:]
        gc.collect()

    threads = [threading.Thread(target=drop, args=(views[i::2],)) for i in range(2)]
    del views
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    buffer.append(1)


def test_a_numpy_array_over_a_view_of_bytes_keeps_the_bytes_alive():
    array = np.asarray(zcbridge.view(bytes(range(10))))
    gc.collect()
    assert array.tolist() == list(range(10))


def test_views_alive_at_interpreter_exit_do_not_crash_it():
    script = """
import threading, time, numpy as np, zcbridge
kept = [zcbridge.view(bytearray(64)), zcbridge.from_dlpack(np.arange(10.0)),
        zcbridge.png.decode(open(%r, "rb").read())]
holder = zcbridge._zcbridge._testing.Holder(zcbridge.view(bytearray(8)))
def busy():  # a daemon thread still using a view while the interpreter ends
    v = zcbridge.view(bytearray(16))
    while True:
        bytes(v)
        time.sleep(0.001)
threading.Thread(target=busy, daemon=True).start()
time.sleep(0.05)
print("exiting")
""" % str(PNGSUITE / "basn2c08.png")
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=120, env=os.environ)
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.strip() == "exiting"
