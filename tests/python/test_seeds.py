"""The seeds of the project (Python memoryview examples), redone over memory
that zcbridge's C++ side owns or views."""
import os
import socket
import tempfile
import threading

import numpy as np

import zcbridge
from conftest import PNGSUITE, address, numpy_address


def test_a_slice_of_a_decoded_images_bytes_shares_its_memory():
    image = zcbridge.png.decode(PNGSUITE / "basn2c08.png")  # C++ memory, (32, 32, 3) u1
    whole = memoryview(image).cast("B")
    part = whole[96:192]  # the second row, no copy
    assert address(part) == address(image) + 96
    assert np.shares_memory(np.asarray(part), np.asarray(image))
    np.asarray(image)[1, 0, 0] = 7
    assert part[0] == 7


def test_int16_cast_to_bytes_byte_five_set_to_four_makes_the_middle_value_1024():
    v = zcbridge.zeros(5, "h")
    m = memoryview(v)
    m[:] = memoryview(np.array([-2, -1, 0, 1, 2], np.int16)).cast("B").cast("h")
    b = m.cast("B")
    assert address(b) == address(v) and len(b) == 10
    b[5] = 4
    assert m[2] == (1024 if np.little_endian else 4)
    assert np.asarray(v).tolist()[2] == m[2]


def test_twelve_bytes_cast_to_3x4_element_1_2_is_flat_element_6():
    v = zcbridge.zeros(12)
    flat = memoryview(v)
    grid = flat.cast("B", [3, 4])
    assert grid.shape == (3, 4) and address(grid) == address(v)
    grid[1, 2] = 99
    assert flat[6] == 99
    assert np.asarray(v)[6] == 99


def test_readinto_a_memoryview_of_a_view_at_offset_four():
    v = zcbridge.zeros(12)
    with tempfile.TemporaryFile() as f:
        f.write(b"abcdefgh")
        f.seek(0)
        assert f.readinto(memoryview(v)[4:]) == 8
    assert bytes(v) == b"\0\0\0\0abcdefgh"


def test_sending_a_large_view_through_a_socketpair_in_pieces():
    size = 50 * 1024 * 1024
    source = zcbridge.zeros(size)
    np.asarray(source)[:] = np.arange(size, dtype=np.uint64).astype(np.uint8)
    target = zcbridge.zeros(size)
    a, b = socket.socketpair()
    a.settimeout(30)  # non-blocking underneath: each send() takes what fits now
    received = [0]

    def receive():
        mv = memoryview(target)
        while mv:
            n = b.recv_into(mv)
            assert n > 0
            received[0] += n
            mv = mv[n:]

    reader = threading.Thread(target=receive)
    reader.start()
    mv = memoryview(source)
    pieces = 0
    while mv:
        sent = a.send(mv)
        mv = mv[sent:]  # the rest, without a copy
        pieces += 1
    reader.join()
    a.close()
    b.close()
    assert received[0] == size and pieces > 1
    assert np.array_equal(np.asarray(source), np.asarray(target))


def test_readinto_straight_from_a_file_into_cpp_memory_with_os_readv():
    v = zcbridge.zeros((2, 3), "<i4")
    fd, path = tempfile.mkstemp()
    try:
        os.write(fd, np.arange(6, dtype="<i4").tobytes())
        os.lseek(fd, 0, os.SEEK_SET)
        assert os.readv(fd, [memoryview(v).cast("B")]) == 24
    finally:
        os.close(fd)
        os.unlink(path)
    assert np.asarray(v).tolist() == [[0, 1, 2], [3, 4, 5]]
    assert numpy_address(np.asarray(v)) == address(v)
