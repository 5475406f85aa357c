#!/usr/bin/python3
"""Expected results of zc::dtype::parse, from Python's struct module and NumPy.

Prints one line per candidate format string:
    <format> TAB <valid 0|1> TAB <kind> TAB <itemsize> TAB <order>
kind is one of i u f c b (signed, unsigned, floating, complex, bool) and order
one of < > = (little, big, native); both are '-' for an invalid format.

A format is valid when one of the spellings zcbridge documents accepts it
and it names one element of a type zcbridge describes (integers of 1..8
bytes, IEEE floats of 2, 4, 8 bytes, complex of 8 or 16, bool):
  - struct-module codes with an optional byte-order prefix, judged by
    struct.calcsize (sizes and byte order as struct gives them: '=l' is
    4 bytes, 'l' the platform's long);
  - PEP 3118's complex codes 'Zf'/'Zd' (struct has no complex), judged by
    NumPy's PEP 3118 parser;
  - NumPy type strings and type characters with an optional byte-order
    prefix, judged by numpy.dtype.
Anything else (names such as 'float64', padding, repeat counts, several
fields, types zcbridge does not describe) must be refused.

The candidates are every byte-order prefix (also ones neither module has)
before every type code, type character and kind letter with byte counts,
plus malformed text.  Run with /usr/bin/python3 (Debian python3-numpy).
"""
import struct
import sys

import numpy as np

try:  # NumPy 2 moved its internals
    from numpy._core._internal import _dtype_from_pep3118
except ImportError:
    from numpy.core._internal import _dtype_from_pep3118

STRUCT_CODES = "bBhHiIlLqQnNefd?"
STRUCT_KIND = {"b": "i", "h": "i", "i": "i", "l": "i", "q": "i", "n": "i",
               "B": "u", "H": "u", "I": "u", "L": "u", "Q": "u", "N": "u",
               "e": "f", "f": "f", "d": "f", "?": "b"}
STRUCT_ORDER = {"": "=", "@": "=", "=": "=", "<": "<", ">": ">", "!": ">"}
DESCRIBED = {("i", n) for n in (1, 2, 4, 8)} | {("u", n) for n in (1, 2, 4, 8)} | \
            {("f", 2), ("f", 4), ("f", 8), ("c", 8), ("c", 16), ("b", 1)}

PREFIXES = ["", "@", "=", "<", ">", "!", "|", "^", "+", "<<", "<|", "|<"]
CODES = list(STRUCT_CODES) + ["Zf", "Zd", "Z", "Zq", "Ze", "ZZf", "x", "c", "s", "p", "P",
                              "g", "F", "D", "G", "?b"]
KINDS = ["i", "u", "f", "c", "b", "V", "S", "U", "m", "M", "O", "a", "d", "B", "I"]
COUNTS = ["0", "1", "2", "3", "4", "6", "8", "10", "12", "16", "32", "01", "08", "016", "1x"]
JUNK = ["", "2d", "3x", "xxH", "dd", "i4x", "1", "  d", "d ", "f8,i4", "(2)f8", "T{d}", "8",
        "f-8", "i+4", "float64", "int32", "bool", "complex128", "<float64", "u1u1", "Zff"]


def numpy_dtype(fmt):
    try:
        return np.dtype(fmt)
    except Exception:  # NumPy raises TypeError, ValueError or DeprecationWarning
        return None


def expected(fmt):
    """(valid, kind, itemsize, order) for one candidate."""
    prefix = fmt[:1] if fmt[:1] in "@=<>!|^+" else ""
    body = fmt[len(prefix):]
    # struct-module codes: struct.calcsize judges, standard or native sizes.
    if len(body) == 1 and body in STRUCT_CODES and prefix in STRUCT_ORDER:
        try:
            size = struct.calcsize(fmt)
        except struct.error:
            size = None
        if size is not None:
            return True, STRUCT_KIND[body], size, STRUCT_ORDER[prefix]
    # PEP 3118 complex codes, which struct lacks.
    if body in ("Zf", "Zd") and prefix in STRUCT_ORDER:
        try:
            dt = _dtype_from_pep3118(fmt)
        except Exception:
            dt = None
        if dt is not None and dt.kind == "c":
            return True, "c", dt.itemsize, STRUCT_ORDER[prefix]
    # NumPy type strings and type characters (never names such as 'float64').
    if body[:1].isalpha() or body[:1] == "?":
        if not (len(body) == 1 or body[1:].isdigit()) or prefix not in ("", "=", "<", ">", "|"):
            return False, "-", 0, "-"
        dt = numpy_dtype(fmt)
        if dt is not None and dt.fields is None and dt.subdtype is None and \
                (dt.kind, dt.itemsize) in DESCRIBED:
            order = {"=": "=", "|": "=", "<": "<", ">": ">"}[dt.byteorder]
            return True, dt.kind, dt.itemsize, order
    return False, "-", 0, "-"


def candidates():
    seen = set()
    bodies = CODES + [k + n for k in KINDS for n in COUNTS]
    for prefix in PREFIXES:
        for body in bodies:
            yield prefix + body
    yield from JUNK
    for fmt in JUNK:
        yield "<" + fmt


def main():
    seen = set()
    out = sys.stdout
    for fmt in candidates():
        if fmt in seen:
            continue
        seen.add(fmt)
        assert "\t" not in fmt and "\n" not in fmt
        valid, kind, size, order = expected(fmt)
        out.write(f"{fmt}\t{int(valid)}\t{kind}\t{size}\t{order}\n")


if __name__ == "__main__":
    main()
