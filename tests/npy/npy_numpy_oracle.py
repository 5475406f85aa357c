#!/usr/bin/python3
"""NumPy as the oracle of zc::npy (run by CTest with /usr/bin/python3).

usage: npy_numpy_oracle.py <npy_oracle_tool>

1. np.save -> zc: arrays of every dtype zcbridge describes, both byte
   orders, ranks 0..8, C and Fortran order, and empty arrays, load in zc
   with the same descr, shape, order and bytes (load, load_into C, load_into
   F in the other byte order all agree).
2. zc -> np.load: the same arrays copied by zc into C, F, strided, flipped
   and byte-swapped views and saved by zc::npy::save load equal in np.load,
   with and without mmap_mode='r'; zc's header is byte for byte NumPy's.
3. np.load(mmap_mode='r+') sees writes made through a zc read_write view
   while both are mapped, and zc sees writes made through the memmap.
"""
import itertools
import os
import subprocess
import sys
import tempfile

import numpy as np

TOOL = sys.argv[1]
KINDS = ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"]
SHAPES = [(), (5,), (3, 4), (2, 3, 2), (2, 1, 3, 2), (1, 2, 2, 1, 2), (2, 1, 2, 1, 2, 2),
          (1, 2, 1, 2, 1, 2, 2), (2, 1, 2, 1, 2, 1, 2, 2)]
EMPTY_SHAPES = [(0,), (3, 0), (0, 2, 5)]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what, flush=True)


def tool(*args):
    result = subprocess.run([TOOL, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"npy_oracle_tool {args[0]} failed: {result.stderr.strip()}")
    return result.stdout


def sample(descr, shape, rng):
    dt = np.dtype(descr)
    n = int(np.prod(shape, dtype=np.int64))
    if dt.kind == "b":
        flat = rng.integers(0, 2, n).astype(bool)
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        flat = rng.integers(info.min, info.max, n, dtype=np.int64, endpoint=True) \
            if dt.itemsize < 8 else rng.integers(0, 2**63 - 1, n, dtype=np.int64).view(np.uint64 if dt.kind == "u" else np.int64)
    elif dt.kind == "f":
        flat = rng.standard_normal(n) * 1000
    else:
        flat = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    return np.asarray(flat).astype(dt).reshape(shape)


def descrs():
    for kind in KINDS:
        if np.dtype(kind).itemsize == 1:
            yield "|" + kind
        else:
            yield "<" + kind
            yield ">" + kind


def c_hex(a):
    return a.tobytes(order="C").hex() or "-"


def shape_text(shape):
    return "(" + ", ".join(str(e) for e in shape) + ("," if len(shape) == 1 else "") + ")"


def main():
    rng = np.random.default_rng(20261130)
    work = tempfile.mkdtemp(prefix="zc-npy-oracle-")
    arrays = {}
    for index, (descr, shape, order) in enumerate(itertools.product(descrs(), SHAPES + EMPTY_SHAPES, "CF")):
        a = np.asarray(sample(descr, shape, rng), order=order)
        path = os.path.join(work, f"np{index}.npy")
        np.save(path, a)
        arrays[path] = a

    # 1. np.save -> zc.
    paths = list(arrays)
    lines = tool("dump", *paths).splitlines()
    check(len(lines) == len(paths), f"dump gave {len(lines)} lines for {len(paths)} files")
    for path, line in zip(paths, lines):
        a = arrays[path]
        descr, rest = line.split(" ", 1)
        shape, fortran, data = rest.rsplit(" ", 2)
        header_fortran = a.flags.f_contiguous and not a.flags.c_contiguous
        expected = (a.dtype.str, shape_text(a.shape), str(int(header_fortran)), c_hex(a))
        check((descr, shape, fortran, data) == expected,
              f"np.save {a.dtype.str}{a.shape} order={'F' if header_fortran else 'C'}: zc read "
              f"{(descr, shape, fortran)}, bytes equal: {data == expected[3]}")
    print(f"np.save -> zc: {len(paths)} files checked", flush=True)

    # 2. zc -> np.load.
    written = 0
    for layout in ["c", "f", "strided", "flipped", "swapped"]:
        pairs = []
        for path in paths:
            if arrays[path].flags.c_contiguous:  # every (descr, shape) once per layout
                pairs += [path, path.replace(".npy", f"-{layout}.npy")]
        tool("save", layout, *pairs)
        for source, out in zip(pairs[0::2], pairs[1::2]):
            a = arrays[source]
            for mmap_mode in (None, "r"):
                b = np.load(out, mmap_mode=mmap_mode)
                want = a.astype(a.dtype.newbyteorder("S")) if layout == "swapped" and a.dtype.itemsize > 1 else a
                same = b.dtype == want.dtype and b.shape == want.shape and c_hex(np.asarray(b)) == c_hex(want)
                check(same, f"zc save {layout} {a.dtype.str}{a.shape} -> np.load(mmap_mode={mmap_mode}): "
                            f"{b.dtype.str}{b.shape}")
            with open(out, "rb") as f:
                version = np.lib.format.read_magic(f)
                header = np.lib.format._read_array_header(f, version)
                check(version == (1, 0) and f.tell() % 64 == 0,
                      f"zc save {layout}: version {version}, data at {f.tell()}")
                # Written as it lies: F order only for a view that is F- and not C-contiguous.
                want_fortran = layout == "f" and not np.asfortranarray(a).flags.c_contiguous
                check(header[1] == want_fortran, f"zc save {layout} {a.shape}: fortran_order {header[1]}")
            written += 1
    # zc's header is NumPy's, byte for byte.
    for shape, descr, order in [((3, 4), "<f4", "C"), ((7,), ">i8", "C"), ((), "|b1", "C"), ((2, 5), "<c16", "F")]:
        a = np.asarray(np.zeros(shape, dtype=descr), order=order)
        np_path, zc_path = os.path.join(work, "np-header.npy"), os.path.join(work, "zc-header.npy")
        np.save(np_path, a)
        tool("save", "f" if order == "F" else "c", np_path, zc_path)
        check(open(np_path, "rb").read() == open(zc_path, "rb").read(),
              f"zc's file for {descr}{shape} order {order} differs from np.save's")
    print(f"zc -> np.load: {written} files checked (with and without mmap)", flush=True)

    # 3. r+ both ways, while both mappings are open.
    for descr, shape, order in [("<f8", (3, 4), "C"), (">f8", (3, 4), "F"), ("<i4", (5, 2), "C"), (">i4", (2, 3, 2), "F")]:
        path = os.path.join(work, f"rplus-{descr[1:]}-{order}.npy")
        np.save(path, np.asarray(np.arange(np.prod(shape)).reshape(shape).astype(descr), order=order))
        m = np.load(path, mmap_mode="r+")
        tool("set", path, "5", "42")
        check(m[np.unravel_index(5, shape)] == 42, f"{descr}{shape} {order}: numpy's r+ map does not see zc's write")
        m[np.unravel_index(7, shape)] = -9
        check(tool("get", path, "7").strip() == "-9", f"{descr}{shape} {order}: zc does not see numpy's r+ write")
        del m
        check(np.load(path)[np.unravel_index(5, shape)] == 42, f"{descr}: zc's write is not in the file")
    print("r+ both ways: 4 files checked", flush=True)

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    import shutil
    shutil.rmtree(work)
    print("npy_numpy_oracle: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
