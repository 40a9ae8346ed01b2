"""CNKI RefWorks exports: `RT Journal Article`, `A1`, `T1`, `JF`, `YR`, `IS`, `vo`, … `DS CNKI`.

CNKI writes tags in either case (`vo`), sometimes without the space after the tag
(`A1林行众`), joins authors and keywords with `;` (trailing ones too; old records use `,`),
pads issues (`IS 02`) and wraps long abstracts onto untagged lines. Records start at `RT`;
there is no end tag.
"""

from __future__ import annotations

from kamlit.ingest.base import ParsedFile
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.sniffing import first_lines
from kamlit.ingest.tagged import RawRecord, parse_tagged, split_records
from kamlit.ingest.values import normalize_pages

NAME = "refworks"

# The RefWorks tagged-format tags (and CNKI's URL); anything else at a line start is text.
_TAGS = frozenset(
    ("RT", "SR", "ID", "A1", "A2", "A3", "A4", "A5", "A6", "T1", "T2", "T3", "JF", "JO", "YR",
     "FD", "VO", "IS", "SP", "OP", "K1", "AB", "NO", "ED", "PB", "PP", "SN", "AV", "AD", "AN",
     "LA", "CL", "SF", "OT", "LK", "DO", "CN", "DB", "DS", "IP", "RD", "ST", "U1", "U2", "U3",
     "U4", "U5", "UL", "URL", "WT", "WP", "WV", "WL", "C1", "C2", "C3", "C4", "C5")
)  # fmt: skip
# Tags as written: upper, lower or mixed case (`vo`, `k1`); URL is checked on its own.
_PREFIXES = {
    variant: tag
    for tag in _TAGS
    if len(tag) == 2
    for variant in (tag, tag.lower(), tag.capitalize(), tag[0].lower() + tag[1])
}
_GAP = " \t\u3000"


def _match(line: str) -> tuple[str, str] | None:
    """A tag line, told apart from a wrapped abstract line that merely starts like one.

    The value may follow the tag without a space only for tags with a digit (`A1林行众`,
    `T1`, `K1`): a line such as `IP电话业务…` is text. A tag not in upper case (`vo 21`) is a
    tag unless its value starts like English prose (`no significant difference…`).
    """
    raw = line[:2]
    tag = _PREFIXES.get(raw)
    if tag is None:
        if line[:3].upper() != "URL":
            return None
        raw, tag = line[:3], "URL"
    rest = line[len(raw) :]
    if not rest:
        return tag, ""
    if rest[0] in _GAP:
        value = rest.lstrip(_GAP)
    elif rest[0] >= "\x80" and any(c.isdigit() for c in tag):
        value = rest
    else:
        return None
    if raw != tag and value[:1].islower():
        return None
    return tag, value


def sniff(text: str) -> bool:
    """Return True when the text starts like a RefWorks export (`RT …`, then other tags)."""
    lines = first_lines(text, 12)
    if not lines or (_match(lines[0]) or ("", ""))[0] != "RT":
        return False
    return sum(1 for line in lines[1:] if _match(line)) >= 2


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse a RefWorks export into Records."""
    split = split_records(text, match=_match, start={"RT"})
    return parse_tagged(split, _draft, file=file, stem=stem, fmt=NAME)


def _draft(raw: RawRecord) -> Draft:
    doc_type = doc_type_of(raw.first("RT"), raw.first("CL"), raw.first("DB"))
    journal = raw.first("JF", "JO", "T2")
    if journal is None and doc_type == "thesis":
        journal = raw.first("PB")  # the degree-granting university
    start = raw.first("SP")
    return Draft(
        title=raw.first("T1"),
        authors=raw.values("A1"),
        journal=journal,
        year=raw.first("YR", "FD"),
        volume=raw.first("VO"),
        issue=raw.first("IS"),
        pages=normalize_pages(start, raw.first("OP")) if start else raw.first("OP"),
        keywords=raw.values("K1"),
        abstract=raw.first("AB"),
        doc_type=doc_type,
    )
