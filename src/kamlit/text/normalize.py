"""Text normalisation applied before cutting and matching: NFKC, one kind of quote, lower case.

Three entry points share one definition of "the same text":
- `normalize_text` (words of lexicons, search terms): NFKC, curly and corner quotes made ASCII,
  lower case, white space collapsed to one space and stripped.
- `fold_for_cut` (text about to be cut): NFKC and lower case only, white space and line breaks
  untouched; fast on large batches, since it runs on every abstract.
- `fold_with_offsets` (KWIC): `normalize_text` character by character, keeping for every
  output character the offsets of the original characters it came from.
"""

from __future__ import annotations

import re
import unicodedata

# Curly, corner and full-width quotes all become ASCII quotes.
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "〝": '"',
        "〞": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
    }
)
_SPACES = re.compile(r"\s+")
# Full-width ASCII (U+FF01-FF5E) and the ideographic space: what NFKC changes most in Chinese
# text. Mapping them first leaves most abstracts already in NFKC, so the slow general
# normalisation runs on the few pieces that still need it.
_WIDE = re.compile("[\uff01-\uff5e\u3000]+")
_WIDE_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Above this size a vectorised mapping beats one regex callback per full-width run.
_BULK = 20_000


def normalize_text(text: str) -> str:
    """Return the text as lexicons and searches see it: NFKC, ASCII quotes, lower, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _SPACES.sub(" ", text).strip()


def nfkc(text: str) -> str:
    """Return `unicodedata.normalize("NFKC", text)`, fast for Chinese text with full-width ASCII.

    Exact: mapping a character to its own NFKC form first never changes the NFKC of the whole,
    and the result is checked (`is_normalized`) before it is trusted.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    text = _map_wide(text)
    if "…" in text:
        text = text.replace("…", "...")
    if unicodedata.is_normalized("NFKC", text):
        return text
    if "\n" not in text:
        return unicodedata.normalize("NFKC", text)
    # A line break is a stable boundary: normalise only the lines that need it.
    lines = text.split("\n")
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
        for line in lines
    )


def fold_for_cut(text: str) -> str:
    """Return text ready for cutting: NFKC and lower case; white space and line breaks kept.

    Quotes need no treatment here: they are outside jieba's word blocks, so they already
    separate words, and come out as one-character tokens that are dropped.
    """
    return nfkc(text).lower()


def fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Return `normalize_text(text)` (without the final strip) and, per output character, the
    start and end offsets in `text` of the original characters it comes from.

    Each character is normalised with the combining marks that follow it, so full-width and
    half-width forms, case and quote styles all match, and a match maps back to original text.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(text)
    in_space = False
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j]).translate(_QUOTES).lower()
        for char in piece:
            if char.isspace():
                if in_space:  # a run of white space is one space
                    ends[-1] = j
                    continue
                char = " "
                in_space = True
            else:
                in_space = False
            out.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def _map_wide(text: str) -> str:
    if len(text) < _BULK:
        return _WIDE.sub(lambda m: m.group().translate(_WIDE_TABLE), text)
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    codes[codes == 0x3000] = 0x20
    mapped: str = codes.tobytes().decode("utf-32-le")
    return mapped
