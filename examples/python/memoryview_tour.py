"""The seeds' memoryview tour, redone over memory that zcbridge's C++ side
owns: every step shares memory, and the addresses printed prove it."""
import pathlib
import socket
import tempfile
import threading

import numpy as np
import zcbridge

address = zcbridge._zcbridge._testing.address  # element [0]'s address, as C++ sees it
images = pathlib.Path(__file__).resolve().parent.parent / "data" / "images"


def show(label, obj, base):
    offset = address(obj) - address(base)
    print(f"  {label:<34} at base + {offset:>6}  {getattr(obj, 'format', '')!s:>4} "
          f"{getattr(obj, 'shape', '')}")
    return offset


print("1. a slice of a decoded image's bytes shares its memory")
image = zcbridge.png.decode(images / "scan_gray8.png")  # C++ memory
row_bytes = image.strides[0]
second_row = memoryview(image).cast("B")[row_bytes:2 * row_bytes]
assert show("memoryview(image).cast('B')[row]", second_row, image) == row_bytes
np.asarray(image)[1, 0] = 42
assert second_row[0] == 42

print("2. cast('B') of int16 values, byte 5 set to 4: the middle value becomes 1024")
values = zcbridge.zeros(5, "h")
np.asarray(values)[:] = [-2, -1, 0, 1, 2]
as_bytes = memoryview(values).cast("B")
show("memoryview(values).cast('B')", as_bytes, values)
as_bytes[5] = 4
print("  values:", memoryview(values).tolist())
assert memoryview(values)[2] == (1024 if np.little_endian else 4)

print("3. 12 bytes cast to shape [3, 4]; [1, 2] = 99 changes flat element 6")
flat = zcbridge.zeros(12)
grid = memoryview(flat).cast("B", [3, 4])
show("cast('B', [3, 4])", grid, flat)
grid[1, 2] = 99
assert memoryview(flat)[6] == 99

print("4. readinto straight into C++ memory, at offset 4")
buffer = zcbridge.zeros(12)
with tempfile.TemporaryFile() as f:
    f.write(b"abcdefgh")
    f.seek(0)
    n = f.readinto(memoryview(buffer)[4:])
print(f"  read {n} bytes:", bytes(buffer))
assert bytes(buffer) == b"\0\0\0\0abcdefgh"

print("5. a 64 MB View sent through a socket pair in pieces, mv = mv[sent:]")
big = zcbridge.zeros(64 * 1024 * 1024)
received = zcbridge.zeros(big.nbytes)
a, b = socket.socketpair()
a.settimeout(30)


def receive():
    mv = memoryview(received)
    while mv:
        mv = mv[b.recv_into(mv):]


reader = threading.Thread(target=receive)
reader.start()
mv, pieces = memoryview(big), 0
while mv:
    mv = mv[a.send(mv):]  # the rest of the same memory: no copy
    pieces += 1
reader.join()
print(f"  {big.nbytes} bytes in {pieces} send() calls, none copied by Python")

print("6. NumPy and zcbridge views of the same C++ memory; release() ends a View")
array = np.asarray(image)
assert array.__array_interface__["data"][0] == address(image)
view = zcbridge.view(array[::-1, ::2])  # a negative and a doubled stride, no copy
show("zcbridge.view(array[::-1, ::2])", view, image)
view.release()
print("  released:", view.released, "- the image is still alive in `array`:", array.shape)
