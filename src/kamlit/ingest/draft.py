"""A record's raw values (`Draft`) and `finish`, which cleans them into a Record or a Problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from kamlit.errors import message
from kamlit.i18n import Notice
from kamlit.ingest.base import Problem
from kamlit.ingest.values import (
    abstract_markers,
    clean_text,
    normalize_issue,
    normalize_pages,
    parse_count,
    parse_year,
    split_authors,
    split_list,
    strip_zeros,
)
from kamlit.types import Citations, Record, Source


@dataclass
class Draft:
    """A record's raw values as a reader found them, before cleaning and checking."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    truncated: bool = False
    cited: str | None = None
    cited_self: str | None = None
    cited_other: str | None = None
    doc_type: str | None = None


def finish(
    draft: Draft, *, file: str, stem: str, fmt: str, position: int, line: int
) -> tuple[Record | None, list[Problem]]:
    """Clean a Draft into a Record; a record with neither title nor abstract is a Problem."""
    problems: list[Problem] = []
    title = clean_text(draft.title)
    if title is not None:
        title = title.replace("\n", " ")
    abstract, lead = abstract_markers(draft.abstract)
    if title is None and not abstract:
        return None, [Problem.of(file, "problem.empty_record", line=line, position=position)]
    year = parse_year(draft.year)
    if year is None and clean_text(draft.year):
        problems.append(
            Problem.of(
                file,
                "problem.bad_year",
                line=line,
                skipped=False,
                position=position,
                value=_quote(draft.year),
            )
        )
    citations = Citations(
        total=_count(draft.cited, "problem.count.total", problems, file, line, position),
        self_=_count(draft.cited_self, "problem.count.self", problems, file, line, position),
        other=_count(draft.cited_other, "problem.count.other", problems, file, line, position),
    )
    journal = clean_text(draft.journal)
    doc_type = draft.doc_type or ("journal" if journal else "other")
    record = Record(
        id=f"{stem}:{position}",
        title=title,
        authors=tuple(split_authors(draft.authors)),
        journal=journal.replace("\n", " ") if journal else None,
        year=year,
        volume=strip_zeros(draft.volume),
        issue=normalize_issue(draft.issue),
        pages=normalize_pages(draft.pages),
        keywords=tuple(split_list(draft.keywords)),
        abstract=abstract,
        truncated=draft.truncated or lead,
        citations=citations,
        doc_type=doc_type,
        source=Source(file=file, format=fmt, line=line),
    )
    return record, problems


def _count(
    value: str | None, what: str, problems: list[Problem], file: str, line: int, position: int
) -> int | None:
    if value is None:
        return None
    count = parse_count(value)
    if count is None and clean_text(value):
        problems.append(
            Problem.of(
                file,
                "problem.bad_count",
                line=line,
                skipped=False,
                position=position,
                what=message(what),
                value=_quote(value),
            )
        )
    return count


def _quote(value: str | None, limit: int = 60) -> str | Notice:
    """A value for a message: quoted, and cut short when it is long."""
    text = value or ""
    if len(text) > limit:
        return message("problem.long_value", value=repr(text[:limit]), n=len(text))
    return repr(text)
