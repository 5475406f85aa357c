"""The README's Python example: a PNG decoded into C++ memory, seen by NumPy
without a copy, processed, encoded from a flipped view, stored in SQLite."""
import pathlib

import numpy as np
import zcbridge

images = pathlib.Path(__file__).resolve().parent.parent / "data" / "images"
image = zcbridge.png.decode(images / "landscape_rgb8.png", mode="rgb8")  # a View of C++ memory
pixels = np.asarray(image)                       # the same memory: no copy
pixels[..., 0] = 255 - pixels[..., 0]            # edited in place
png_bytes = zcbridge.png.encode(pixels[::-1])    # rows read bottom-up: no flipped copy
with zcbridge.sqlite.connect("quick_start.sqlite") as db:
    db.put("landscape", pixels)                  # bound as it lies: no copy by zcbridge
    stored = np.asarray(db.get("landscape"))     # a readonly array over SQLite's buffer
print(image.shape, len(png_bytes), "PNG bytes, stored equal:", np.array_equal(stored, pixels))
