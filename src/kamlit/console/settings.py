"""Show `kamlit config show`: every effective setting and where its value came from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from kamlit.console import messages, stdout_console


def render_settings(
    values: Mapping[str, Any], origins: Mapping[str, str], *, lang: str = "auto"
) -> None:
    """A table of dotted key, value and origin (default, the settings file, a flag)."""
    cat = messages(lang)
    table = Table(header_style="bold")
    for name in ("setting", "value", "from"):
        table.add_column(cat.t(f"cli.config.{name}"))
    for key, value in values.items():
        table.add_row(key, repr(value), origins.get(key, "default"))
    stdout_console().print(table)
