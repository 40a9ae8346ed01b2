"""CSV (or tab-separated) tables with a header row naming the columns, Chinese or English.

Column names map to Record fields without regard to case (`题名`/`篇名`/`Title`,
`作者`/`Author`, `摘要`/`Abstract`, `年`/`Year`, `刊名`/`来源`/`Source`, `被引`/`Cited`, …;
CNKI's `Title-题名` style too). Unknown columns are ignored. A row whose number of fields
differs from the header's is malformed.
"""

from __future__ import annotations

import csv
import io
import re

from kamlit.errors import message, text
from kamlit.i18n import Notice
from kamlit.ingest.base import ParsedFile, Problem
from kamlit.ingest.columns import draft_from_named, field_for_name
from kamlit.ingest.draft import finish
from kamlit.ingest.sniffing import first_lines
from kamlit.types import Record

NAME = "csv"

_DELIMITERS = (",", "\t", ";")


def _header_fields(line: str, delimiter: str) -> list[str | None]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [field_for_name(cell) for cell in cells]


def _delimiter(text: str) -> str | None:
    """The delimiter giving the header with most known columns (one a title or abstract)."""
    lines = first_lines(text, 1)
    if not lines:
        return None
    best, best_count = None, 1
    for delimiter in _DELIMITERS:
        fields = [f for f in _header_fields(lines[0], delimiter) if f]
        if ("title" in fields or "abstract" in fields) and len(set(fields)) > best_count:
            best, best_count = delimiter, len(set(fields))
    return best


def sniff(text: str) -> bool:
    """Return True when the first line is a header naming a title or abstract column and more."""
    return _delimiter(text) is not None


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse a CSV/TSV table into Records, one per data row."""
    delimiter = _delimiter(text) or ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[Record] = []
    problems: list[Problem] = []
    header: list[str | None] | None = None
    position = 0
    start = 1
    try:
        for row in rows:
            line, start = start, rows.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [field_for_name(cell) for cell in row]
                continue
            position += 1
            if len(row) > len(header) and not any(c.strip() for c in row[len(header) :]):
                row = row[: len(header)]
            if len(row) != len(header):
                problems.append(
                    Problem.of(
                        file,
                        "problem.csv_fields",
                        line=line,
                        position=position,
                        n=len(row),
                        header=len(header),
                        delimiter=delimiter,
                    )
                )
                continue
            named: dict[str, str] = {}
            for name, cell in zip(header, row, strict=True):
                if name and cell.strip() and name not in named:
                    named[name] = cell  # the first non-empty of two columns naming one field
            record, found = finish(
                draft_from_named(named),
                file=file,
                stem=stem,
                fmt=NAME,
                position=position,
                line=line,
            )
            problems.extend(found)
            if record is not None:
                records.append(record)
    except csv.Error as exc:
        problems.append(Problem.of(file, "problem.not_csv", line=rows.line_num, error=_reason(exc)))
    return ParsedFile(records=tuple(records), problems=tuple(problems))


_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


def _reason(exc: csv.Error) -> Notice:
    """The csv module's message, translatable when it is the field-size limit."""
    found = _FIELD_LIMIT.fullmatch(str(exc))
    if found is not None:
        return message("csv.field_limit", limit=found.group(1))
    return text(exc)
