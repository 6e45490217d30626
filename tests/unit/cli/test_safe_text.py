"""Article text printed in the terminal cannot carry escape sequences or bidi overrides."""

from __future__ import annotations

from newsprism.cli._common import safe


def test_safe_replaces_control_and_bidi_characters():
    hostile = "Minister\x1b[2J said\x07 \u202eevil\u202c \x9b31m"
    out = safe(hostile)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    assert out.startswith("Minister?[2J said?")


def test_safe_folds_whitespace_and_bounds_length():
    assert safe("a\n\n  b\tc") == "a b c"
    long = safe("word " * 500, limit=50)
    assert len(long) == 50 and long.endswith("…")
    assert safe(None) == ""
