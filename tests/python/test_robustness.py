"""Every public call fed odd arguments: each raises a Python exception or
returns, none crashes the interpreter (run under ASan in the pyasan stage)."""
import array
import itertools

import numpy as np

import zcbridge
from conftest import PNGSUITE

PNG = (PNGSUITE / "basn2c08.png").read_bytes()


def odd_objects(tmp_path):
    yield None
    yield 0
    yield -1
    yield 2**70
    yield 1.5
    yield ""
    yield "no such file"
    yield str(tmp_path)  # a directory
    yield b""
    yield PNG
    yield PNG[:30]
    yield bytearray(PNG)
    yield memoryview(PNG)[::2]  # not contiguous
    yield memoryview(bytearray(24)).cast("i", [2, 3])
    yield array.array("u", "text")  # a format no view holds
    yield np.zeros(())
    yield np.zeros((0, 0, 3), np.uint8)
    yield np.zeros((1,) * 8, np.uint8)
    yield np.zeros((4, 4, 3), np.uint8)[::-1, ::2]
    yield np.zeros((4, 4), ">u2")
    yield np.zeros((2, 2), object)
    yield np.zeros(3, dtype=[("x", "u1")])
    yield zcbridge.zeros((4, 4, 4))
    yield zcbridge.view(np.zeros((3, 3)))
    yield [1, 2, 3]
    yield object()


def test_odd_arguments_raise_and_never_crash(tmp_path):
    db = zcbridge.sqlite.connect(tmp_path / "robust.sqlite")
    db.put("a", np.zeros((2, 2)))
    calls = [
        lambda x: zcbridge.view(x),
        lambda x: zcbridge.view(x, writable=True),
        lambda x: zcbridge.zeros(x),
        lambda x: zcbridge.from_dlpack(x),
        lambda x: zcbridge.png.read_info(x),
        lambda x: zcbridge.png.decode(x),
        lambda x: zcbridge.png.decode(PNG, out=x, mode="rgb8"),
        lambda x: zcbridge.png.decode(PNG, mode=x),
        lambda x: zcbridge.png.encode(x),
        lambda x: zcbridge.png.encode(np.zeros((2, 2), np.uint8), dst=x),
        lambda x: db.put("k", x),
        lambda x: db.put(x, b"v"),
        lambda x: db.get(x),
        lambda x: db.get_into("a", x),
        lambda x: db.read_into("zc_arrays", "data", 1, x),
        lambda x: db.write_from("zc_arrays", "data", 1, x),
        lambda x: db.open_blob("zc_arrays", "data", x),
    ]
    outcomes = {"returned": 0, "raised": 0}
    for call, obj in itertools.product(calls, list(odd_objects(tmp_path))):
        try:
            call(obj)
            outcomes["returned"] += 1
        except (Exception, NotImplementedError):  # noqa: BLE001 - any Python exception is fine
            outcomes["raised"] += 1
    db.close()
    assert outcomes["raised"] > 0 and outcomes["returned"] > 0, outcomes
