"""zcbridge.sqlite: the array store and incremental blob I/O, zero copy
proven by addresses, on a file Python's sqlite3 module opens too."""
import io
import sqlite3
import threading
import time

import numpy as np
import pytest

import zcbridge
from conftest import address, numpy_address

DTYPES = ["u1", "i1", "u2", "i2", "u4", "i4", "u8", "i8", "f2", "f4", "f8", "c8", "c16", "?",
          ">u2", ">i4", ">f8", ">c16"]


def layouts(dtype):
    base = (np.arange(5 * 8) % 13).astype(dtype).reshape(5, 8)
    yield "C", base
    yield "F", np.asfortranarray(base)
    yield "strided", base[::2, 1::3]
    yield "negative", base[::-1, ::-1]
    yield "rank 0", base[1:2, 2:3].reshape(())
    yield "rank 3", base.reshape(5, 2, 4).transpose(2, 0, 1)
    yield "empty", base[:, :0]


@pytest.fixture
def db(tmp_path):
    with zcbridge.sqlite.connect(tmp_path / "store.sqlite") as connection:
        yield connection


@pytest.mark.parametrize("dtype", DTYPES)
def test_arrays_round_trip_through_the_store_in_every_layout(db, dtype):
    for name, a in layouts(dtype):
        db.put(name, a)
        v = db.get(name)
        assert v.readonly and v.shape == a.shape and v.dtype == a.dtype.str, name
        got = np.asarray(v)
        if a.size:
            assert numpy_address(got) == address(v)  # NumPy reads SQLite's buffer itself
        np.testing.assert_array_equal(got, a, err_msg=name)
        for label, out in (("C", np.zeros(a.shape, a.dtype)),
                           ("F", np.zeros(a.shape, a.dtype, order="F")),
                           ("flipped", np.zeros(a.shape, a.dtype)[::-1] if a.ndim else
                            np.zeros(a.shape, a.dtype))):
            before = numpy_address(out)
            assert db.get_into(name, out) is out, label
            assert numpy_address(out) == before
            np.testing.assert_array_equal(out, a, err_msg=f"{name} into {label}")
    assert db.names() == sorted(name for name, _ in layouts(dtype))


def test_a_view_from_get_outlives_its_connection(tmp_path):
    connection = zcbridge.sqlite.connect(tmp_path / "s.sqlite")
    connection.put("x", np.arange(6.0))
    view = connection.get("x")
    array = np.asarray(view)
    connection.close()
    del view
    assert array.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_pythons_sqlite3_reads_and_writes_the_same_file(tmp_path):
    path = tmp_path / "shared.sqlite"
    a = np.arange(12, dtype="<i4").reshape(3, 4)
    with zcbridge.sqlite.connect(path) as db:
        db.put("grid", a[:, ::-1])
    with sqlite3.connect(path) as con:
        row = con.execute("SELECT dtype, shape, byte_order, data FROM zc_arrays "
                          "WHERE name = 'grid'").fetchone()
        assert row[:3] == ("<i4", "[3,4]", "little")
        assert row[3] == a[:, ::-1].tobytes()
        con.execute("INSERT INTO zc_arrays VALUES ('ones', '|u1', '[2,2]', 'none', X'01010101')")
        con.execute("INSERT INTO zc_arrays VALUES ('short', '<f8', '[4]', 'little', X'00')")
        con.execute("CREATE TABLE images (id INTEGER PRIMARY KEY, pixels BLOB)")
        con.execute("INSERT INTO images VALUES (7, zeroblob(24))")
    con.close()
    with zcbridge.sqlite.connect(path) as db:
        assert np.asarray(db.get("ones")).tolist() == [[1, 1], [1, 1]]
        assert "grid" in db and "missing" not in db
        with pytest.raises(zcbridge.ShapeError):  # the row breaks the convention
            db.get("short")
        pixels = np.arange(12, dtype=np.uint16).reshape(3, 4)
        assert db.write_from("images", "pixels", 7, pixels.T) == 24  # any layout
        out = np.zeros((4, 3), np.uint16)
        assert db.read_into("images", "pixels", 7, out) == 24
        np.testing.assert_array_equal(out, pixels.T)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT pixels FROM images").fetchone()[0] == pixels.T.tobytes()
    con.close()


