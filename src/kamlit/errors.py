"""Errors kamlit raises on purpose; the CLI turns them into one line and an exit code."""

from __future__ import annotations

from pathlib import Path


class KamlitError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.render())

    def render(self) -> str:
        """Return `file:line: message` (the parts that are known)."""
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + self.message


class InputError(KamlitError):
    """The input was bad: empty, binary, unknown format, unreadable, malformed (exit 1)."""


class UsageError(KamlitError):
    """The command was called wrongly: bad option value, unknown setting (exit 2)."""

    exit_code = 2


class OutputError(KamlitError, OSError):
    """An output could not be written: not a regular file, disk full, no permission (exit 1).

    It is also an OSError, so code that treats a failed write as "costs speed only" (the
    cache) keeps catching it as one.
    """
