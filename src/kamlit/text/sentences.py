"""Sentence splitting that keeps exact offsets into the original text (for evidence quotes).

Sentences end at 。！？； (and ｡), their ASCII forms, an ellipsis (… or ...) and line breaks.
A full stop (. or ．) is no sentence end between digits or after a digit (3.5, 1.邮政, 0.8%),
nor inside a Latin word (www.example.com); a slash never ends one (20/80). Closing quotes
and brackets after the end stay with their sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINATORS = "。｡！？；!?;…．."
# One sentence end: a terminator (a full stop only when it is not part of a number or a Latin
# word), then any run of further terminators and closing quotes. Every branch starts with a
# character class, so the regex engine skips quickly to candidate positions.
_END = (
    rf"[{_TERMINATORS}](?:(?<![.．])|(?<!\d.)(?:(?<![A-Za-z].)|(?![A-Za-z0-9])))"
    rf"[{_TERMINATORS}]*[”’」』）)】》\"']*"
)
# A sentence: a run of terminators of its own; or text from a non-space character up to and
# including the next end (runs of other characters are taken whole, without backtracking);
# or else up to the last non-space character before the next line break, which always ends a
# sentence. No match starts or ends with white space.
_SENTENCE = re.compile(
    rf"{_END}"
    rf"|\S(?:[^\n{_TERMINATORS}]++|(?!{_END})[{_TERMINATORS}])*+{_END}"
    rf"|\S(?:[^\n]*\S)?"
)
_CLAUSE_BREAKS = re.compile(r"[，,、：:]")


@dataclass(frozen=True)
class Span:
    """A piece of text by its offsets: `text[start:end]`."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans; leading/trailing white space is outside each span."""
    return [Span(start, end) for start, end in sentence_bounds(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return `(start, end)` of every sentence: `split_sentences` without the Span objects."""
    return [match.span() for match in _SENTENCE.finditer(text)]


def split_clauses(text: str, span: Span) -> list[Span]:
    """Split one sentence span further at commas, enumeration commas and colons."""
    out: list[tuple[int, int]] = []
    start = span.start
    for match in _CLAUSE_BREAKS.finditer(text, span.start, span.end):
        if match.group() == "," and _between_digits(text, match.start()):
            continue
        _add(out, text, start, match.end())
        start = match.end()
    _add(out, text, start, span.end)
    return [Span(s, e) for s, e in out]


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def _add(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))
