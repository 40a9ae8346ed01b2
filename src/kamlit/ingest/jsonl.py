"""JSON Lines of Records (the README's record schema), such as `kamlit ingest --out` writes.

Each non-blank line is one JSON object. Keys follow the Record schema; other names for the
same fields (`Title`, `题名`, `作者` …, as for CSV) are accepted too, and unknown keys are
ignored. Values are normalised like every other format's. Ids and sources are re-assigned
(`<file stem>:<position>`, this file and line), so problems and merges point at the file
being read. A line that is not a JSON object is malformed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kamlit.errors import json_reason
from kamlit.ingest.base import ParsedFile, Problem
from kamlit.ingest.columns import draft_from_named, field_for_name
from kamlit.ingest.draft import finish
from kamlit.ingest.sniffing import first_lines
from kamlit.types import Record

NAME = "jsonl"

_LIST_FIELDS = ("authors", "keywords")
# Record keys this reader sets itself (`source` would otherwise read as the journal's name).
_REASSIGNED = frozenset({"id", "source"})
# A JSON escape can name half a surrogate pair (`"\ud800"`), which no UTF-8 output can hold.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _loads(line: str) -> Any:
    """`json.loads` keeping integers as their digits (no 4,300-digit limit; counts are checked
    later) and raising ValueError for nesting too deep to parse."""
    try:
        return json.loads(line, parse_int=str)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def sniff(text: str) -> bool:
    """Return True when the first line starts a JSON object and some early line is a record."""
    lines = first_lines(text, 20)
    if not lines or not lines[0].lstrip().startswith(('{"', "{ ")):
        return False
    for line in lines:
        try:
            data = _loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and any(field_for_name(str(k)) for k in data):
            return True
    return False


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse JSON Lines into Records, one per non-blank line."""
    records: list[Record] = []
    problems: list[Problem] = []
    position = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        position += 1
        try:
            data = _loads(line)
        except ValueError as exc:
            reason = json_reason(getattr(exc, "msg", str(exc)))
            column = getattr(exc, "colno", None)
            problems.append(
                Problem.of(
                    file,
                    "problem.not_json_at",
                    line=number,
                    position=position,
                    reason=reason,
                    column=column,
                )
                if column
                else Problem.of(
                    file, "problem.not_json", line=number, position=position, reason=reason
                )
            )
            continue
        if not isinstance(data, dict):
            problems.append(
                Problem.of(
                    file,
                    "problem.not_object",
                    line=number,
                    position=position,
                    kind=type(data).__name__,
                )
            )
            continue
        record, found = _record(data, file=file, stem=stem, position=position, line=number)
        problems.extend(found)
        if record is not None:
            records.append(record)
    return ParsedFile(records=tuple(records), problems=tuple(problems))


def _record(
    data: dict[str, Any], *, file: str, stem: str, position: int, line: int
) -> tuple[Record | None, list[Problem]]:
    named: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for key, value in data.items():
        if key in _REASSIGNED:
            continue
        name = "cited" if key == "citations" else field_for_name(_SURROGATE.sub("", str(key)))
        if name is None or value is None or name in named or name in lists:
            continue
        if name == "cited" and isinstance(value, dict):
            for part, target in (
                ("total", "cited"),
                ("self", "cited_self"),
                ("other", "cited_other"),
            ):
                if value.get(part) is not None:
                    named[target] = _text(value[part])
        elif name in _LIST_FIELDS and isinstance(value, list):
            lists[name] = [_text(item) for item in value if item is not None]
        else:
            named[name] = _text(value)
    draft = draft_from_named(named)
    draft.authors = lists.get("authors", draft.authors)
    draft.keywords = lists.get("keywords", draft.keywords)
    return finish(draft, file=file, stem=stem, fmt=NAME, position=position, line=line)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        try:
            text = json.dumps(value, ensure_ascii=False)
        except RecursionError:
            text = "…"
    else:
        text = str(value)
    return _SURROGATE.sub("\ufffd", text)
