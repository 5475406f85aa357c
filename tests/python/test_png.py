"""zcbridge.png against Pillow (an independent codec): every PngSuite file
Pillow reads decodes to the same samples, and every encoded image reads
back in Pillow; decoding into a caller's array writes straight into it."""
import io
import os
import pathlib
import struct
import subprocess
import sys
import textwrap
import threading
import zlib

import numpy as np
import pytest
from PIL import Image

import zcbridge
from conftest import CRASHERS, PNGSUITE, address, numpy_address, pngsuite_files

SOURCE_ADDRESS = zcbridge._zcbridge._testing.source_address


def pillow_reference(path):
    """(expected samples, zcbridge mode) for a file Pillow reads, else None."""
    try:
        with Image.open(path) as im:
            im.load()
            mode = im.mode
            pixels = np.asarray(im)
    except Exception:  # noqa: BLE001 (Pillow's refusals are many types)
        return None
    if mode == "1":  # 1-bit gray: Pillow's booleans are the stored 0/1 values
        return pixels.astype(np.uint8), "raw"
    if mode == "L":  # 1/2/4-bit gray scaled to 8 bits by bit replication, as libpng does
        return pixels, "gray8"
    if mode == "LA":
        return pixels, "gray_alpha8"
    if mode in ("I", "I;16", "I;16B"):  # 16-bit gray
        return pixels.astype(np.uint16), "gray16"
    if mode == "RGB":  # 16-bit samples keep their high byte in Pillow
        return pixels, "rgb8"
    if mode == "RGBA":
        return pixels, "rgba8"
    if mode == "P":  # palette indices
        return pixels, "raw"
    raise AssertionError(f"{path.name}: Pillow mode {mode} has no zcbridge counterpart here")


SUITE = pngsuite_files()


@pytest.mark.parametrize("path", SUITE, ids=[p.name for p in SUITE])
def test_decode_equals_pillow_for_every_pngsuite_file_pillow_reads(path):
    reference = pillow_reference(path)
    if reference is None:
        pytest.skip("Pillow does not read it (corrupt or unsupported): see the refusal test")
    expected, mode = reference
    if path.name.startswith("x"):
        # PngSuite's deliberately broken files: Pillow ignores this one's bad
        # checksum, libpng does not; zcbridge must refuse it, not crash.
        with pytest.raises(zcbridge.Error):
            zcbridge.png.decode(path, mode=mode)
        return
    decoded = zcbridge.png.decode(path, mode=mode)
    got = np.asarray(decoded)
    if got.ndim == 3 and expected.ndim == 2:
        assert got.shape[2] == 1
        got = got[:, :, 0]
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    # And from the file's bytes in memory: the same samples.
    np.testing.assert_array_equal(
        np.asarray(zcbridge.png.decode(path.read_bytes(), mode=mode)).reshape(got.shape), got)


@pytest.mark.parametrize("path", [p for p in SUITE if "3p" in p.name and not p.name.startswith("x")],
                         ids=lambda p: p.name)
def test_palette_files_as_rgba8_equal_pillows_rgba_conversion(path):
    with Image.open(path) as im:
        expected = np.asarray(im.convert("RGBA"))
    np.testing.assert_array_equal(np.asarray(zcbridge.png.decode(path, mode="rgba8")), expected)


@pytest.mark.parametrize("path", [p for p in SUITE if not p.name.startswith("x")],
                         ids=lambda p: p.name)
def test_every_mode_decodes_every_file_to_its_shape_and_dtype(path):
    info = zcbridge.png.read_info(path)
    deep = info.bit_depth == 16
    stored_channels = {"gray": 1, "gray_alpha": 2, "rgb": 3, "rgb_alpha": 4}.get(info.color, 3)
    if info.has_trns and info.color in ("gray", "rgb", "palette"):
        stored_channels += 1  # as_stored turns tRNS into alpha
    expected = {
        "as_stored": (stored_channels, np.uint16 if deep else np.uint8),
        "gray8": (1, np.uint8), "gray16": (1, np.uint16),
        "gray_alpha8": (2, np.uint8), "gray_alpha16": (2, np.uint16),
        "rgb8": (3, np.uint8), "rgb16": (3, np.uint16),
        "rgba8": (4, np.uint8), "rgba16": (4, np.uint16),
    }
    for mode, (channels, dtype) in expected.items():
        got = np.asarray(zcbridge.png.decode(path, mode=mode))
        shape = (info.height, info.width) + ((channels,) if channels > 1 else ())
        assert got.shape == shape and got.dtype == dtype, mode
    eight = np.asarray(zcbridge.png.decode(path, mode="rgba8")).astype(np.uint16)
    sixteen = np.asarray(zcbridge.png.decode(path, mode="rgba16"))
    np.testing.assert_array_equal(sixteen >> 8, eight)  # the high byte, in both modes


