"""CNKI EndNote (Refer) exports: `%0 Journal Article`, one `%A` per author, `%T`, `%J`, `%X`….

Keywords are joined by `;` or `;;`, long abstracts continue on (often indented) untagged
lines, theses carry `%I` (the university) and `%9` (硕士 / 博士). Records start at `%0`,
usually separated by blank lines; `%W CNKI` names the database.
"""

from __future__ import annotations

import re

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records

NAME = "endnote"

_LINE = re.compile(r"^%([0-9A-Za-z@+#$!&*^~<>?|\[\]])(?:[ \t\u3000]+|(?=[^\x00-\x7f])|$)(.*)$")


def _match(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    return (found.group(1), found.group(2)) if found else None


def sniff(text: str) -> bool:
    """Return True when the text starts like a Refer/EndNote export (`%0 …`)."""
    lines = first_lines(text, 8)
    if not lines or (_match(lines[0]) or ("", ""))[0] != "0":
        return False
    return sum(1 for line in lines[1:] if _match(line)) >= 2


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse an EndNote/Refer export into Records."""
    split = split_records(text, match=_match, start={"0"})
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME)


def _draft(raw: RawRecord) -> Draft:
    doc_type = doc_type_of(raw.first("0"), raw.first("9"))
    journal = raw.first("J", "B")
    if journal is None and doc_type == "thesis":
        journal = raw.first("I")  # the degree-granting university
    return Draft(
        title=raw.first("T"),
        authors=raw.values("A"),
        journal=journal,
        year=raw.first("D"),
        volume=raw.first("V"),
        issue=raw.first("N"),
        pages=raw.first("P"),
        keywords=raw.values("K"),
        abstract=raw.first("X"),
        doc_type=doc_type,
    )
