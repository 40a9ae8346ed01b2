"""Show `kamlit ingest`'s records as a table, with the problems and merges found on the way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from kamlit.console import stdout_console

if TYPE_CHECKING:
    from rich.console import Console

    from kamlit.ingest import IngestResult


def render_ingest(result: IngestResult, out: Path | None) -> None:
    """The records as a table, then the problems and merges, then a one-line summary."""
    console = stdout_console()
    # The flexible columns share the terminal width by ratio: long ids (file names) fold,
    # journals, authors and titles are cut with an ellipsis, so no column collapses.
    table = Table(show_lines=False, header_style="bold", expand=True)
    table.add_column("id", overflow="fold", ratio=3, min_width=6)
    table.add_column("year", justify="right", no_wrap=True, min_width=4)
    table.add_column("journal", overflow="ellipsis", no_wrap=True, ratio=2, min_width=4)
    table.add_column("authors", overflow="ellipsis", no_wrap=True, ratio=2, min_width=4)
    table.add_column("title / abstract", overflow="ellipsis", no_wrap=True, ratio=6, min_width=8)
    table.add_column("cited", justify="right", no_wrap=True)
    table.add_column("cut", justify="center", no_wrap=True)
    for record in result.records:
        table.add_row(
            record.id,
            str(record.year or ""),
            record.journal or "",
            "; ".join(record.authors),
            record.title or record.abstract[:40],
            "" if record.citations.total is None else str(record.citations.total),
            "…" if record.truncated else "",
        )
    console.print(table)
    print_problems(result, console)
    console.print(ingest_summary(result, out), markup=False)


def render_export(records: int, fmt: str, out: Path) -> None:
    """One line: how many records were written, in which format, where."""
    stdout_console().print(f"{records} records written to {out} ({fmt})", markup=False)


def print_problems(result: IngestResult, console: Console) -> None:
    """One line per skipped input or note, and one per merged duplicate."""
    for problem in result.problems:
        kind = "skipped" if problem.skipped else "note"
        console.print(f"{kind}: {problem.render()}", markup=False, highlight=False, soft_wrap=True)
    for merge in result.merges:
        console.print(
            f"merged: {merge.dropped} into {merge.kept} ({merge.reason})",
            markup=False,
            soft_wrap=True,
        )


def ingest_summary(result: IngestResult, out: Path | None) -> str:
    """Records, files (format, encoding, count), cut abstracts, problems and merges."""
    files = ", ".join(
        f"{Path(f.path).name} ({f.format}, {f.encoding}, {f.records})" for f in result.files
    )
    truncated = sum(r.truncated for r in result.records)
    skipped = sum(p.skipped for p in result.problems)
    notes = len(result.problems) - skipped
    parts = [
        f"{len(result.records)} records from {len(result.files)} file(s): {files}",
        f"{truncated} abstracts cut by the site",
        f"{skipped} skipped, {notes} notes, {len(result.merges)} duplicates merged",
    ]
    if out is not None:
        parts.append(f"written to {out}")
    return "; ".join(parts)
