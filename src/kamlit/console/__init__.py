"""Terminal output of the `kamlit` commands, drawn with rich (never Typer).

One module per command family turns a library result into tables and lines: `ingest`,
`text` (segment, terms, kwic), `topics`, `graph`, `summarize`, `run` (progress, run and report
summaries) and `settings` (`config show`). This module makes the two consoles they print on.
"""

from __future__ import annotations

import sys

from rich.console import Console


def stdout_console() -> Console:
    """The console for results; piped output gets a fixed width wide enough for the tables."""
    # rich would use 80 columns when stdout is not a terminal.
    width = None if sys.stdout.isatty() else 120
    return Console(highlight=False, soft_wrap=False, width=width)


def stderr_console() -> Console:
    """The console for notes, warnings, errors and progress."""
    return Console(stderr=True, highlight=False)
