"""Tagged exports to raw records: a tag starts a line, untagged lines continue the field above.

Tagged exports (RefWorks, EndNote, NoteExpress, E-Study, Web of Science, RIS) all work this
way, and a start tag begins a record. A reader supplies a function that recognises its tag
lines; `split_records` does the rest and keeps the line number of every record and field;
`parse_tagged` turns the raw records into Records through the reader's own `to_draft`.

The value side lives in its own modules (`values`, `doctypes`, `draft`, `columns`,
`sniffing`); the names below are re-exported so that `from kamlit.ingest.tagged import …`
keeps working.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from kamlit.errors import message
from kamlit.ingest.base import ParsedFile, Problem
from kamlit.ingest.columns import draft_from_named, field_for_name
from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft, finish
from kamlit.ingest.sniffing import first_lines
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
from kamlit.types import Record

__all__ = [
    "Draft",
    "RawField",
    "RawRecord",
    "Split",
    "TagMatch",
    "abstract_markers",
    "clean_text",
    "doc_type_of",
    "draft_from_named",
    "field_for_name",
    "finish",
    "first_lines",
    "join_lines",
    "normalize_issue",
    "normalize_pages",
    "parse_count",
    "parse_tagged",
    "parse_year",
    "split_authors",
    "split_list",
    "split_records",
    "stray_problem",
    "strip_zeros",
]


TagMatch = Callable[[str], tuple[str, str] | None]


@dataclass(slots=True)
class RawField:
    """One tagged field: its tag, its first value and any continuation lines.

    `text` (the lines joined by `join_lines`, stripped) is set when the record is closed.
    """

    tag: str
    lines: list[str]
    line: int
    text: str = ""


@dataclass(slots=True)
class RawRecord:
    """The tagged fields of one record, with where it starts in the file."""

    position: int
    line: int
    fields: list[RawField] = field(default_factory=list)
    terminated: bool = False
    index: dict[str, list[RawField]] = field(default_factory=dict, repr=False, compare=False)

    def close(self, *, terminated: bool) -> None:
        """Mark the record complete: join each field's lines and index the fields by tag."""
        self.terminated = terminated
        index = self.index
        for f in self.fields:
            lines = f.lines
            f.text = (lines[0] if len(lines) == 1 else join_lines(lines)).strip()
            if f.tag in index:
                index[f.tag].append(f)
            else:
                index[f.tag] = [f]

    def values(self, *tags: str) -> list[str]:
        """Joined values of every field with one of `tags`, in file order, empty ones dropped."""
        if len(tags) == 1:
            return [f.text for f in self.index.get(tags[0], ()) if f.text]
        wanted = set(tags)
        return [f.text for f in self.fields if f.tag in wanted and f.text]

    def first(self, *tags: str) -> str | None:
        """The first non-empty value, trying `tags` in the order given."""
        index = self.index
        for tag in tags:
            for f in index.get(tag, ()):
                if f.text:
                    return f.text
        return None

    def lines_of(self, *tags: str) -> list[str]:
        """Every physical line (value and continuations) of the fields with one of `tags`."""
        wanted = set(tags)
        return [ln for f in self.fields if f.tag in wanted for ln in f.lines if ln.strip()]


@dataclass(frozen=True)
class Split:
    """What `split_records` found: the records, and stray lines that belong to none."""

    records: list[RawRecord]
    stray: list[int]


def split_records(
    text: str,
    *,
    match: TagMatch,
    start: Collection[str],
    end: str | None = None,
    ignore: Collection[str] = (),
) -> Split:
    """Cut tagged text into records.

    `match(line)` returns `(tag, value)` for a tag line, else None. A tag in `start` opens a
    record (closing the open one); `end`, when given, closes it, and a record closed any other
    way is marked unterminated. Untagged non-blank lines continue the last field; blank lines
    are skipped. Tags in `ignore` (file headers such as `FN`, `VR`, `EF`) are dropped.
    """
    records: list[RawRecord] = []
    stray: list[int] = []
    current: RawRecord | None = None
    last: RawField | None = None
    unended = end is None  # how a record closed by anything but `end` counts
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line:
            continue
        found = match(line)
        if found is None:
            if last is not None:
                last.lines.append(line.lstrip())
            else:
                stray.append(number)
            continue
        tag, value = found
        if tag in start:
            if current is not None:
                current.close(terminated=unended)
            current = RawRecord(position=len(records) + 1, line=number)
            records.append(current)
            last = RawField(tag, [value.strip()], number)
            current.fields.append(last)
        elif tag == end:
            if current is None:
                stray.append(number)
            else:
                current.close(terminated=True)
            current, last = None, None
        elif tag in ignore:
            last = None
        elif current is None:
            stray.append(number)
            last = None
        else:
            last = RawField(tag, [value.strip()], number)
            current.fields.append(last)
    if current is not None:
        current.close(terminated=unended)
    return Split(records=records, stray=stray)


def join_lines(lines: Sequence[str]) -> str:
    """Join a wrapped value: a space between two Latin words, nothing inside Chinese text."""
    if len(lines) == 1:
        return lines[0]
    out = lines[0]
    for nxt in lines[1:]:
        if not nxt:
            continue
        if out and _is_latin(out[-1]) and _is_latin(nxt[0]):
            out += " " + nxt
        else:
            out += nxt
    return out


def _is_latin(char: str) -> bool:
    # Characters below the CJK blocks that are not spaces: letters, digits, ASCII punctuation.
    return char < "\u2e80" and not char.isspace()


def stray_problem(file: str, stray: Sequence[int], *, what: str) -> list[Problem]:
    """A note for text outside every record (page chrome, a truncated first record)."""
    if not stray:
        return []
    lines = ", ".join(str(n) for n in stray[:5]) + (", …" if len(stray) > 5 else "")
    return [
        Problem.of(
            file,
            "problem.stray_lines",
            line=stray[0],
            skipped=False,
            n=len(stray),
            what=message(what),
            lines=lines,
        )
    ]


def parse_tagged(
    split: Split,
    to_draft: Callable[[RawRecord], Draft],
    *,
    file: str,
    stem: str,
    fmt: str,
    end: str | None = None,
    what: str = "problem.untagged",
) -> ParsedFile:
    """Turn split records into Records via the reader's `to_draft`; report what is malformed."""
    records: list[Record] = []
    problems = stray_problem(file, split.stray, what=what)
    for raw in split.records:
        if not raw.terminated:
            problems.append(
                Problem.of(
                    file,
                    "problem.unterminated",
                    line=raw.line,
                    position=raw.position,
                    end=repr(end),
                )
            )
            continue
        record, found = finish(
            to_draft(raw), file=file, stem=stem, fmt=fmt, position=raw.position, line=raw.line
        )
        problems.extend(found)
        if record is not None:
            records.append(record)
    return ParsedFile(records=tuple(records), problems=tuple(problems))
