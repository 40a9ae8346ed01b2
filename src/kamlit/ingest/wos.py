"""Web of Science tagged exports (plain text, as CiteSpace reads them): `PT J` … `ER`.

A tag sits in columns 1-2, its value from column 4; continuation lines are indented. `AU`
holds one author per line, `DE`/`ID` keywords joined by `;`, `TC` the times-cited count.
`FN`/`VR` head the file and `EF` ends it. A record missing its `ER` is malformed.
"""

from __future__ import annotations

import re

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records
from kamlit.ingest.values import normalize_pages

NAME = "wos"

_LINE = re.compile(r"^([A-Z][A-Z0-9])(?:[ \t](.*))?$")
# PT codes: J journal, B book, S book in series, P patent (`S` means standard elsewhere).
_PUBLICATION_TYPES = {"J": "journal", "B": "book", "S": "book", "P": "patent"}


def _match(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    return (found.group(1), found.group(2) or "") if found else None


def sniff(text: str) -> bool:
    """Return True when the text looks like a WoS tagged export (`FN`/`PT` first, then fields)."""
    tags = [m[0] for m in (_match(line) for line in first_lines(text, 40)) if m]
    if not tags or tags[0] not in {"FN", "PT"}:
        return False
    return "PT" in tags and any(t in tags for t in ("TI", "AU", "AB", "SO"))


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse a WoS tagged export into Records."""
    split = split_records(text, match=_match, start={"PT"}, end="ER", ignore={"FN", "VR", "EF"})
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME, end="ER")


def _draft(raw: RawRecord) -> Draft:
    code = (raw.first("PT") or "").strip().upper()
    authors = raw.lines_of("AU") or raw.lines_of("AF")
    return Draft(
        title=raw.first("TI"),
        authors=authors,
        journal=raw.first("SO"),
        year=raw.first("PY"),
        volume=raw.first("VL"),
        issue=raw.first("IS"),
        pages=normalize_pages(raw.first("BP"), raw.first("EP")),
        keywords=raw.values("DE", "ID"),
        abstract=raw.first("AB"),
        cited=raw.first("TC", "Z9"),
        doc_type=doc_type_of(raw.first("DT"), _PUBLICATION_TYPES.get(code, code)),
    )
