"""SQLite array store and incremental blob I/O straight into and from buffers.

    db = zcbridge.sqlite.connect("arrays.sqlite")
    db.put("weights", numpy_array)        # bound as it lies: no copy by zcbridge
    view = db.get("weights")              # a readonly View of SQLite's copy
    db.get_into("weights", out)           # straight from the file into `out`
    with db.open_blob("zc_arrays", "data", rowid) as blob:
        blob.readinto(buffer)             # a file-like object (io.RawIOBase)

The database is an ordinary SQLite file: Python's sqlite3 module opens the
same file (the array store's table convention is in
adapters/sqlite/include/zc/sqlite/array_store.hpp).  While a View from get()
is alive its connection holds a read transaction open, so writers on other
connections wait (up to `timeout` seconds) or fail with "database is locked".
"""

import io

from ._zcbridge import sqlite as _sqlite


class Blob(io.RawIOBase):
    """An SQLite blob as a binary file: readinto() reads straight into any
    writable buffer, write() writes any buffer; the length is fixed."""

    def __init__(self, connection, table, column, rowid, writable=False):
        super().__init__()
        self._blob = _sqlite._Blob(connection, table, column, rowid, writable)

    def readable(self):
        return True

    def writable(self):
        return self._blob.writable

    def seekable(self):
        return True

    def readinto(self, buffer):
        self._checkClosed()
        return self._blob.readinto(buffer)

    def write(self, buffer):
        self._checkClosed()
        if not self._blob.writable:
            raise io.UnsupportedOperation("the blob was opened read-only (writable=False)")
        return self._blob.write(buffer)

    def seek(self, offset, whence=io.SEEK_SET):
        self._checkClosed()
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._blob.tell(), io.SEEK_END: self._blob.size}
        if whence not in base:
            raise ValueError(f"invalid whence ({whence!r})")
        self._blob.seek(base[whence] + offset)
        return self._blob.tell()

    def tell(self):
        self._checkClosed()
        return self._blob.tell()

    def __len__(self):
        return self._blob.size

    def close(self):
        if not self.closed:
            try:
                self._blob.close()  # reports a commit that failed
            finally:
                super().close()


class Connection(_sqlite._Connection):
    """A database connection with the array store (put, get, get_into, names,
    remove, `in`) and incremental blob I/O (read_into, write_from, open_blob).
    Use it as a context manager to close it."""

    def open_blob(self, table, column, rowid, writable=False):
        return Blob(self, table, column, rowid, writable)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def connect(path, readonly=False, table="zc_arrays", timeout=5.0):
    """Opens (creating it unless readonly) the SQLite database at `path`.
    `table` is the array store's table; `timeout` is how many seconds a locked
    database is waited for, as in Python's sqlite3.connect."""
    return Connection(path, readonly=readonly, table=table, timeout=timeout)


__all__ = ["connect", "Connection", "Blob"]
