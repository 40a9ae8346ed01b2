"""CNKI E-Study / 知网研学 exports: `DataType: 1`, then `Title-题名:`, `Author-作者:`, ….

Every label is `English-中文:`; the English half is the key (the Chinese half varies:
`Source-刊名`, `Source-文献来源`, `Source-学位授予单位`). `SrcDatabase-来源库` names the
database (期刊, 硕士, 博士, 国内会议, 报纸 …), which gives the document type. Records start at
`DataType` (or at `Title` when an export leaves DataType out).
"""

from __future__ import annotations

import re

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records

NAME = "estudy"

# `DataType`, or an `English-中文` label (the Chinese half must hold an ideograph, checked
# apart: `[^\s:：]*[\u3400-\u9fff][^\s:：]*` would backtrack quadratically on long lines).
_LINE = re.compile(r"\s*(?:(DataType)|([A-Za-z][A-Za-z0-9]*)-([^\s:：]*))\s*[:：][ \t\u3000]?(.*)")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
# DataType codes whose meaning is certain; other codes leave the type to SrcDatabase.
_DATA_TYPES = {"1": "journal"}


def _match(line: str) -> tuple[str, str] | None:
    found = _LINE.match(line)
    if found is None or (found.group(1) is None and not _IDEOGRAPH.search(found.group(3))):
        return None
    return (found.group(1) or found.group(2)).lower(), found.group(4)


def sniff(text: str) -> bool:
    """Return True when the text looks like an E-Study export (`DataType:` + `Title-题名:`)."""
    tags = _tags(text)
    if not tags:
        return False
    return "title" in tags and (tags[0] == "datatype" or len(set(tags)) >= 3)


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse an E-Study export into Records."""
    starts = {"datatype"} if "datatype" in _tags(text) else {"title"}
    split = split_records(text, match=_match, start=starts)
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME)


def _tags(text: str) -> list[str]:
    """The labels of the first lines, in order."""
    return [m[0] for m in (_match(line) for line in first_lines(text, 30)) if m]


def _draft(raw: RawRecord) -> Draft:
    code = (raw.first("datatype") or "").strip()
    doc_type = doc_type_of(raw.first("srcdatabase"), raw.first("degree"))
    if doc_type is None and code:
        doc_type = _DATA_TYPES.get(code, "other")
    return Draft(
        title=raw.first("title"),
        authors=raw.values("author"),
        journal=raw.first("source", "journal"),
        year=raw.first("year", "pubtime"),
        volume=raw.first("volume"),
        issue=raw.first("period", "issue"),
        pages=raw.first("page", "pages"),
        keywords=raw.values("keyword", "keywords"),
        abstract=raw.first("summary", "abstract"),
        doc_type=doc_type,
    )