def test_pngsuite_files_pillow_refuses_are_refused_by_zcbridge_too():
    refused = [p for p in SUITE if pillow_reference(p) is None]
    assert refused, "expected some of PngSuite's corrupt x* files"
    for path in refused:
        with pytest.raises(zcbridge.Error):
            zcbridge.png.decode(path)


def test_read_info_matches_the_header():
    info = zcbridge.png.read_info(PNGSUITE / "basi3p04.png")
    assert (info.width, info.height, info.bit_depth, info.color) == (32, 32, 4, "palette")
    assert info.interlaced and info.channels == 1 and info.palette_size > 0
    info = zcbridge.png.read_info((PNGSUITE / "basn6a16.png").read_bytes())
    assert (info.color, info.bit_depth, info.channels, info.interlaced) == ("rgb_alpha", 16, 4, False)
    assert "32x32" in repr(info)
    assert zcbridge.png.read_info(PNGSUITE / "g10n0g16.png").gamma == pytest.approx(1.0)
    assert zcbridge.png.read_info(PNGSUITE / "f00n0g08.png").gamma is None  # no gAMA chunk


def test_bytes_like_sources_are_read_in_place():
    data = (PNGSUITE / "basn2c08.png").read_bytes()
    assert SOURCE_ADDRESS(data) == address(data)
    as_array = np.frombuffer(data, np.uint8)
    assert SOURCE_ADDRESS(as_array) == numpy_address(as_array)
    window = memoryview(bytearray(b"junk" + data))[4:]
    assert SOURCE_ADDRESS(window) == address(window)
    assert SOURCE_ADDRESS(str(PNGSUITE / "basn2c08.png")) is None  # a path: read from the file
    expected = np.asarray(zcbridge.png.decode(data))
    for src in (as_array, window, bytearray(data), PNGSUITE / "basn2c08.png"):
        np.testing.assert_array_equal(np.asarray(zcbridge.png.decode(src)), expected)


def test_decode_returns_a_view_of_new_cpp_memory():
    image = zcbridge.png.decode(PNGSUITE / "basn6a16.png")
    assert isinstance(image, zcbridge.View)
    assert image.shape == (32, 32, 4) and image.format == "H" and not image.readonly
    assert np.asarray(image).dtype == np.uint16
    gray = zcbridge.png.decode(PNGSUITE / "basn0g08.png")
    assert gray.shape == (32, 32) and gray.format == "B"


def layouts_of(shape, dtype):
    """Writable destinations of `shape` in several layouts."""
    h, w = shape[:2]
    rest = shape[2:]
    yield "C", np.zeros(shape, dtype)
    yield "flipped", np.zeros(shape, dtype)[::-1]
    yield "padded slice", np.zeros((h + 4, 2 * w) + rest, dtype)[2:2 + h, ::2]
    yield "Fortran", np.zeros(shape, dtype, order="F")
    yield "mirrored", np.zeros(shape, dtype)[:, ::-1]


@pytest.mark.parametrize("name, mode, dtype", [
    ("basn2c08.png", "rgb8", np.uint8),
    ("basi6a08.png", "rgba8", np.uint8),
    ("basn0g16.png", "gray16", np.uint16),
    ("basi3p02.png", "raw", np.uint8),
    ("basi3p02.png", "as_stored", np.uint8),
])
def test_decode_into_out_writes_straight_into_it_in_any_layout(name, mode, dtype):
    expected = np.asarray(zcbridge.png.decode(PNGSUITE / name, mode=mode))
    for label, out in layouts_of(expected.shape, dtype):
        before = numpy_address(out)
        result = zcbridge.png.decode(PNGSUITE / name, out=out, mode=mode)
        assert result is out, label
        assert numpy_address(out) == before, label
        np.testing.assert_array_equal(out, expected, err_msg=label)


DECODE_PATH = zcbridge._zcbridge._testing.decode_path
ENCODE_PATH = zcbridge._zcbridge._testing.encode_path


