"""Helpers for format detection: the first lines of a text, whatever their length."""

from __future__ import annotations


def first_lines(text: str, count: int) -> list[str]:
    """The first `count` non-blank lines, for sniffing, each whole however long it is.

    Only the lines returned are scanned, not the whole text (a JSON Lines record may well be
    longer than any fixed sample, and a sample cut inside it would not parse).
    """
    out: list[str] = []
    at = 0
    size = len(text)
    while at <= size and len(out) < count:
        end = text.find("\n", at)
        if end < 0:
            end = size
        line = text[at:end]
        if line.strip():
            out.append(line)
        at = end + 1
    return out
