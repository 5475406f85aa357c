"""PNG files into SQLite, decoded straight from SQLite's buffer into NumPy
arrays, processed in place, encoded from flipped views, stored again -- and
a list of the copies that did not happen, each proven by addresses.

    png_sqlite_pipeline.py [images folder] [database file]
"""
import pathlib
import sqlite3
import sys

import numpy as np
import zcbridge

here = pathlib.Path(__file__).resolve().parent
folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "data" / "images"
database = sys.argv[2] if len(sys.argv) > 2 else "png_sqlite_pipeline.sqlite"
address = zcbridge._zcbridge._testing.address          # element [0]'s address, as C++ sees it
source_address = zcbridge._zcbridge._testing.source_address  # where the PNG decoder reads

not_copied = []  # (what, bytes)
with zcbridge.sqlite.connect(database) as db:
    # 1. Files into the store: each file's bytes object is bound as it lies.
    for path in sorted(folder.glob("*.png")):
        db.put(path.name, path.read_bytes())
    for name in [n for n in db.names() if not n.endswith(".flipped.png")]:
        # 2. A readonly View over SQLite's own copy of the value.
        stored = db.get(name)
        info = zcbridge.png.read_info(stored)
        assert source_address(stored) == address(stored)  # decoded in place
        not_copied.append((f"{name}: compressed bytes staged for the decoder", stored.nbytes))

        # 3. Decoded straight into a NumPy array (libpng writes its rows).
        mode = "gray16" if info.bit_depth == 16 and info.color == "gray" else "rgba8"
        shape = (info.height, info.width) if mode == "gray16" else (info.height, info.width, 4)
        pixels = np.empty(shape, np.uint16 if mode == "gray16" else np.uint8)
        before = pixels.__array_interface__["data"][0]
        assert zcbridge.png.decode(stored, out=pixels, mode=mode) is pixels
        assert pixels.__array_interface__["data"][0] == before
        not_copied.append((f"{name}: decoded image staged before NumPy", pixels.nbytes))
        del stored  # ends the read transaction on that row

        # 4. Processed in place, then encoded bottom-up through a negative stride.
        if mode == "rgba8":
            pixels[..., :3] = 255 - pixels[..., :3]
        else:
            pixels //= 2
        flipped = pixels[::-1]
        assert zcbridge.view(flipped).strides[0] == -pixels.strides[0]
        encoded = zcbridge.png.encode(flipped, fast=True)
        not_copied.append((f"{name}: flipped copy of the pixels for the encoder", pixels.nbytes))

        # 5. Stored again; read back straight into a fresh array and checked.
        db.put(name + ".flipped.png", encoded)
        again = zcbridge.png.decode(db.get(name + ".flipped.png"), mode=mode)
        assert np.array_equal(np.asarray(again), flipped)
        print(f"{name:<22} {info.width}x{info.height} {info.color:<9} -> {mode:<6} "
              f"{len(encoded):>7} PNG bytes")

# The same file through Python's own sqlite3 module: an ordinary table.
with sqlite3.connect(database) as con:
    rows = con.execute("SELECT name, dtype, shape, length(data) FROM zc_arrays "
                       "WHERE name LIKE '%.flipped.png' ORDER BY name").fetchall()
con.close()
print("\nPython's sqlite3 sees the stored PNGs:")
for name, dtype, shape, length in rows:
    print(f"  {name:<34} {dtype} {shape:>8} {length:>7} bytes")

total = sum(size for _, size in not_copied)
print(f"\nNot copied ({len(not_copied)} buffers, {total} bytes in all):")
for what, size in not_copied:
    print(f"  {size:>9}  {what}")
print("Copied: SQLite's own (storing and loading each value), and each encoded PNG "
      "into its bytes object.")
