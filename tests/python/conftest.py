"""Shared fixtures for the zcbridge Python suite.

Run through CTest (python.* tests), which puts the build tree's package on
PYTHONPATH, or by hand:
    PYTHONPATH=build/debug/python /usr/bin/python3 -m pytest tests/python
"""
import os
import pathlib

import pytest

import zcbridge

TESTS = pathlib.Path(__file__).resolve().parent
DATA = pathlib.Path(os.environ.get("ZC_TESTDATA_DIR", TESTS.parent / "data"))
PNGSUITE = DATA / "pngsuite"
CRASHERS = DATA / "png-crashers"


def address(obj):
    """Element [0, ...]'s address as zcbridge's C++ side sees it."""
    return zcbridge._zcbridge._testing.address(obj)


def numpy_address(array):
    return array.__array_interface__["data"][0]


def pngsuite_files():
    files = sorted(PNGSUITE.glob("*.png"))
    if not files:  # a missing folder must fail, not shrink the suite
        raise RuntimeError(f"no PngSuite files in {PNGSUITE} (ZC_TESTDATA_DIR)")
    return files


@pytest.fixture
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch (python3-torch) is not installed: PyTorch tests left out")
