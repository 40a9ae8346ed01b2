"""RIS exports: `TY  - JOUR` … `ER  - `, one `AU`/`KW` line per author and keyword.

A tag, two spaces, a hyphen and a space start each field (exporters that use one space are
read too); untagged lines continue the field above. A record missing its `ER` is malformed.
"""

from __future__ import annotations

import re

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records
from kamlit.ingest.values import normalize_pages

NAME = "ris"

_LINE = re.compile(r"^([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t\u3000](.*)|$)")


def _match(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    return (found.group(1), found.group(2) or "") if found else None


def sniff(text: str) -> bool:
    """Return True when the text starts like an RIS file (`TY  - …`)."""
    lines = first_lines(text, 1)
    return bool(lines) and (_match(lines[0]) or ("", ""))[0] == "TY"


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse an RIS file into Records."""
    split = split_records(text, match=_match, start={"TY"}, end="ER")
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME, end="ER")


def _draft(raw: RawRecord) -> Draft:
    doc_type = doc_type_of(raw.first("TY"))
    journal = raw.first("JF", "T2", "JO", "JA", "J2", "BT")
    if journal is None and doc_type == "thesis":
        journal = raw.first("PB")  # the degree-granting university
    return Draft(
        title=raw.first("TI", "T1", "CT"),
        authors=raw.values("AU", "A1"),
        journal=journal,
        year=raw.first("PY", "Y1", "DA"),
        volume=raw.first("VL"),
        issue=raw.first("IS"),
        pages=normalize_pages(raw.first("SP"), raw.first("EP")),
        keywords=raw.values("KW"),
        abstract=raw.first("AB", "N2"),
        doc_type=doc_type,
    )
