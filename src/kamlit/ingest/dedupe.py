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
from dataclasses import replace

from kamlit.ingest.base import Merge
from kamlit.types import Citations, Record

_NOT_WORD = re.compile(r"[\W_]+")
_MIN_SAME_ABSTRACT = 20
_MIN_PREFIX = 30


def dedupe_records(records: Sequence[Record]) -> tuple[tuple[Record, ...], tuple[Merge, ...]]:
    """Merge duplicate records; return the remaining records (input order) and the merges."""
    slots: list[Record] = []
    by_title: dict[str, list[int]] = {}
    by_abstract: dict[str, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    merges: list[Merge] = []
    for record in records:
        found = _find(record, slots, by_title, by_abstract, by_prefix)
        if found is None:
            slot = len(slots)
            slots.append(record)
        else:
            slot, reason = found
            earlier = slots[slot]
            if _richness(record) > _richness(earlier):
                kept, dropped = record, earlier
            else:
                kept, dropped = earlier, record
            slots[slot] = _fill(kept, dropped)
            merges.append(Merge(kept=kept.id, dropped=dropped.id, reason=reason))
        _index(slots[slot], slot, by_title, by_abstract, by_prefix)
    return tuple(slots), tuple(merges)


def normalize(text: str | None) -> str:
    """Letters and digits only, NFKC and lower-cased: the form duplicates are compared in."""
    if not text:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def _index(
    record: Record,
    slot: int,
    by_title: dict[str, list[int]],
    by_abstract: dict[str, list[int]],
    by_prefix: dict[str, list[int]],
) -> None:
    title, abstract = normalize(record.title), normalize(record.abstract)
    keys = [(by_title, title)]
    if len(abstract) >= _MIN_SAME_ABSTRACT:
        keys.append((by_abstract, abstract))
    if len(abstract) >= _MIN_PREFIX:
        keys.append((by_prefix, abstract[:_MIN_PREFIX]))
    for index, key in keys:
        if key:
            slots = index.setdefault(key, [])
            if slot not in slots:
                slots.append(slot)


def _find(
    record: Record,
    slots: Sequence[Record],
    by_title: dict[str, list[int]],
    by_abstract: dict[str, list[int]],
    by_prefix: dict[str, list[int]],
) -> tuple[int, str] | None:
    title, abstract = normalize(record.title), normalize(record.abstract)
    author = normalize(record.authors[0]) if record.authors else ""
    for slot in by_title.get(title, []) if title else []:
        other = slots[slot]
        other_author = normalize(other.authors[0]) if other.authors else ""
        if not (_agree(author, other_author) and _agree(record.year, other.year)):
            continue
        if author and other_author and record.year is not None and other.year is not None:
            return slot, "same title, first author and year"
        if _abstracts_agree(abstract, normalize(other.abstract)) and _agree(
            normalize(record.journal), normalize(other.journal)
        ):
            return slot, "same title; author, year, journal and abstract do not conflict"
    if len(abstract) >= _MIN_SAME_ABSTRACT:
        for slot in by_abstract.get(abstract, []):
            if _context_agrees(record, slots[slot]):
                return slot, "same abstract"
    if len(abstract) >= _MIN_PREFIX:
        for slot in by_prefix.get(abstract[:_MIN_PREFIX], []):
            other = slots[slot]
            theirs = normalize(other.abstract)
            cut = (record.truncated and theirs.startswith(abstract)) or (
                other.truncated and abstract.startswith(theirs)
            )
            if cut and _context_agrees(record, other):
                return slot, "one abstract, cut by the site, is the start of the other"
    return None


def _agree(a: object, b: object) -> bool:
    return a in (None, "") or b in (None, "") or a == b


def _abstracts_agree(a: str, b: str) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _context_agrees(a: Record, b: Record) -> bool:
    """Titles (equal, one the start of the other, or missing) and years agree."""
    ta, tb = normalize(a.title), normalize(b.title)
    titles = not ta or not tb or ta.startswith(tb) or tb.startswith(ta)
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
