#!/usr/bin/python3
"""The image_store job written the way a Python user would write it.

    python_store.py IMAGES_DIR DB

Pillow decodes, NumPy computes per-channel statistics, Pillow makes the
8-bit luma (NumPy for 16-bit samples, which Pillow's convert() clips), the
thumbnail is every second pixel of the luma, Pillow encodes both with its
defaults, and sqlite3 stores the file bytes, the statistics and the derived
PNGs -- the same tables and the same work as examples/image_store, on one
core, without any incremental logic (a re-run does everything again).
"""
import glob
import io
import os
import sqlite3
import sys

import numpy as np
from PIL import Image

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  width INTEGER, height INTEGER, mode TEXT, png BLOB NOT NULL, error TEXT);
CREATE TABLE IF NOT EXISTS image_stats (image_id INTEGER NOT NULL, channel INTEGER NOT NULL,
  mean REAL, stddev REAL, min REAL, max REAL, PRIMARY KEY (image_id, channel));
CREATE TABLE IF NOT EXISTS derived (image_id INTEGER NOT NULL, kind TEXT NOT NULL,
  width INTEGER, height INTEGER, png BLOB NOT NULL, PRIMARY KEY (image_id, kind));
"""


def encode_png(array):
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def main():
    folder, db = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    decoded = failed = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.png"))):
        name = os.path.basename(path)
        with open(path, "rb") as f:
            data = f.read()
        try:
            img = Image.open(io.BytesIO(data))
            img.load()
        except Exception as e:  # what a user writes: any failure is a bad image
            con.execute("INSERT OR REPLACE INTO images(name, png, error) VALUES (?, ?, ?)",
                        (name, data, str(e)))
            failed += 1
            continue
        if img.mode == "P":
            img = img.convert("RGBA" if "transparency" in img.info else "RGB")
        elif img.mode == "1":
            img = img.convert("L")
        cur = con.execute(
            "INSERT OR REPLACE INTO images(name, width, height, mode, png) VALUES (?, ?, ?, ?, ?)",
            (name, img.width, img.height, img.mode, data))
        image_id = cur.lastrowid
        a = np.asarray(img)
        if a.ndim == 2:
            a = a[:, :, None]
        flat = a.reshape(-1, a.shape[2])
        means, stds = flat.mean(axis=0), flat.std(axis=0)
        lows, highs = flat.min(axis=0), flat.max(axis=0)
        con.executemany(
            "INSERT OR REPLACE INTO image_stats VALUES (?, ?, ?, ?, ?, ?)",
            [(image_id, c, float(means[c]), float(stds[c]), float(lows[c]), float(highs[c]))
             for c in range(a.shape[2])])
        if a.dtype == np.uint8:
            luma = np.asarray(img.convert("L"))
        else:  # 16-bit gray ('I' / 'I;16'): scale to 8 bits ourselves
            luma = np.clip(np.rint(a[:, :, 0] / 257.0), 0, 255).astype(np.uint8)
        thumb = np.ascontiguousarray(luma[::2, ::2])
        for kind, arr in (("luma", luma), ("thumbnail", thumb)):
            con.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, ?)",
                        (image_id, kind, arr.shape[1], arr.shape[0], encode_png(arr)))
        decoded += 1
    con.commit()
    print(f"python_store: {decoded} decoded, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
