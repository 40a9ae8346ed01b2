"""Saved result listings of Chinese journal sites ("相似文献" / "检索结果" pages), text or HTML.

A listing is a run of numbered records (`N.` on a line of its own, or followed by the title).
A record may have a title line (possibly with `总被引:a,自引:b,他引:c`), a source line
(`作者 《期刊》2003,(2):45-46`) and the abstract, usually ended by the link text `相似文献`.
Everything outside the numbered records (navigation, hit count, footer) is page chrome.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kamlit.ingest.base import ParsedFile, Problem
from kamlit.ingest.html import html_to_lines, looks_like_html
from kamlit.types import Citations, Record, Source

NAME = "listing"

# Every pattern here runs in linear time on any line: no two adjacent pieces can match the
# same characters (`\s*[,，]?\s*` could split a run of spaces many ways and backtrack).
_NUMBER = re.compile(r"\s*(\d{1,5})\s*[.．、](.*)")
_CITES = re.compile(
    r"总被引\s*[:：]\s*(\d+)\s*(?:[,，]\s*)?自引\s*[:：]\s*(\d+)\s*(?:[,，]\s*)?"
    r"他引\s*[:：]\s*(\d+)"
)
_TRAILER_WORD = "相似文献"
_HITS = re.compile(r"共(?:查询|检索|找)到\s*(\d+)\s*条")
# Counts longer than this are not counts (and `int` refuses strings past 4,300 digits).
_MAX_DIGITS = 12
_SOURCE = re.compile(
    r"^(?P<authors>[^《》]*?)\s*《(?P<journal>[^《》]+)》\s*[,，]?\s*"
    r"(?P<year>(?:1[89]|20)\d{2})\s*(?:年)?\s*[,，]?\s*"
    r"(?:(?P<volume>\d+)\s*)?"
    r"(?:[(（]\s*(?P<issue>[^()（）]+?)\s*[)）])?\s*"
    r"(?:[:：]\s*(?P<pages>[0-9A-Za-z]+(?:\s*[-–~+,，]\s*[0-9A-Za-z]+)*))?\s*$"
)
_AUTHOR_SPLIT = re.compile(r"[\s,，;；、]+")
_SENTENCE_END = set("。！？!?.")
_CLOSERS = "”’」』）)】》\"'"
_CLAUSE_END = re.compile(r"[，,。：:；;！？!?、（(“\"]")
# Whitespace a saved page uses for layout; inner runs collapse to one space.
_SPACES = re.compile(r"[\s\u00a0\u3000]+")


def sniff(text: str) -> bool:
    """Return True when the text looks like a saved result listing (text or HTML)."""
    lines = _lines(text)
    numbered = sum(1 for _, line in lines if _NUMBER.match(line))
    marked = any(("相似文献" in line or "检索结果" in line) for _, line in lines[:400])
    trailers = sum(1 for _, line in lines if _strip_trailer(_clean(line)) is not None)
    return numbered >= 1 and (marked or trailers >= 1)


def parse(text: str, *, file: str, stem: str) -> ParsedFile:
    """Parse a listing page (plain text or saved HTML) into Records."""
    lines = _lines(text)
    _lines.cache_clear()
    starts = _record_starts(lines)
    records: list[Record] = []
    problems: list[Problem] = []
    expected = _expected_count(lines[: starts[0]] if starts else lines)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = lines[start:end]
        position = int(_NUMBER.match(block[0][1]).group(1))  # type: ignore[union-attr]
        parsed = _parse_block(
            block, file=file, stem=stem, position=position, last=index + 1 == len(starts)
        )
        problems.extend(parsed.problems)
        if parsed.record is not None:
            records.append(parsed.record)
    if expected is not None and expected != len(starts) and starts:
        problems.append(
            Problem.of(
                file, "problem.listing_count", skipped=False, expected=expected, found=len(starts)
            )
        )
    return ParsedFile(records=tuple(records), problems=tuple(problems))


@lru_cache(maxsize=1)
def _lines(text: str) -> tuple[tuple[int, str], ...]:
    """The text's lines with their numbers; a saved HTML page's visible lines.

    Cached: detection (`sniff`) and `parse` ask for the lines of the same text in turn, and
    parsing a large page's HTML twice would double the cost of reading it. `parse` empties
    the cache when done, so no text outlives its reading.
    """
    if looks_like_html(text):
        return tuple(html_to_lines(text))
    return tuple(enumerate(text.split("\n"), start=1))


def _clean(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _strip_trailer(line: str) -> str | None:
    """The line without its trailing `| 相似文献` link text, or None when it has none."""
    text = line.rstrip()
    if not text.endswith(_TRAILER_WORD):
        return None
    text = text[: -len(_TRAILER_WORD)].rstrip()
    if text.endswith("|"):
        text = text[:-1]
    return text.strip()


def _number(line: str) -> tuple[int, str] | None:
    """A record-number line: the number and the rest of the line (stripped)."""
    found = _NUMBER.match(line)
    return (int(found.group(1)), found.group(2).strip()) if found else None


def _count(digits: str) -> int | None:
    return int(digits) if len(digits) <= _MAX_DIGITS else None


def _record_starts(lines: Sequence[tuple[int, str]]) -> list[int]:
    """Indexes of record-number lines: numbered in sequence, each number one more than the last."""
    starts: list[int] = []
    previous: int | None = None
    for index, (_, line) in enumerate(lines):
        match = _NUMBER.match(line)
        if not match:
            continue
        number = int(match.group(1))
        rest = _clean(match.group(2))
        if previous is None:
            # The first record: a bare number line, or a number followed by a title.
            if rest and (_CITES.search(rest) is None and len(rest) > 120):
                continue
            starts.append(index)
            previous = number
        elif number == previous + 1:
            starts.append(index)
            previous = number
    return starts


def _expected_count(lines: Sequence[tuple[int, str]]) -> int | None:
    for _, line in lines:
        match = _HITS.search(line)
        if match:
            return _count(match.group(1))
    return None


@dataclass(frozen=True)
class _BlockResult:
    record: Record | None
    problems: tuple[Problem, ...]


def _parse_block(
    block: Sequence[tuple[int, str]], *, file: str, stem: str, position: int, last: bool
) -> _BlockResult:
    first_line, number_line = block[0]
    heading = _clean(_NUMBER.match(number_line).group(2))  # type: ignore[union-attr]
    content: list[str] = [heading] if heading else []
    ended = False
    for _, raw in block[1:]:
        line = _clean(raw)
        if not line:
            if content and last and ended:
                break
            continue
        if ended:
            # Text after the trailer belongs to the page (the footer, after the last record).
            break
        stripped = _strip_trailer(line)
        if stripped is not None:
            line = stripped
            ended = True
            if line:
                content.append(line)
            continue
        content.append(line)
    if not ended and last:
        # No trailer: the record ends at its first blank line; what follows is page chrome.
        content = _until_blank(block)
    problems: list[Problem] = []
    title: str | None = None
    citations = Citations()
    source_fields: dict[str, str | None] = {}
    while content:
        line = content[0]
        cites = _CITES.search(line)
        source = _SOURCE.match(line) if len(content) > 1 else None
        if cites:
            title = title or _clean(line[: cites.start()]) or None
            citations = Citations(
                total=_count(cites.group(1)),
                self_=_count(cites.group(2)),
                other=_count(cites.group(3)),
            )
        elif source:
            source_fields = source.groupdict()
        elif title is None and len(content) > 1 and _looks_like_title(line):
            title = line
        else:
            break
        content.pop(0)
    abstract = "\n".join(content).strip()
    if not abstract:
        problems.append(Problem.of(file, "problem.no_abstract", line=first_line, position=position))
        return _BlockResult(record=None, problems=tuple(problems))
    abstract, truncated = _strip_truncation(abstract)
    authors: tuple[str, ...] = tuple(
        a for a in _AUTHOR_SPLIT.split(source_fields.get("authors") or "") if a
    )
    if title is None and not source_fields:
        glued = split_glued_heading(abstract)
        if glued is not None:
            title, author, abstract = glued
            authors = (author,)
            problems.append(
                Problem.of(
                    file,
                    "problem.glued",
                    line=first_line,
                    skipped=False,
                    position=position,
                    title=title,
                    author=author,
                )
            )
    record = Record(
        id=f"{stem}:{position}",
        title=title,
        authors=authors,
        journal=source_fields.get("journal"),
        year=_year(source_fields.get("year")),
        volume=source_fields.get("volume"),
        issue=_issue(source_fields.get("issue")),
        pages=_pages(source_fields.get("pages")),
        abstract=abstract,
        truncated=truncated,
        citations=citations,
        doc_type="journal",
        source=Source(file=file, format=NAME, line=first_line),
    )
    return _BlockResult(record=record, problems=tuple(problems))


def _until_blank(block: Sequence[tuple[int, str]]) -> list[str]:
    heading = _clean(_NUMBER.match(block[0][1]).group(2))  # type: ignore[union-attr]
    out: list[str] = [heading] if heading else []
    for _, raw in block[1:]:
        line = _clean(raw)
        if not line:
            if len(out) > (1 if heading else 0):
                break
            continue
        out.append(line)
    return out


def _looks_like_title(line: str) -> bool:
    """A title line: short, one clause-ish, not ending like a sentence."""
    if len(line) > 80:
        return False
    return line.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END | {"；", ";", "，", ","}


def _strip_truncation(abstract: str) -> tuple[str, bool]:
    """Remove a trailing ellipsis the site added; report whether the abstract was cut."""
    cut = _ellipsis_start(abstract)
    if cut is not None:
        return abstract[:cut].rstrip(), True
    tail = abstract.rstrip().rstrip(_CLOSERS)
    return abstract, tail[-1:] not in _SENTENCE_END


def _ellipsis_start(text: str) -> int | None:
    r"""Where a trailing ellipsis (`…`, `...` or `。。。`, any length) starts, if there is one.

    A scan from the end: a pattern such as `。{3,}\s*$` tried at every position of a long
    run of `。` takes quadratic time.
    """
    end = len(text.rstrip())
    if end == 0:
        return None
    mark = text[end - 1]
    if mark not in "….。":
        return None
    start = end
    while start > 0 and text[start - 1] == mark:
        start -= 1
    if mark == "…" or end - start >= 3:
        return start
    return None


def _year(value: str | None) -> int | None:
    return int(value) if value else None


def _issue(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value.lstrip("0") or value if value.isdigit() else value


def _pages(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"\s+", "", value).replace("–", "-").replace("~", "-")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("kamlit").joinpath("data/surnames.txt").read_text(encoding="utf-8")
    names = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


def split_glued_heading(abstract: str) -> tuple[str, str, str] | None:
    """Recover `(title, author, abstract)` when a title and author were glued onto the abstract.

    The rule: the abstract's first clause is unusually long and holds a surname at a point
    where (a) the text before it (the title) shares a word-like pair of characters with the
    rest of the abstract (titles echo their abstracts), and (b) no pair of characters of the
    name recurs in the text (words recur; names rarely do). The earliest such point wins; a
    name has 3 characters (4 with a compound surname), the most common length.
    """
    clause = _CLAUSE_END.search(abstract)
    first = abstract[: clause.start()] if clause else abstract
    if len(first) < 20:
        return None
    single, compound = _surnames()
    for i in range(4, len(first) - 6):
        if first[i : i + 2] in compound:
            size = 4
        elif first[i] in single:
            size = 3
        else:
            continue
        title, name, rest = abstract[:i], abstract[i : i + size], abstract[i + size :]
        if not all(_is_cjk(c) for c in name) or len(first) - (i + size) < 4:
            continue
        pairs = [name[j : j + 2] for j in range(len(name) - 1)]
        if any(p in rest or p in title for p in pairs):
            continue
        echoes = any(
            _is_cjk(title[j]) and _is_cjk(title[j + 1]) and title[j : j + 2] in rest
            for j in range(len(title) - 1)
        )
        if echoes and _is_cjk(title[-1]):
            return title.strip(), name, rest.strip()
    return None


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