def test_blobs_are_binary_files_reading_straight_into_buffers(db, tmp_path):
    payload = np.arange(1000, dtype=np.uint8)
    db.put("bytes", payload)
    rowid = sqlite3.connect(db.path).execute(
        "SELECT rowid FROM zc_arrays WHERE name = 'bytes'").fetchone()[0]
    with db.open_blob("zc_arrays", "data", rowid) as blob:
        assert isinstance(blob, io.RawIOBase) and len(blob) == 1000
        target = zcbridge.zeros(1000)
        window = memoryview(target)[100:400]
        assert blob.readinto(window) == 300  # straight into C++ memory at an offset
        assert bytes(window) == payload[:300].tobytes()
        assert blob.tell() == 300
        assert blob.read(5) == payload[300:305].tobytes()
        blob.seek(-10, io.SEEK_END)
        assert blob.read() == payload[-10:].tobytes()
        assert blob.readinto(bytearray(4)) == 0  # end of the blob
        with pytest.raises(io.UnsupportedOperation):
            blob.write(b"x")
    with pytest.raises(ValueError):
        blob.read(1)
    buffered = io.BufferedReader(db.open_blob("zc_arrays", "data", rowid))  # closes the blob
    assert buffered.read(3) == b"\x00\x01\x02"
    buffered.close()
    with db.open_blob("zc_arrays", "data", rowid, writable=True) as blob:
        blob.seek(990)
        assert blob.write(np.full(10, 7, np.uint8)) == 10
        with pytest.raises(zcbridge.LimitError):  # a blob never grows
            blob.write(b"past the end")
    assert np.asarray(db.get("bytes"))[990:].tolist() == [7] * 10


def test_bad_inputs_raise(db, tmp_path):
    db.put("a", np.zeros((2, 3), np.float32))
    with pytest.raises(zcbridge.OutOfRangeError) as caught:
        db.get("missing")
    assert isinstance(caught.value, LookupError) and "missing" in str(caught.value)
    with pytest.raises(zcbridge.DtypeError):
        db.get_into("a", np.zeros((2, 3), np.float64))
    with pytest.raises(zcbridge.ShapeError):
        db.get_into("a", np.zeros((3, 2), np.float32))
    with pytest.raises(zcbridge.ReadonlyError):
        db.get_into("a", zcbridge.view(np.zeros((2, 3), np.float32)))
    with pytest.raises(zcbridge.FormatError):
        db.put("s", np.zeros(2, dtype=[("x", "i4")]))
    with pytest.raises(TypeError):
        db.put(5, b"name must be a str")
    with pytest.raises(zcbridge.Error):
        db.read_into("no_such_table", "data", 1, bytearray(4))
    with pytest.raises(zcbridge.Error):
        db.read_into("zc_arrays", "data", 999, bytearray(4))
    with pytest.raises(zcbridge.Error) as caught:
        zcbridge.sqlite.connect(tmp_path)  # a directory
    assert caught.value.code == "backend" and caught.value.sqlite_code > 0
    with pytest.raises(zcbridge.Error):
        zcbridge.sqlite.connect(tmp_path / "missing.sqlite", readonly=True)
    for timeout in (-1.0, float("nan")):
        with pytest.raises(zcbridge.ArgumentError):
            zcbridge.sqlite.connect(tmp_path / "t.sqlite", timeout=timeout)
    with zcbridge.sqlite.connect(db.path, readonly=True) as ro:
        assert ro.names() == ["a"]
        with pytest.raises(zcbridge.BackendError):
            ro.put("b", b"refused: read-only connection")


def test_a_closed_connection_refuses_every_call(tmp_path):
    db = zcbridge.sqlite.connect(tmp_path / "c.sqlite")
    db.put("x", b"abc")
    blob = db.open_blob("zc_arrays", "data", 1)
    db.close()
    assert db.closed
    for call in (lambda: db.put("y", b""), lambda: db.get("x"), lambda: db.names(),
                 lambda: db.get_into("x", bytearray(3)), lambda: db.remove("x"),
                 lambda: db.read_into("zc_arrays", "data", 1, bytearray(3)),
                 lambda: db.open_blob("zc_arrays", "data", 1), lambda: blob.read(1)):
        with pytest.raises(zcbridge.ExpiredError):
            call()
    blob.close()


def test_the_gil_is_released_while_sqlite_waits_for_a_lock(tmp_path):
    path = tmp_path / "locked.sqlite"
    with zcbridge.sqlite.connect(path) as db:
        db.put("x", np.zeros(4))
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    db = zcbridge.sqlite.connect(path, timeout=20)
    started = threading.Event()
    outcome = {}

    def write():
        started.set()
        try:
            db.put("y", np.ones(4))  # waits in SQLite's busy handler for the lock
            outcome["ok"] = time.monotonic()
        except zcbridge.Error as e:
            outcome["error"] = e

    worker = threading.Thread(target=write)
    worker.start()
    started.wait()
    time.sleep(0.5)
    # Runs only if put() let go of the GIL while waiting; had it held it, this
    # thread would stand still until put() gave up with "database is locked".
    locker.execute("COMMIT")
    released_at = time.monotonic()
    worker.join()
    locker.close()
    assert "error" not in outcome, outcome
    assert outcome["ok"] >= released_at - 0.1
    assert np.asarray(db.get("y")).tolist() == [1.0] * 4
    db.close()


def test_threads_share_a_connection(db):
    errors = []

    def work(k):
        try:
            for i in range(10):
                a = np.full((8, 8), k * 100 + i, np.int32)
                db.put(f"t{k}-{i}", a)
                np.testing.assert_array_equal(np.asarray(db.get(f"t{k}-{i}")), a)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(db.names()) == 40
