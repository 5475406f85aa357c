"""zcbridge.Error and its subclasses: a code per zc::errc, built-in bases as fit."""
import pytest

import zcbridge


def test_every_code_has_a_class_deriving_from_error_and_value_error():
    assert issubclass(zcbridge.Error, ValueError)
    assert len(zcbridge.error_classes) == 15
    for code, cls in zcbridge.error_classes.items():
        assert issubclass(cls, zcbridge.Error) and issubclass(cls, ValueError), code
        assert cls.__module__ == "zcbridge"
        assert getattr(zcbridge, cls.__name__) is cls


@pytest.mark.parametrize("code, builtin", [
    ("readonly", BufferError),
    ("layout", BufferError),
    ("io", OSError),
    ("truncated", EOFError),
    ("out_of_range", LookupError),
    ("overflow", OverflowError),
])
def test_codes_that_fit_a_builtin_derive_from_it(code, builtin):
    assert issubclass(zcbridge.error_classes[code], builtin)


def test_raised_errors_carry_code_and_message():
    with pytest.raises(zcbridge.Error) as caught:
        zcbridge.zeros(3, "not a format")
    assert type(caught.value) is zcbridge.FormatError
    assert caught.value.code == "invalid_format"
    assert "not a format" in str(caught.value)


def test_a_missing_file_is_an_os_error():
    with pytest.raises(OSError) as caught:
        zcbridge.png.decode("/nonexistent/zcbridge.png")
    assert isinstance(caught.value, zcbridge.Error) and caught.value.code == "io"
    assert "/nonexistent/zcbridge.png" in str(caught.value)


def test_a_message_quoting_a_path_that_is_not_utf8_is_escaped():
    class BytesPath:
        def __fspath__(self):
            return b"/nonexistent/\x89.png"

    with pytest.raises(zcbridge.IOFailure) as caught:  # was std::terminate before the fix
        zcbridge.png.decode(BytesPath())
    assert "\\x89.png" in str(caught.value)
