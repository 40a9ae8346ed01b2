"""CNKI NoteExpress exports: `{Reference Type}: Journal Article`, `{Title}:`, `{Author}:`, ….

`{Author}` and `{Keywords}` come either once, joined by `;`, or once per name; records are
separated by blank lines and start at `{Reference Type}`. Tags are matched without case or
stray punctuation, so CNKI's odd `{Subsidiary Author,}:` reads as `subsidiary author`.
"""

from __future__ import annotations

import re

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records

NAME = "noteexpress"

_LINE = re.compile(r"^\s*\{([^{}]*)\}\s*[:：][ \t\u3000]?(.*)$")
_TAG_JUNK = re.compile(r"[\s,;:，；：]+")


def _match(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    if found is None:
        return None
    tag = _TAG_JUNK.sub(" ", found.group(1)).strip().lower()
    return (tag, found.group(2)) if tag else None


def sniff(text: str) -> bool:
    """Return True when the text starts like a NoteExpress export (`{Reference Type}: …`)."""
    lines = first_lines(text, 1)
    return bool(lines) and (_match(lines[0]) or ("", ""))[0] == "reference type"


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse a NoteExpress export into Records."""
    split = split_records(text, match=_match, start={"reference type"})
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME)


def _draft(raw: RawRecord) -> Draft:
    doc_type = doc_type_of(raw.first("reference type"), raw.first("type of work"))
    journal = raw.first("journal", "secondary title", "periodical")
    if journal is None and doc_type == "thesis":
        journal = raw.first("publisher")  # the degree-granting university
    return Draft(
        title=raw.first("title"),
        authors=raw.values("author"),
        journal=journal,
        year=raw.first("year", "date"),
        volume=raw.first("volume"),
        issue=raw.first("issue"),
        pages=raw.first("pages"),
        keywords=raw.values("keywords", "keyword"),
        abstract=raw.first("abstract"),
        doc_type=doc_type,
    )
