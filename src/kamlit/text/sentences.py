"""Sentence splitting that keeps exact offsets into the original text (for evidence quotes).

Sentences end at 。！？； and their ASCII forms, at an ellipsis and at line breaks. An ASCII
full stop between digits (3.5) or after a list number (1.邮政) does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINATORS = "。！？；!?;\n"
_CLOSERS = "”’」』）)】\"'"
_CLAUSE_BREAKS = re.compile(r"[，,、：:]")


@dataclass(frozen=True)
class Span:
    """A piece of text by its offsets: `text[start:end]`."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans; leading/trailing white space is outside each span."""
    spans: list[Span] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        end_here = char in _TERMINATORS or char == "…" or (char == "." and _is_full_stop(text, i))
        if end_here:
            j = i + 1
            # Runs of terminators (！？, ……, ...) and closing quotes stay with the sentence.
            while j < n and (text[j] in _TERMINATORS.replace("\n", "") or text[j] in "…."):
                j += 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            _add(spans, text, start, j)
            start = i = j
            continue
        i += 1
    _add(spans, text, start, n)
    return spans


def split_clauses(text: str, span: Span) -> list[Span]:
    """Split one sentence span further at commas, enumeration commas and colons."""
    out: list[Span] = []
    start = span.start
    for match in _CLAUSE_BREAKS.finditer(text, span.start, span.end):
        if match.group() == "," and _between_digits(text, match.start()):
            continue
        _add(out, text, start, match.end())
        start = match.end()
    _add(out, text, start, span.end)
    return out


def _is_full_stop(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit():
        # 3.5 (decimal) or 1.邮政 (list number): not a sentence end.
        return False
    # a.b, www.example.com: a dot inside a Latin word is not a sentence end either.
    return not (before.isascii() and before.isalpha() and after.isascii() and after.isalnum())


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
