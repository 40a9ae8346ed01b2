"""Word offsets back in original text: from the prepared text the engine cuts to the source.

The engine cuts prepared text: folded (NFKC, lower case; see `kamlit.text.normalize`), with
phrase stand-ins and guard spaces put in (`kamlit.text.phrases`), sentences joined into one
batch. Every step is recorded as it is made, and here the ends of the cut's words are mapped
back through all of them, so each sentence knows where its words are in the original text.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kamlit.text.normalize import fold_for_cut, nfkc

# One replacement of a substitution step: (start, length, source start, source length), where
# output[start:start + length] replaced input[source start:source start + source length].
Edit = tuple[int, int, int, int]


@dataclass(frozen=True)
class Batch:
    """One engine call's prepared text and how to map its offsets back.

    `lengths`: the original sentences' lengths (joined with the separator in that order);
    `origin`: per folded offset, the offset in the joined original sentences (None: folding
    kept every character in place); `edits`: stand-ins and guard spaces, per substitution
    step, last step first (see `kamlit.text.phrases.Substitutions.apply`).
    """

    text: str
    lengths: list[int]
    origin: Any
    edits: list[list[Edit]]


def fold_map(text: str) -> tuple[str, list[int] | None]:
    """Return `fold_for_cut(text)` and, per folded offset (and one past the end), the offset
    in `text` it comes from; None when every character folds to exactly one character.

    A character with the combining marks after it (one cluster) maps its first folded
    character to the cluster's start and the others to its end, so no word boundary ever
    falls inside a cluster (… folds to ..., e + U+08D0 + U+0301 to é + U+08D0, reordered).
    Where folding piece by piece does not give the length of the whole fold, the whole text
    is one unit: inner offsets map to 0, the end to the end.
    """
    if text.isascii():
        return text.lower(), None
    folded = fold_for_cut(text)
    if len(folded) == len(text):
        wide = text.translate(_WIDE_TABLE)
        if unicodedata.is_normalized("NFKC", wide) and len(wide.lower()) == len(wide):
            return folded, None  # the fold is the wide map and a lower case, both 1:1
    origin: list[int] = []
    size = len(text)
    pieces: list[str] = []
    i = 0
    while i < size:
        j = i + 1
        while j < size and unicodedata.combining(text[j]):
            j += 1
        piece = nfkc(text[i:j]).lower()
        pieces.append(piece)
        origin.extend([i] + [j] * (len(piece) - 1))
        i = j
    # Lengths, not contents: lower-casing a whole text may differ from lower-casing its
    # pieces by context (a final Σ becomes ς, alone σ) but never in length.
    if sum(map(len, pieces)) != len(folded):  # pragma: no cover - no such text found so far
        return folded, [0] * len(folded) + [size]
    origin.append(size)
    return folded, origin


_WIDE_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_origin(parts: Sequence[str], origin: list[Any] | None) -> Any:
    """Per offset of the joined folded parts, the offset in the joined original parts."""
    if origin is None:
        return None
    import numpy as np

    arrays = []
    at = 0
    for part, where in zip(parts, origin, strict=True):
        if where is None:
            arrays.append(np.arange(at, at + len(part) + 1, dtype=np.int64))
        else:
            arrays.append(np.asarray(where, dtype=np.int64) + at)
        at += len(part) + 1  # the separator follows
    arrays.append(np.array([at], dtype=np.int64))
    return np.concatenate(arrays)


def word_ends(raw: list[str], batch: Batch) -> list[tuple[int, ...]]:
    """Per sentence of the batch, the offsets (relative to the sentence) where words end."""
    import numpy as np

    if not batch.lengths:
        return []
    lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
    ends = np.cumsum(lengths)
    if not len(ends) or ends[-1] != len(batch.text):  # pragma: no cover - cuts keep text
        return [tuple(range(1, n + 1)) for n in batch.lengths]
    for edits in batch.edits:
        ends = _map_back(ends, edits)
    if batch.origin is not None:
        ends = batch.origin[ends]
    sizes = np.asarray(batch.lengths, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])
    stops = starts + sizes
    ends = ends[np.diff(ends, prepend=-1) > 0]
    # The sentence each end belongs to: the first whose stop is at or after it, when the end
    # lies after that sentence's start (the separators' ends lie in no sentence).
    which = np.searchsorted(stops, ends, side="left")
    valid = which < len(stops)
    valid[valid] &= ends[valid] > starts[which[valid]]
    which = which[valid]
    # Offsets relative to each sentence's start: small ints, shared by CPython.
    relative = (ends[valid] - starts[which]).tolist()
    cuts = np.concatenate([[0], np.cumsum(np.bincount(which, minlength=len(stops)))]).tolist()
    return [tuple(relative[a:b]) for a, b in itertools.pairwise(cuts)]


def _map_back(ends: Any, edits: list[Edit]) -> Any:
    """Map offsets of one substitution step's output back to its input (see `Batch.edits`).

    Outside edits an offset shifts by the edits before it. Inside a stand-in " X ",
    the offsets up to X's start map to the phrase's start, the others to its end; inside an
    inserted space, to where it was inserted.
    """
    import numpy as np

    starts = np.array([e[0] for e in edits], dtype=np.int64)
    lengths = np.array([e[1] for e in edits], dtype=np.int64)
    sources = np.array([e[2] for e in edits], dtype=np.int64)
    source_lengths = np.array([e[3] for e in edits], dtype=np.int64)
    k = np.searchsorted(starts, ends, side="right") - 1  # the last edit starting at or before
    out = ends.copy()
    has = k >= 0
    kk = k[has]
    e = ends[has]
    inside = e < starts[kk] + lengths[kk]
    after_end = sources[kk] + source_lengths[kk] + (e - starts[kk] - lengths[kk])
    into = e - starts[kk]
    at_inside = np.where(into <= 1, sources[kk], sources[kk] + source_lengths[kk])
    at_inside = np.where(into == 0, sources[kk], at_inside)
    out[has] = np.where(inside, at_inside, after_end)
    return out
