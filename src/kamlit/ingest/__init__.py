"""Read records from files and folders: detect each file's format, decode it, parse it.

`read_paths` is the entry point. A file named on the command line that cannot be read is an
error; a file met while walking a folder that is not a known format is reported and skipped.
Whatever the bytes, only `kamlit.errors` exceptions leave `read_paths`: a record holding
damaged bytes (NUL, undecodable) is skipped and reported, the rest of its file still loads.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from kamlit.errors import InputError, UsageError, message
from kamlit.gcpause import paused_gc
from kamlit.ingest.base import FileReport, IngestResult, Merge, ParsedFile, Problem
from kamlit.ingest.decode import DecodedText, read_text
from kamlit.ingest.dedupe import dedupe_records
from kamlit.ingest.formats import READERS, detect_format
from kamlit.types import Record

__all__ = [
    "FileReport",
    "IngestResult",
    "Merge",
    "ParsedFile",
    "Problem",
    "default_inputs",
    "read_paths",
]


def default_inputs() -> list[Path]:
    """Return `./corpus/` when it exists, else the corpus bundled with the package."""
    local = Path("corpus")
    if local.is_dir():
        return [local]
    bundled = resources.files("kamlit").joinpath("data/corpus")
    return [Path(str(bundled))]


def read_paths(
    paths: Sequence[str | Path], *, format: str = "auto", dedupe: bool = True
) -> IngestResult:
    """Read every record from the given files and folders (recursively), in input order.

    With `dedupe`, records that are the same work (see `kamlit.ingest.dedupe`) are merged
    and each merge is listed in the result.
    """
    if format != "auto" and format not in READERS:
        known = ", ".join(["auto", *READERS])
        raise UsageError(message("error.format_setting", format=format, known=known))
    with paused_gc():
        return _read(paths, format=format, dedupe=dedupe)


def _read(paths: Sequence[str | Path], *, format: str, dedupe: bool) -> IngestResult:
    files, problems = _collect(paths)
    prefixes = _id_prefixes([f for f, _ in files])
    records: list[Record] = []
    reports: list[FileReport] = []
    for path, explicit in files:
        try:
            decoded = read_text(path)
            name = format if format != "auto" else _detect(decoded.text, path)
            if name is None:
                raise InputError(
                    message("error.unknown_format", known=", ".join(READERS)), path=path
                )
            parsed = _parse(name, decoded, path=path, stem=prefixes[path])
        except InputError as exc:
            if explicit:
                raise
            problems.append(Problem.of(str(path), "problem.file_skipped", message=exc.notice))
            continue
        problems.extend(
            Problem(file=path.name, message=note, skipped=False, notice=notice)
            for note, notice in zip(decoded.notes, decoded.notices, strict=True)
        )
        problems.extend(parsed.problems)
        if not parsed.records:
            why = (
                message("error.no_record_because", name=name, problem=parsed.problems[0].located())
                if parsed.problems
                else message("error.no_record", name=name)
            )
            raise InputError(why, path=path)
        records.extend(parsed.records)
        reports.append(
            FileReport(
                path=str(path), format=name, encoding=decoded.encoding, records=len(parsed.records)
            )
        )
    if not records:
        where = ", ".join(str(p) for p in paths)
        raise InputError(message("error.nothing_readable"), path=where)
    merges: tuple[Merge, ...] = ()
    kept: Sequence[Record] = records
    if dedupe:
        kept, merges = dedupe_records(records)
    return IngestResult(
        records=tuple(kept), files=tuple(reports), problems=tuple(problems), merges=merges
    )


def _detect(text: str, path: Path) -> str | None:
    try:
        return detect_format(text)
    except RecursionError:
        raise InputError(message("error.detect_deep"), path=path) from None
    except Exception as exc:  # a reader's sniff must never end the program with a traceback
        raise InputError(message("error.detect_failed", error=_describe(exc)), path=path) from exc


def _parse(name: str, decoded: DecodedText, *, path: Path, stem: str) -> ParsedFile:
    """Parse with the named reader, then drop the records that hold damaged lines."""
    try:
        parsed: ParsedFile = READERS[name].parse(decoded.text, file=path.name, stem=stem)
    except RecursionError:
        raise InputError(message("error.parse_deep", name=name), path=path) from None
    except Exception as exc:  # a reader bug must be a one-line error, not a traceback
        raise InputError(
            message("error.parse_failed", name=name, error=_describe(exc)), path=path
        ) from exc
    if decoded.damaged:
        return _drop_damaged(parsed, decoded.damaged, file=path.name)
    return parsed


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _drop_damaged(parsed: ParsedFile, damaged: Sequence[int], *, file: str) -> ParsedFile:
    """Skip each record whose lines hold damage (NUL, control or undecodable bytes).

    A record's lines run from its first line to the next record's first line, counting the
    records the reader skipped itself (their problems give their first line). Damaged lines
    before the first record, or inside an already skipped record, drop nothing.
    """
    marks: set[tuple[int, int]] = set()
    for i, record in enumerate(parsed.records):
        if record.source.line is not None:
            marks.add((record.source.line, i))
    for problem in parsed.problems:
        if problem.skipped and problem.line is not None:
            marks.add((problem.line, -1))
    starts = sorted(marks)
    lines = [line for line, _ in starts]
    bad: dict[int, int] = {}  # index of a loaded record -> its first damaged line
    loose: list[int] = []
    for line in damaged:
        at = bisect_right(lines, line) - 1
        if at < 0:
            loose.append(line)
        elif starts[at][1] >= 0:
            bad.setdefault(starts[at][1], line)
    problems = list(parsed.problems)
    for index, line in sorted(bad.items(), key=lambda item: item[1]):
        record = parsed.records[index]
        problems.append(Problem.of(file, "problem.damaged_record", line=line, id=record.id))
    if loose:
        problems.append(
            Problem.of(file, "problem.damaged_lines", line=loose[0], skipped=False, n=len(loose))
        )
    kept = tuple(r for i, r in enumerate(parsed.records) if i not in bad)
    return ParsedFile(records=kept, problems=tuple(problems))


def _collect(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Expand folders (sorted, recursive, hidden entries skipped); keep explicit files."""
    files: list[tuple[Path, bool]] = []
    seen: set[Path] = set()
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(message("error.empty_folder"), path=path)
            for p in found:
                if p.resolve() not in seen:
                    seen.add(p.resolve())
                    files.append((p, False))
        elif path.exists():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append((path, True))
        else:
            raise InputError(message("error.not_found"), path=path)
    return files, problems