def test_rows_go_straight_between_libpng_and_the_callers_memory():
    """'direct_rows': libpng reads or writes the caller's rows in place (no
    pixel buffer); only layouts whose rows are not contiguous (Fortran order)
    go through one row buffer."""
    path = PNGSUITE / "basn2c08.png"
    expected = {"C": "direct_rows", "flipped": "direct_rows", "padded slice": "row_buffer",
                "Fortran": "row_buffer", "mirrored": "row_buffer"}
    for label, out in layouts_of((32, 32, 3), np.uint8):
        assert DECODE_PATH(path, out, "rgb8") == expected[label], label
    rows = np.zeros((40, 64, 3), np.uint8)[4:36, 16:48]  # a crop: padded rows, contiguous pixels
    assert DECODE_PATH(path, rows, "rgb8") == "direct_rows"
    pixels = np.asarray(zcbridge.png.decode(path, mode="rgb8"))
    for label, source in [("C", pixels), ("flipped", pixels[::-1]), ("crop", pixels[4:20, 8:30]),
                          ("flipped crop", pixels[20:4:-1, 8:30])]:
        assert ENCODE_PATH(source) == "direct_rows", label
    assert ENCODE_PATH(np.asfortranarray(pixels)) == "row_buffer"


def test_decode_into_a_view_of_cpp_memory():
    out = zcbridge.zeros((32, 32, 3))
    assert zcbridge.png.decode(PNGSUITE / "basn2c08.png", out=out, mode="rgb8") is out
    np.testing.assert_array_equal(np.asarray(out),
                                  np.asarray(Image.open(PNGSUITE / "basn2c08.png")))


ENCODE_CASES = [
    ("basn0g08.png", "gray8", "L"),
    ("basn4a08.png", "gray_alpha8", "LA"),
    ("basn2c08.png", "rgb8", "RGB"),
    ("basn6a08.png", "rgba8", "RGBA"),
    ("basn0g16.png", "gray16", None),
]


@pytest.mark.parametrize("name, mode, pillow_mode", ENCODE_CASES)
def test_encode_reads_back_in_pillow(name, mode, pillow_mode, tmp_path):
    pixels = np.asarray(zcbridge.png.decode(PNGSUITE / name, mode=mode))
    for label, source in [("C", pixels), ("flipped", pixels[::-1]),
                          ("crop", pixels[4:20, 8:30]), ("mirrored", pixels[:, ::-1])]:
        for fast in (False, True):
            encoded = zcbridge.png.encode(source, fast=fast)
            assert isinstance(encoded, bytes) and encoded.startswith(b"\x89PNG\r\n\x1a\n")
            with Image.open(io.BytesIO(encoded)) as im:
                if pillow_mode:
                    assert im.mode == pillow_mode
                back = np.asarray(im)
            np.testing.assert_array_equal(back.astype(source.dtype), source, err_msg=label)
    target = tmp_path / "out.png"
    assert zcbridge.png.encode(pixels, target) is None  # os.PathLike
    zcbridge.png.encode(pixels, str(tmp_path / "out2.png"))
    with Image.open(target) as im:
        np.testing.assert_array_equal(np.asarray(im).astype(pixels.dtype), pixels)
    assert target.read_bytes() == (tmp_path / "out2.png").read_bytes()


def test_encode_16_bit_rgb_round_trips_through_zcbridge():
    pixels = (np.arange(20 * 10 * 3, dtype=np.uint16) * 97).reshape(20, 10, 3)
    encoded = zcbridge.png.encode(pixels[::-1])
    np.testing.assert_array_equal(np.asarray(zcbridge.png.decode(encoded)), pixels[::-1])
    with Image.open(io.BytesIO(encoded)) as im:  # Pillow keeps the high byte
        np.testing.assert_array_equal(np.asarray(im), (pixels[::-1] >> 8).astype(np.uint8))
    big_endian = pixels.astype(">u2")
    np.testing.assert_array_equal(np.asarray(zcbridge.png.decode(zcbridge.png.encode(big_endian))),
                                  pixels)


