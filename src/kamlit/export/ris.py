"""RIS (Zotero, EndNote, Mendeley): one `TY  - ` … `ER  - ` block per record, written by rispy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kamlit.types import Record

RIS_TYPES = {
    "journal": "JOUR",
    "thesis": "THES",
    "conference": "CONF",
    "newspaper": "NEWS",
    "book": "BOOK",
    "standard": "STAND",
    "patent": "PAT",
    "other": "GEN",
}


def one_line(text: str) -> str:
    """A value on one line: each line break (a paragraph break of an abstract) becomes a space."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def ris_entry(record: Record) -> dict[str, Any]:
    """One record as a rispy entry (keys of rispy's default tag mapping)."""
    entry: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(record.doc_type, "GEN")}
    if record.authors:
        entry["authors"] = list(record.authors)
    if record.title:
        entry["title"] = one_line(record.title)
    if record.journal:
        entry["secondary_title"] = one_line(record.journal)
    if record.year is not None:
        entry["year"] = str(record.year)
    if record.volume:
        entry["volume"] = record.volume
    if record.issue:
        entry["number"] = record.issue
    if record.pages:
        first, dash, last = record.pages.partition("-")
        entry["start_page"] = first
        if dash and last:
            entry["end_page"] = last
    if record.keywords:
        entry["keywords"] = list(record.keywords)
    if record.abstract:
        entry["abstract"] = one_line(record.abstract)
    return entry


def records_ris(records: Sequence[Record]) -> str:
    """The records as RIS text (no numbered header lines, so each file starts with `TY`)."""
    import rispy

    class _Writer(rispy.RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> str:
            return ""

    text: str = rispy.dumps([ris_entry(r) for r in records], implementation=_Writer)
    return text