def _id_prefixes(files: Sequence[Path]) -> dict[Path, str]:
    """Record ids are `<prefix>:<position>`, the prefix unique among the files read together.

    The prefix is the file's stem; files whose prefixes clash fall back to their name, then
    to their path, then to their path and a number in input order, until every prefix is
    unique (`x.txt`, `x.csv` and `x.txt.ris` in one folder give `x.txt`, `x.csv` and
    `x.txt.ris`). The same set of files always gets the same prefixes.
    """
    levels = dict.fromkeys(files, 0)

    def prefix(f: Path, index: int) -> str:
        level = levels[f]
        if level == 0:
            return f.stem
        if level == 1:
            return f.name
        if level == 2:
            return f.as_posix()
        return f"{f.as_posix()}#{index + 1}"

    while True:
        current = {f: prefix(f, i) for i, f in enumerate(files)}
        holders: dict[str, list[Path]] = {}
        for f, p in current.items():
            holders.setdefault(p, []).append(f)
        clashing = [group for group in holders.values() if len(group) > 1]
        if not clashing:
            return current
        for group in clashing:
            # Only the shortest prefixes of a clash grow: `x.txt.ris` (stem `x.txt`) gives way
            # to `x.txt` (already at its name), not the other way round.
            lowest = min(levels[f] for f in group)
            for f in group:
                if levels[f] == lowest:
                    levels[f] += 1
