"""Merge records that are the same work, read from different files or formats.

Two records are the same work when
- their normalised titles are equal and their first authors and years agree (equal, or
  missing on one side); when an author or year is missing, their journals must agree too
  and so must their abstracts (one empty, or one the start of the other), so two notes that
  merely share a title such as 卷首语 do not merge; or
- their normalised abstracts are equal (at least 20 characters), or one record's abstract
  was cut by the site (`truncated`) and is the start of the other's (at least 30
  characters) — this is how listing-page records without a title find their export twin.
  Abstract matches also need titles and years that agree (equal, a prefix, or missing).

Normalising keeps only letters and digits (NFKC, lower case), so full-width punctuation,
spaces and line breaks do not matter. The richer record is kept (more non-empty fields,
then an uncut abstract, then a longer one; ties keep the earlier record). Its empty fields
are filled from the dropped record, and a cut abstract is replaced by the dropped record's
full one when that one continues it. The merged record takes the place where the work first
appeared, so output stays in input order. Every merge is returned as a `Merge`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kamlit.errors import english, message
from kamlit.ingest.base import Merge
from kamlit.types import Citations, Record

_NOT_WORD = re.compile(r"[\W_]+")
_MIN_SAME_ABSTRACT = 20
_MIN_PREFIX = 30


@dataclass(frozen=True)
class _Keys:
    """A record's normalised comparison keys, computed once."""

    title: str
    abstract: str
    author: str
    journal: str
    year: int | None
    truncated: bool


def _keys(record: Record) -> _Keys:
    return _Keys(
        title=normalize(record.title),
        abstract=normalize(record.abstract),
        author=_normalize_short(record.authors[0]) if record.authors else "",
        journal=_normalize_short(record.journal),
        year=record.year,
        truncated=record.truncated,
    )


def dedupe_records(records: Sequence[Record]) -> tuple[tuple[Record, ...], tuple[Merge, ...]]:
    """Merge duplicate records; return the remaining records (input order) and the merges."""
    slots: list[Record] = []
    slot_keys: list[_Keys] = []
    by_title: dict[str, list[int]] = {}
    by_abstract: dict[str, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    merges: list[Merge] = []
    for record in records:
        keys = _keys(record)
        found = _find(keys, slot_keys, by_title, by_abstract, by_prefix)
        if found is None:
            slot = len(slots)
            slots.append(record)
            slot_keys.append(keys)
        else:
            slot, reason = found
            earlier = slots[slot]
            if _richness(record) > _richness(earlier):
                kept, dropped = record, earlier
            else:
                kept, dropped = earlier, record
            slots[slot] = _fill(kept, dropped)
            slot_keys[slot] = keys = _keys(slots[slot])
            merges.append(Merge(kept=kept.id, dropped=dropped.id, reason=reason))
        _index(keys, slot, by_title, by_abstract, by_prefix)
    return tuple(slots), tuple(merges)


def normalize(text: str | None) -> str:
    """Letters and digits only, NFKC and lower-cased: the form duplicates are compared in."""
    if not text:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=8192)
def _normalize_short(text: str | None) -> str:
    # Names and journals repeat across records; abstracts do not, so only these are cached.
    return normalize(text)


def _index(
    keys: _Keys,
    slot: int,
    by_title: dict[str, list[int]],
    by_abstract: dict[str, list[int]],
    by_prefix: dict[str, list[int]],
) -> None:
    entries = [(by_title, keys.title)]
    if len(keys.abstract) >= _MIN_SAME_ABSTRACT:
        entries.append((by_abstract, keys.abstract))
    if len(keys.abstract) >= _MIN_PREFIX:
        entries.append((by_prefix, keys.abstract[:_MIN_PREFIX]))
    for index, key in entries:
        if key:
            slots = index.setdefault(key, [])
            if slot not in slots:
                slots.append(slot)


def _find(
    keys: _Keys,
    slot_keys: Sequence[_Keys],
    by_title: dict[str, list[int]],
    by_abstract: dict[str, list[int]],
    by_prefix: dict[str, list[int]],
) -> tuple[int, str] | None:
    abstract = keys.abstract
    for slot in by_title.get(keys.title, []) if keys.title else []:
        other = slot_keys[slot]
        if not (_agree(keys.author, other.author) and _agree(keys.year, other.year)):
            continue
        if keys.author and other.author and keys.year is not None and other.year is not None:
            return slot, _reason("merge.same_work")
        if _abstracts_agree(abstract, other.abstract) and _agree(keys.journal, other.journal):
            return slot, _reason("merge.same_title")
    if len(abstract) >= _MIN_SAME_ABSTRACT:
        for slot in by_abstract.get(abstract, []):
            if _context_agrees(keys, slot_keys[slot]):
                return slot, _reason("merge.same_abstract")
    if len(abstract) >= _MIN_PREFIX:
        for slot in by_prefix.get(abstract[:_MIN_PREFIX], []):
            other = slot_keys[slot]
            cut = (keys.truncated and other.abstract.startswith(abstract)) or (
                other.truncated and abstract.startswith(other.abstract)
            )
            if cut and _context_agrees(keys, other):
                return slot, _reason("merge.cut_abstract")
    return None


def _reason(key: str) -> str:
    """A merge's reason: the English of a `merge.` message (the console translates it)."""
    return english(message(key))


def _agree(a: object, b: object) -> bool:
    return a in (None, "") or b in (None, "") or a == b


def _abstracts_agree(a: str, b: str) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _context_agrees(a: _Keys, b: _Keys) -> bool:
    """Titles (equal, one the start of the other, or missing) and years agree."""
    titles = (
        not a.title or not b.title or a.title.startswith(b.title) or b.title.startswith(a.title)
    )
    return titles and _agree(a.year, b.year)


def _richness(record: Record) -> tuple[int, bool, int]:
    filled = sum(
        bool(value)
        for value in (
            record.title,
            record.authors,
            record.journal,
            record.year,
            record.volume,
            record.issue,
            record.pages,
            record.keywords,
            record.abstract,
            record.citations.total is not None,
        )
    )
    return filled, not record.truncated, len(record.abstract)


def _fill(kept: Record, dropped: Record) -> Record:
    """`kept` with its empty fields taken from `dropped` (and a cut abstract completed)."""
    abstract, truncated = kept.abstract, kept.truncated
    if not abstract:
        abstract, truncated = dropped.abstract, dropped.truncated
    elif (
        truncated
        and not dropped.truncated
        and normalize(dropped.abstract).startswith(normalize(abstract))
    ):
        abstract, truncated = dropped.abstract, False
    citations = Citations(
        total=kept.citations.total if kept.citations.total is not None else dropped.citations.total,
        self_=kept.citations.self_ if kept.citations.self_ is not None else dropped.citations.self_,
        other=kept.citations.other if kept.citations.other is not None else dropped.citations.other,
    )
    return replace(
        kept,
        title=kept.title or dropped.title,
        authors=kept.authors or dropped.authors,
        journal=kept.journal or dropped.journal,
        year=kept.year if kept.year is not None else dropped.year,
        volume=kept.volume or dropped.volume,
        issue=kept.issue or dropped.issue,
        pages=kept.pages or dropped.pages,
        keywords=kept.keywords or dropped.keywords,
        abstract=abstract,
        truncated=truncated,
        citations=citations,
        doc_type=dropped.doc_type if kept.doc_type == "other" else kept.doc_type,
    )
