#!/usr/bin/python3
"""Writes the image_store benchmark corpus: a reproducible folder of PNGs.

    make_corpus.py OUT_DIR [--count N] [--large N] [--seed S]

Default: 200 files -- mixed sizes (16 to 2048 px a side), every colour type
(gray, gray+alpha, RGB, RGBA, palette), bit depths 1/2/4/8/16 where PNG
allows them, about one in twelve Adam7-interlaced, three large images
(8000x8000 RGB 8-bit, 7000x6000 RGBA 8-bit, 6000x6000 gray 16-bit) and six
corrupt files (bad CRC, truncated IDAT, a bad IHDR, a text file named
.png).  Content is smooth gradients plus mild noise (photo-like, so that
deflate neither collapses nor fails).  The PNG writer is this file's own
(zlib at level 1 so generation stays quick); same seed, same bytes.
A file 'MANIFEST' lists name, size and kind; an existing OUT_DIR whose
MANIFEST matches the parameters is left as it is (the corpus is cached).
"""
import argparse
import os
import struct
import sys
import zlib

import numpy as np

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]  # (x0, y0, dx, dy)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def raw_rows(samples, bit_depth):
    """samples: (h, w*c) unsigned array -> bytes of each row (without filter byte)."""
    h = samples.shape[0]
    if bit_depth == 16:
        return samples.astype(">u2").reshape(h, -1).view(np.uint8)
    if bit_depth == 8:
        return samples.astype(np.uint8)
    per_byte = 8 // bit_depth
    w = samples.shape[1]
    padded = np.zeros((h, (w + per_byte - 1) // per_byte * per_byte), np.uint8)
    padded[:, :w] = samples
    padded = padded.reshape(h, -1, per_byte)
    out = np.zeros(padded.shape[:2], np.uint8)
    for i in range(per_byte):
        out |= (padded[:, :, i] << (8 - bit_depth * (i + 1))).astype(np.uint8)
    return out


def filtered(rows):
    """Filter type 0 (none) for every row: a zero byte in front."""
    h = rows.shape[0]
    return np.concatenate([np.zeros((h, 1), np.uint8), rows], axis=1).tobytes()


def png_bytes(pixels, color_type, bit_depth, interlace=False, palette=None):
    """pixels: (h, w, c) array of sample values."""
    h, w, c = pixels.shape
    if not interlace:
        data = filtered(raw_rows(pixels.reshape(h, w * c), bit_depth))
    else:
        parts = []
        for x0, y0, dx, dy in ADAM7:
            sub = pixels[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                parts.append(filtered(raw_rows(sub.reshape(sub.shape[0], -1), bit_depth)))
        data = b"".join(parts)
    out = [b"\x89PNG\r\n\x1a\n",
           chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0,
                                      1 if interlace else 0))]
    if palette is not None:
        out.append(chunk(b"PLTE", palette.astype(np.uint8).tobytes()))
    out.append(chunk(b"IDAT", zlib.compress(data, 1)))
    out.append(chunk(b"IEND", b""))
    return b"".join(out)


def content(rng, h, w, c, maximum):
    """Smooth gradients per channel plus mild noise, in 0..maximum."""
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    out = np.empty((h, w, c), np.float32)
    for k in range(c):
        a, b, p = rng.uniform(0.2, 1.0, 3)
        band = (a * x + b * y + 0.25 * np.sin(6.2832 * (p * 3 + 1) * (x + y))) / (a + b + 0.25)
        out[:, :, k] = band
    out *= maximum
    noise = rng.integers(-2, 3, size=(h, w, c), dtype=np.int16) if maximum <= 255 else \
        rng.integers(-300, 301, size=(h, w, c), dtype=np.int32)
    out += noise
    np.clip(out, 0, maximum, out=out)
    return out.astype(np.uint16 if maximum > 255 else np.uint8)


KINDS = [  # (colour type, channels, bit depths)
    (0, 1, (1, 2, 4, 8, 16)), (2, 3, (8, 16)), (3, 1, (1, 2, 4, 8)), (4, 2, (8, 16)),
    (6, 4, (8, 16)),
]
LARGE = [(8000, 8000, 2, 8), (6000, 7000, 6, 8), (6000, 6000, 0, 16)]  # h, w, colour, depth
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def one_image(rng, h, w, color_type, depth, interlace):
    c = CHANNELS[color_type]
    if color_type == 3:
        entries = 1 << depth
        palette = rng.integers(0, 256, size=(entries, 3))
        idx = content(rng, h, w, 1, 255).astype(np.uint16) * entries // 256
        return png_bytes(idx, 3, depth, interlace, palette)
    maximum = (1 << depth) - 1
    if depth < 8:
        pixels = (content(rng, h, w, 1, 255).astype(np.uint16) * (maximum + 1) // 256)
    else:
        pixels = content(rng, h, w, c, maximum)
    return png_bytes(pixels, color_type, depth, interlace)


def corrupt(rng, good, kind):
    data = bytearray(good)
    if kind == "crc":
        data[-20] ^= 0x55  # inside the IDAT data: its CRC no longer matches
        return bytes(data)
    if kind == "truncated":
        return bytes(data[:len(data) * 2 // 3])
    if kind == "ihdr":
        data[16:20] = struct.pack(">I", 0)  # width 0, CRC left as it was
        return bytes(data)
    return b"this is not a PNG file\n" * 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--large", type=int, default=3, help="how many of the large images (0-3)")
    ap.add_argument("--seed", type=int, default=20261130)
    args = ap.parse_args()
    signature = f"count={args.count} large={args.large} seed={args.seed} v1\n"
    manifest = os.path.join(args.out, "MANIFEST")
    if os.path.exists(manifest):
        with open(manifest) as f:
            if f.readline() == signature:
                print(f"corpus in {args.out} is up to date")
                return 0
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name.endswith(".png") or name == "MANIFEST":
            os.remove(os.path.join(args.out, name))
    rng = np.random.default_rng(args.seed)
    lines = [signature]
    corrupt_kinds = ["crc", "truncated", "ihdr", "text", "crc", "truncated"]
    small = args.count - args.large
    for i in range(small):
        color_type, _, depths = KINDS[i % len(KINDS)]
        depth = depths[(i // len(KINDS)) % len(depths)]
        side = int(rng.choice([16, 32, 64, 128, 200, 256, 400, 512, 640, 800, 1024, 1500, 2048],
                              p=[.08, .08, .1, .1, .1, .1, .1, .08, .06, .05, .05, .05, .05]))
        h = max(1, int(side * rng.uniform(0.5, 1.0)))
        interlace = i % 12 == 5
        data = one_image(rng, h, side, color_type, depth, interlace)
        kind = f"type{color_type} {depth}-bit{' interlaced' if interlace else ''}"
        if i % 33 == 7 and corrupt_kinds:
            ck = corrupt_kinds.pop(0)
            data = corrupt(rng, data, ck)
            kind += f" CORRUPT:{ck}"
        name = f"img{i:03d}_{side}x{h}.png"
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        lines.append(f"{name} {len(data)} {kind}\n")
    for j, (h, w, color_type, depth) in enumerate(LARGE[:args.large]):
        data = one_image(rng, h, w, color_type, depth, False)
        name = f"large{j}_{w}x{h}.png"
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        lines.append(f"{name} {len(data)} type{color_type} {depth}-bit large\n")
        print(f"wrote {name} ({len(data) / 1e6:.1f} MB)", flush=True)
    with open(manifest, "w") as f:
        f.writelines(lines)
    print(f"wrote {args.count} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
