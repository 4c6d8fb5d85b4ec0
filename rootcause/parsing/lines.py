"""Line handling shared by the extractors: ANSI stripping and bounded line lengths.

Every regex in rootcause runs on lines cut to MAX_LINE characters, so a 50 MB single-line
log costs one slice, not a quadratic scan.
"""

from __future__ import annotations

import re

MAX_LINE = 4000
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text) if "\x1b" in text else text


def split_lines(text: str) -> list[str]:
    """Lines without ANSI colour codes, each at most MAX_LINE characters."""
    return [line[:MAX_LINE] for line in strip_ansi(text).splitlines()]
