"""Read records from files and folders: detect each file's format, decode it, parse it.

`read_paths` is the entry point. A file named on the command line that cannot be read is an
error; a file met while walking a folder that is not a known format is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from kamlit.errors import InputError, UsageError
from kamlit.gcpause import paused_gc
from kamlit.ingest.base import FileReport, IngestResult, Merge, ParsedFile, Problem
from kamlit.ingest.decode import read_text
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
        raise UsageError(f"unknown format {format!r}; expected one of {known}")
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
            name = format if format != "auto" else detect_format(decoded.text)
            if name is None:
                raise InputError(
                    "unknown format: not a listing page or a known export format "
                    f"(known: {', '.join(READERS)})",
                    path=path,
                )
        except InputError as exc:
            if explicit:
                raise
            problems.append(Problem(file=str(path), message=f"{exc.message}; file skipped"))
            continue
        problems.extend(
            Problem(file=path.name, message=note, skipped=False) for note in decoded.notes
        )
        parsed: ParsedFile = READERS[name].parse(decoded.text, file=path.name, stem=prefixes[path])
        problems.extend(parsed.problems)
        if not parsed.records:
            detail = f" ({parsed.problems[0].render()})" if parsed.problems else ""
            raise InputError(f"no record could be read as {name}{detail}", path=path)
        records.extend(parsed.records)
        reports.append(
            FileReport(
                path=str(path), format=name, encoding=decoded.encoding, records=len(parsed.records)
            )
        )
    if not records:
        where = ", ".join(str(p) for p in paths)
        raise InputError(
            "nothing readable: no file there holds records in a known format", path=where
        )
    merges: tuple[Merge, ...] = ()
    kept: Sequence[Record] = records
    if dedupe:
        kept, merges = dedupe_records(records)
    return IngestResult(
        records=tuple(kept), files=tuple(reports), problems=tuple(problems), merges=merges
    )


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
                raise InputError("directory holds no files", path=path)
            for p in found:
                if p.resolve() not in seen:
                    seen.add(p.resolve())
                    files.append((p, False))
        elif path.exists():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append((path, True))
        else:
            raise InputError("no such file or directory", path=path)
    return files, problems


def _id_prefixes(files: Sequence[Path]) -> dict[Path, str]:
    """Record ids are `<file stem>:<position>`; clashing stems fall back to longer names."""
    by_stem: dict[str, list[Path]] = {}
    for f in files:
        by_stem.setdefault(f.stem, []).append(f)
    prefixes: dict[Path, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            prefixes[group[0]] = stem
            continue
        names = {f: f.name for f in group}
        if len(set(names.values())) < len(group):
            names = {f: f.as_posix() for f in group}
        prefixes.update(names)
    return prefixes
