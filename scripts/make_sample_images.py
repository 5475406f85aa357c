#!/usr/bin/env python3
"""Writes the sample PNGs the main demo ships with (examples/data/images/).

Deterministic (fixed seed) and dependency-free: PNG chunks are assembled with
zlib and struct, so the samples do not depend on the library they exercise.
Content is "natural-ish": gradients, soft discs and mild noise, in the colour
types a pipeline meets (RGB, RGBA, gray 8/16, palette, interlaced).
"""
import math
import random
import struct
import sys
import zlib
from pathlib import Path


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width, height, bit_depth, color_type, rows, palette=None, interlace=False):
    """rows: list of bytes objects, one per row, already packed."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    bpp = max(1, channels * bit_depth // 8)
    if interlace:
        raw = bytearray()
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            xs = range(x0, width, dx)
            if not xs:
                continue
            for y in range(y0, height, dy):
                row = rows[y]
                raw.append(0)
                for x in xs:
                    raw += row[x * bpp:(x + 1) * bpp]
    else:
        raw = b"".join(b"\x00" + r for r in rows)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette is not None:
        out += chunk(b"PLTE", bytes(c for rgb in palette for c in rgb))
    out += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    return out


def field(x, y, w, h, phase):
    """A smooth value in [0, 1]: gradient plus two soft discs."""
    g = 0.5 * x / w + 0.3 * y / h
    for cx, cy, r in ((0.3 + 0.1 * phase, 0.4, 0.22), (0.7, 0.6 - 0.1 * phase, 0.18)):
        d = math.hypot(x / w - cx, y / h - cy)
        g += 0.35 * max(0.0, 1 - d / r)
    return min(1.0, max(0.0, g))


def make(rng, w, h, channels, depth, phase):
    top = (1 << depth) - 1
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            for c in range(channels):
                v = field(x, y, w, h, phase + 0.3 * c) + rng.gauss(0, 0.02)
                v = int(round(min(1.0, max(0.0, v)) * top))
                row += struct.pack(">H", v) if depth == 16 else bytes([v])
        rows.append(bytes(row))
    return rows


def main(out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261121)
    samples = [
        ("landscape_rgb8.png", 320, 240, 3, 8, 2, False),
        ("portrait_rgba8.png", 192, 256, 4, 8, 6, False),
        ("scan_gray8.png", 256, 256, 1, 8, 0, False),
        ("depth_gray16.png", 200, 160, 1, 16, 0, False),
        ("interlaced_rgb8.png", 160, 120, 3, 8, 2, True),
    ]
    for i, (name, w, h, ch, depth, ct, inter) in enumerate(samples):
        rows = make(rng, w, h, ch, depth, i * 0.5)
        (out_dir / name).write_bytes(png_bytes(w, h, depth, ct, rows, interlace=inter))
    # A palette image: 16 colours along a gradient.
    w, h = 160, 120
    palette = [(16 * i, 255 - 12 * i, 96 + 8 * i) for i in range(16)]
    rows = [bytes(min(15, int(field(x, y, w, h, 0.2) * 16)) for x in range(w)) for y in range(h)]
    (out_dir / "palette_8bit.png").write_bytes(png_bytes(w, h, 8, 3, rows, palette=palette))
    print(f"wrote {len(samples) + 1} images to {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "data" / "images")
