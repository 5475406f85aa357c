"""The seeds' memory_profiler experiment: read 10 MB, slice off 1 KB, write.
Slicing bytes copies the remaining 10 MB; slicing a memoryview of a zcbridge
View does not, so the zcbridge path adds no second 10 MB."""
import os

import pytest

import zcbridge

memory_profiler = pytest.importorskip("memory_profiler")

SIZE = 10 * 1024 * 1024
MB = 1024 * 1024


@pytest.fixture
def files(tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(os.urandom(SIZE))
    return source, tmp_path / "out.bin"


def peak_growth_mb(function):
    """Peak resident-set growth over the call, in MB (memory_profiler samples RSS)."""
    baseline = memory_profiler.memory_usage(-1, interval=0.01, timeout=0.1, max_usage=True)
    peak = memory_profiler.memory_usage((function, (), {}), interval=0.001, max_usage=True)
    return peak - baseline


def test_the_zcbridge_path_adds_no_second_ten_megabytes(files):
    source, target = files

    def with_bytes():
        with open(source, "rb") as f:
            content = f.read()  # 10 MB
        with open(target, "wb") as f:
            f.write(content[1024:])  # a second 10 MB: the slice copies

    def with_zcbridge():
        buffer = zcbridge.zeros(SIZE)  # 10 MB of C++ memory
        with open(source, "rb") as f:
            assert f.readinto(buffer) == SIZE
        with open(target, "wb") as f:
            f.write(memoryview(buffer)[1024:])  # the same memory, 1 KB further on

    copying = peak_growth_mb(with_bytes)
    zero_copy = peak_growth_mb(with_zcbridge)
    assert target.stat().st_size == SIZE - 1024
    print(f"peak growth: bytes slice {copying:.1f} MB, zcbridge {zero_copy:.1f} MB")
    # The control: the copying path must show the second buffer, or the
    # measurement could not tell the two apart.
    assert copying > 1.7 * SIZE / MB
    assert zero_copy < 1.4 * SIZE / MB