def chunk(kind, payload):
    return (struct.pack(">I", len(payload)) + kind + payload +
            struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def png_with_header(width, height, depth=8, color=2):
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def test_bad_png_input_raises_never_crashes():
    good = (PNGSUITE / "basn2c08.png").read_bytes()
    for bad in (b"", b"not a png at all", good[:8], good[:60], good[:-20],
                good[:40] + b"\xff" * 40 + good[80:]):
        with pytest.raises(zcbridge.Error):
            zcbridge.png.decode(bad)
    with pytest.raises(zcbridge.LimitError):  # a huge declared size, refused before allocating
        zcbridge.png.decode(png_with_header(1_000_000, 1_000_000))
    with pytest.raises(zcbridge.Error):
        zcbridge.png.decode(png_with_header(2**31 - 1, 1))
    with pytest.raises(zcbridge.Error):
        zcbridge.png.read_info(b"\x89PNG")


def test_libpng_crash_samples_raise_or_decode():
    samples = sorted(CRASHERS.glob("*.png"))
    assert samples, f"no crash samples in {CRASHERS}"
    for path in samples:
        try:
            zcbridge.png.decode(path.read_bytes(), mode="rgba8")
        except zcbridge.Error:
            pass


def test_bad_out_and_arguments_are_refused():
    path = PNGSUITE / "basn2c08.png"
    with pytest.raises(zcbridge.ReadonlyError):
        zcbridge.png.decode(path, out=bytes(32 * 32 * 3), mode="rgb8")
    with pytest.raises(zcbridge.ReadonlyError):
        zcbridge.png.decode(path, out=zcbridge.view(np.zeros((32, 32, 3), np.uint8)), mode="rgb8")
    with pytest.raises(zcbridge.DtypeError):
        zcbridge.png.decode(path, out=np.zeros((32, 32, 3), np.float32), mode="rgb8")
    with pytest.raises(zcbridge.ShapeError):
        zcbridge.png.decode(path, out=np.zeros((32, 31, 3), np.uint8), mode="rgb8")
    with pytest.raises(zcbridge.ShapeError):  # rgb8 writes 3 channels
        zcbridge.png.decode(path, out=np.zeros((32, 32, 4), np.uint8), mode="rgb8")
    with pytest.raises(zcbridge.ArgumentError) as caught:
        zcbridge.png.decode(path, mode="cmyk")
    assert "rgba8" in str(caught.value)
    with pytest.raises(zcbridge.ShapeError):  # gray8 writes one channel
        zcbridge.png.decode(path, out=np.zeros((32, 32, 3), np.uint8), mode="gray8")
    with pytest.raises(zcbridge.DtypeError):  # gray16 writes 16-bit samples
        zcbridge.png.decode(path, out=np.zeros((32, 32), np.uint8), mode="gray16")
    with pytest.raises(TypeError):
        zcbridge.png.decode(12345)
    with pytest.raises(zcbridge.DtypeError):
        zcbridge.png.encode(np.zeros((4, 4), np.float32))
    with pytest.raises(zcbridge.ShapeError):
        zcbridge.png.encode(np.zeros(16, np.uint8))
    with pytest.raises(zcbridge.Error):
        zcbridge.png.encode(np.zeros((4, 4, 5), np.uint8))
    with pytest.raises(TypeError):
        zcbridge.png.encode(np.zeros((4, 4), np.uint8), dst=12)
    with pytest.raises(OSError):
        zcbridge.png.encode(np.zeros((4, 4), np.uint8), "/nonexistent/dir/x.png")


def run_isolated(script, timeout=60):
    """Runs `script` in a child python3 (a deadlock there fails the test
    through the timeout instead of hanging the suite)."""
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_gil_is_released_while_decoding_and_encoding(tmp_path):
    # The decoder reads from a FIFO that only this process's main thread
    # feeds, a few bytes at a time: if decode() held the GIL while blocked in
    # read(), the main thread could not run and both would wait forever.
    out = run_isolated(f"""
        import os, threading, numpy as np, zcbridge
        fifo = {str(tmp_path / "pipe")!r}
        os.mkfifo(fifo)
        data = open({str(PNGSUITE / "basn2c08.png")!r}, "rb").read()
        result = {{}}
        reader = threading.Thread(target=lambda: result.update(image=zcbridge.png.decode(fifo)))
        reader.start()
        with open(fifo, "wb", buffering=0) as f:
            for i in range(0, len(data), 7):
                f.write(data[i:i + 7])
        reader.join()
        assert np.array_equal(np.asarray(result["image"]), np.asarray(zcbridge.png.decode(data)))
        # The encoder writes into a FIFO that the main thread drains.
        os.unlink(fifo); os.mkfifo(fifo)
        pixels = np.asarray(result["image"])
        writer = threading.Thread(target=lambda: zcbridge.png.encode(pixels, fifo))
        writer.start()
        with open(fifo, "rb", buffering=0) as f:
            chunks = []
            while True:
                piece = f.read(5)
                if not piece:
                    break
                chunks.append(piece)
        writer.join()
        assert np.array_equal(np.asarray(zcbridge.png.decode(b"".join(chunks))), pixels)
        print("ok")
    """)
    assert out.strip() == "ok"


def test_threads_decode_in_parallel_correctly():
    files = [p for p in SUITE if p.name.startswith("bas")]
    expected = {p: np.asarray(zcbridge.png.decode(p, mode="rgba8")).copy() for p in files}
    failures = []

    def work():
        for _ in range(3):
            for p in files:
                if not np.array_equal(np.asarray(zcbridge.png.decode(p, mode="rgba8")), expected[p]):
                    failures.append(p.name)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
