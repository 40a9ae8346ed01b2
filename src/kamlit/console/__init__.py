"""Terminal output of the `kamlit` commands, drawn with rich (never Typer).

One module per command family turns a library result into tables and lines: `ingest`,
`text` (segment, terms, kwic), `topics`, `graph`, `summarize`, `run` (progress, run and report
summaries) and `settings` (`config show`). This module makes the two consoles they print on.

Every renderer takes `lang` ("zh", "en", or "auto" for the locale, as `[report] lang`) and
prints its fixed wording from the `kamlit.i18n` catalogue (`messages(lang)`); a sector is
always shown by its one label (`sector_name`: 综合 / general for `general`).
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

from kamlit.i18n import Catalogue, catalogue

PIPED_WIDTH = 120


def stdout_console() -> Console:
    """The console for results: as wide as the terminal, or as `COLUMNS` says when set;
    piped output without `COLUMNS` gets 120 columns, wide enough for the tables."""
    # rich reads COLUMNS itself; without it, it would use 80 columns when stdout is a pipe.
    width = None if sys.stdout.isatty() or _columns() else PIPED_WIDTH
    return Console(highlight=False, soft_wrap=False, width=width)


def _columns() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def stderr_console() -> Console:
    """The console for notes, warnings, errors and progress."""
    return Console(stderr=True, highlight=False)


def messages(lang: str) -> Catalogue:
    """The catalogue the renderers print with: "zh", "en", or "auto" (the locale's)."""
    return catalogue(lang)


def sector_name(cat: Catalogue, key: str, label: str) -> str:
    """The one label of a sector: its own label, and 综合 / general for `general`."""
    return cat.t("sector.general") if key == "general" else label
