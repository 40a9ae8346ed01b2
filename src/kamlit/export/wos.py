"""Web of Science tagged plain text, as CiteSpace reads it (its "download_*.txt" input).

The layout of a WoS "Plain Text" export, which is also what kamlit's WoS reader reads:
`FN`/`VR` head the file (with a byte-order mark, as WoS writes it); each record is `PT` …
`ER` followed by a blank line; `EF` ends the file. A tag fills columns 1-2 and its value starts
in column 4; `AU`/`AF` hold one author per line, the next ones on lines indented by three
spaces; `DE` holds the keywords joined by `; `. `UT` (WoS's accession number, which CiteSpace
uses to tell records apart) is `KAMLIT:` and a hash of the record's content, so it is stable
across exports. Values are on one line (a paragraph break becomes a space).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from kamlit.export.ris import one_line
from kamlit.types import Record

# (PT code, DT document type) per kamlit document type; kamlit's reader maps them back.
WOS_TYPES = {
    "journal": ("J", "Article"),
    "thesis": ("J", "Thesis"),
    "conference": ("S", "Proceedings Paper"),
    "newspaper": ("J", "Newspaper Article"),
    "book": ("B", "Book"),
    "standard": ("J", "Standard"),
    "patent": ("P", "Patent"),
    "other": ("J", "Other"),
}


def accession(record: Record) -> str:
    """A stable `UT` for a record: `KAMLIT:` and 15 hex digits of a hash of its content."""
    content = json.dumps(
        [record.title, list(record.authors), record.journal, record.year, record.abstract],
        ensure_ascii=False,
    )
    return "KAMLIT:" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:15]


def wos_lines(record: Record) -> list[str]:
    """The lines of one record, `PT` … `ER`."""
    code, kind = WOS_TYPES.get(record.doc_type, ("J", "Other"))
    lines = [f"PT {code}"]
    for tag in ("AU", "AF"):
        for i, author in enumerate(record.authors):
            lines.append(f"{tag if i == 0 else '  '} {one_line(author)}")
    if record.title:
        lines.append(f"TI {one_line(record.title)}")
    if record.journal:
        lines.append(f"SO {one_line(record.journal)}")
    lines.append(f"DT {kind}")
    if record.keywords:
        lines.append("DE " + "; ".join(one_line(k) for k in record.keywords))
    if record.abstract:
        lines.append(f"AB {one_line(record.abstract)}")
    if record.citations.total is not None:
        lines.append(f"TC {record.citations.total}")
    if record.year is not None:
        lines.append(f"PY {record.year}")
    if record.volume:
        lines.append(f"VL {record.volume}")
    if record.issue:
        lines.append(f"IS {record.issue}")
    if record.pages:
        first, dash, last = record.pages.partition("-")
        lines.append(f"BP {first}")
        if dash and last:
            lines.append(f"EP {last}")
    lines.append(f"UT {accession(record)}")
    lines.append("ER")
    return lines


def records_wos(records: Sequence[Record]) -> str:
    """The records as a WoS tagged file (with BOM), ready for CiteSpace."""
    out = ["\ufeffFN Clarivate Analytics Web of Science", "VR 1.0"]
    for record in records:
        out += [*wos_lines(record), ""]
    out.append("EF")
    return "\n".join(out) + "\n"
