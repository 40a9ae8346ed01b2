"""What every reader returns, and what `read_paths` reports about a whole ingest."""

from __future__ import annotations

from dataclasses import dataclass, field

from kamlit.errors import english, located, message, text
from kamlit.i18n import Catalogue, Notice, Value
from kamlit.types import Record


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, reported to the user: `file:line: message`.

    `message` is the English (what JSON outputs and manifest.json keep); `notice`, when the
    problem was made with `Problem.of`, is the same message as a catalogue key and values, so
    the terminal shows it in the chosen language (`render("zh")`).
    """

    file: str
    message: str
    line: int | None = None
    skipped: bool = True  # True: a record (or file) was not loaded; False: a warning only
    notice: Notice | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        file: str,
        key: str,
        /,
        *,
        line: int | None = None,
        skipped: bool = True,
        **values: Value | Notice,
    ) -> Problem:
        """The problem of catalogue message `key` with these values."""
        notice = message(key, **values)
        return cls(file=file, message=english(notice), line=line, skipped=skipped, notice=notice)

    def where(self) -> str:
        """`file` or `file:line`."""
        return self.file + (f":{self.line}" if self.line is not None else "")

    def located(self) -> Notice:
        """The one-line form as a notice."""
        return located(self.where(), self.notice or text(self.message))

    def render(self, lang: str = "en") -> str:
        """Return the one-line form, in `lang` (zh or en; en is the English `message`)."""
        if lang != "zh" or self.notice is None:
            return f"{self.where()}: {self.message}"
        return Catalogue("zh").notice(self.located())


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
