"""Show `kamlit ingest`'s records as a table, with the problems and merges found on the way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from kamlit.console import messages, stdout_console
from kamlit.i18n import MESSAGES, Catalogue

if TYPE_CHECKING:
    from rich.console import Console

    from kamlit.ingest import IngestResult


def render_ingest(result: IngestResult, out: Path | None, *, lang: str = "auto") -> None:
    """The records as a table, then the problems and merges, then a one-line summary."""
    console = stdout_console()
    cat = messages(lang)
    # The flexible columns share the terminal width by ratio: long ids (file names) fold,
    # journals, authors and titles are cut with an ellipsis, so no column collapses.
    table = Table(show_lines=False, header_style="bold", expand=True)
    table.add_column(cat.t("cli.ingest.id"), overflow="fold", ratio=3, min_width=6)
    table.add_column(cat.t("cli.ingest.year"), justify="right", no_wrap=True, min_width=4)
    table.add_column(
        cat.t("cli.ingest.journal"), overflow="ellipsis", no_wrap=True, ratio=2, min_width=4
    )
    table.add_column(
        cat.t("cli.ingest.authors"), overflow="ellipsis", no_wrap=True, ratio=2, min_width=4
    )
    table.add_column(
        cat.t("cli.ingest.title"), overflow="ellipsis", no_wrap=True, ratio=6, min_width=8
    )
    table.add_column(cat.t("cli.ingest.cited"), justify="right", no_wrap=True)
    table.add_column(cat.t("cli.ingest.cut"), justify="center", no_wrap=True)
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
    print_problems(result, console, lang=lang)
    console.print(ingest_summary(result, out, lang=lang), markup=False)


def render_export(records: int, fmt: str, out: Path, *, lang: str = "auto") -> None:
    """One line: how many records were written, in which format, where."""
    line = messages(lang).t("cli.export.written", records=records, out=out, fmt=fmt)
    stdout_console().print(line, markup=False)


def print_problems(result: IngestResult, console: Console, *, lang: str = "auto") -> None:
    """One line per skipped input or note, and one per merged duplicate."""
    cat = messages(lang)
    for problem in result.problems:
        kind = "cli.ingest.skipped" if problem.skipped else "cli.ingest.note"
        line = cat.t(kind, problem=problem.render(cat.lang))
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    for merge in result.merges:
        reason = merge_reason(merge.reason, cat)
        line = cat.t("cli.ingest.merged", dropped=merge.dropped, kept=merge.kept, reason=reason)
        console.print(line, markup=False, soft_wrap=True)


def merge_reason(reason: str, cat: Catalogue) -> str:
    """A merge's reason (the English of a `merge.` message) in the catalogue's language."""
    for key, (_, english) in MESSAGES.items():
        if key.startswith("merge.") and english == reason:
            return cat.t(key)
    return reason


def ingest_summary(result: IngestResult, out: Path | None, *, lang: str = "auto") -> str:
    """Records, files (format, encoding, count), cut abstracts, problems and merges."""
    cat = messages(lang)
    files = cat.t("cli.list_sep").join(
        cat.t(
            "cli.ingest.file",
            name=Path(f.path).name,
            format=f.format,
            encoding=f.encoding,
            records=f.records,
        )
        for f in result.files
    )
    truncated = sum(r.truncated for r in result.records)
    skipped = sum(p.skipped for p in result.problems)
    notes = len(result.problems) - skipped
    parts = [
        cat.t(
            "cli.ingest.records", records=len(result.records), files=len(result.files), names=files
        ),
        cat.t("cli.ingest.truncated", n=truncated),
        cat.t("cli.ingest.problems", skipped=skipped, notes=notes, merges=len(result.merges)),
    ]
    if out is not None:
        parts.append(cat.t("cli.written_to", out=out))
    return cat.t("cli.sep").join(parts)
