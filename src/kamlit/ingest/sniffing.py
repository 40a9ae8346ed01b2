"""Helpers for format detection: the first lines of a text, whatever their length."""

from __future__ import annotations


def first_lines(text: str, count: int) -> list[str]:
    """The first `count` non-blank lines, for sniffing."""
    out: list[str] = []
    for line in text[:20000].split("\n"):
        if line.strip():
            out.append(line)
            if len(out) == count:
                break
    return out
