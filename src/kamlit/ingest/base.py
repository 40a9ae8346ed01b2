"""What every reader returns, and what `read_paths` reports about a whole ingest."""

from __future__ import annotations

from dataclasses import dataclass

from kamlit.types import Record


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, reported to the user: `file:line: message`."""

    file: str
    message: str
    line: int | None = None
    skipped: bool = True  # True: a record (or file) was not loaded; False: a warning only

    def render(self) -> str:
        """Return the one-line form."""
        where = self.file + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ParsedFile:
    """The records and problems a reader found in one file's text."""

    records: tuple[Record, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class FileReport:
    """One input file: its format, encoding and how many records it gave."""

    path: str
    format: str
    encoding: str
    records: int


@dataclass(frozen=True)
class Merge:
    """Two records found to be the same work: `dropped` was merged into `kept`."""

    kept: str
    dropped: str
    reason: str


@dataclass(frozen=True)
class IngestResult:
    """Everything an ingest produced: records in input order, per-file reports, problems."""

    records: tuple[Record, ...]
    files: tuple[FileReport, ...]
    problems: tuple[Problem, ...] = ()
    merges: tuple[Merge, ...] = ()
