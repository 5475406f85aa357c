"""In a ZC_SANITIZE build the suite runs with the sanitizer runtime preloaded
into python3: this proves AddressSanitizer really watches the module (a
deliberate use after free in a child process must be reported), so a clean
run of the other tests means something."""
import os
import subprocess
import sys

import pytest

import zcbridge

testing = zcbridge._zcbridge._testing


def test_asan_reports_a_use_after_free_in_the_module():
    if not testing.sanitized:
        pytest.skip("not a ZC_SANITIZE build: no sanitizer to check")
    assert "LD_PRELOAD" in os.environ, "a sanitized module needs the runtime preloaded"
    child = subprocess.run(
        [sys.executable, "-c", "import zcbridge; zcbridge._zcbridge._testing.use_after_free()"],
        env=os.environ, capture_output=True, text=True, timeout=120)
    assert child.returncode != 0
    assert "heap-use-after-free" in child.stderr, child.stderr[-2000:]
