"""BibTeX (Zotero, JabRef, LaTeX): one entry per record, written by bibtexparser, UTF-8.

Keys are stable and unique: the first author's family name when it is in Latin letters (else
`ref`), the year (else `nd`), and six hex digits of a hash of the record's bibliographic
content (title, authors, journal, year, abstract), so the same record gets the same key in
every export, whatever the other records. Two records with the same content get `b`, `c`, …
appended in record order. Pages are written with BibTeX's `--`; authors are joined with
` and ` (a name that itself contains ` and ` is braced); keywords with `; `.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence

from kamlit.types import Record

ENTRY_TYPES = {
    "journal": "article",
    "thesis": "phdthesis",
    "conference": "inproceedings",
    "newspaper": "article",
    "book": "book",
    "standard": "misc",
    "patent": "patent",
    "other": "misc",
}
# Where the journal-like name goes for each entry type.
_VENUE = {"inproceedings": "booktitle", "phdthesis": "school", "book": "publisher"}
_ASCII_NAME = re.compile(r"[A-Za-z]+")


def bibtex_key(record: Record) -> str:
    """The record's stable key (before making keys unique within one file)."""
    family = ""
    if record.authors:
        first = record.authors[0]
        head = first.split(",")[0] if "," in first else first.split()[-1] if first.split() else ""
        if head.isascii():
            family = "".join(_ASCII_NAME.findall(head)).lower()
    content = json.dumps(
        [record.title, list(record.authors), record.journal, record.year, record.abstract],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:6]
    return f"{family or 'ref'}{record.year if record.year is not None else 'nd'}{digest}"


def unique_keys(records: Sequence[Record]) -> list[str]:
    """Each record's key, made unique within the file by suffixes b, c, … in record order."""
    seen: dict[str, int] = {}
    keys = []
    for record in records:
        key = bibtex_key(record)
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys.append(key if n == 0 else key + _suffix(n))
    return keys


def _suffix(n: int) -> str:
    """The suffix of the n-th repeat of a key: 1 → b, …, 25 → z, then -27, -28, …"""
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else f"-{n + 1}"


def bibtex_fields(record: Record) -> list[tuple[str, str]]:
    """The (field, value) pairs of a record's entry, in a fixed order."""
    entry_type = ENTRY_TYPES.get(record.doc_type, "misc")
    fields: list[tuple[str, str]] = []
    if record.title:
        fields.append(("title", record.title))
    if record.authors:
        names = [f"{{{a}}}" if " and " in a else a for a in record.authors]
        fields.append(("author", " and ".join(names)))
    if record.journal:
        fields.append((_VENUE.get(entry_type, "journal"), record.journal))
    if record.year is not None:
        fields.append(("year", str(record.year)))
    if record.volume:
        fields.append(("volume", record.volume))
    if record.issue:
        fields.append(("number", record.issue))
    if record.pages:
        fields.append(("pages", record.pages.replace("-", "--")))
    if record.keywords:
        fields.append(("keywords", "; ".join(record.keywords)))
    if record.abstract:
        fields.append(("abstract", record.abstract))
    return [(name, _balanced(value)) for name, value in fields]


def _balanced(value: str) -> str:
    """The value with braces that would end the field early escaped (`\\{`, `\\}`)."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth == 0:
        return value
    return value.replace("{", "\\{").replace("}", "\\}")


def records_bibtex(records: Sequence[Record]) -> str:
    """The records as a BibTeX file."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    for record, key in zip(records, unique_keys(records), strict=True):
        entry_type = ENTRY_TYPES.get(record.doc_type, "misc")
        fields = [Field(name, value) for name, value in bibtex_fields(record)]
        library.add(Entry(entry_type, key, fields))
    text: str = write_string(library)
    return text
