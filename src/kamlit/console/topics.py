"""Show `kamlit topics`' result: the topic table, the choice of K, fit figures and warnings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.table import Table

from kamlit.console import stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from kamlit.topics import TopicModelResult
    from kamlit.topics.sweep import Progress, SweepProgress


@contextmanager
def sweep_progress(console: Console) -> Iterator[Progress | None]:
    """A progress bar over the fits of a sweep (K done / total, fits, ETA) on a terminal;
    None (quiet) when the console is not one."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("fitting topics"),
        BarColumn(),
        TextColumn("K {task.fields[ks]}"),
        TextColumn("fits {task.completed:.0f}/{task.total:.0f}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("sweep", total=None, ks="")

        def update(state: SweepProgress) -> None:
            bar.update(
                task,
                total=max(1, state.fits_total),
                completed=state.fits_done,
                ks=f"{state.ks_done}/{state.ks_total}",
            )

        yield update


def render_topics(result: TopicModelResult, written: list[Path]) -> None:
    """The topics table, the K sweep when K was chosen, fit figures, files written."""
    console = stdout_console()
    table = Table(
        title=f"{result.k} topics ({result.engine}, seed {result.seed})",
        header_style="bold",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("label (λ=0.6)", no_wrap=True)
    table.add_column("top terms", overflow="fold")
    table.add_column("share", justify="right")
    table.add_column("c_v", justify="right")
    for topic in result.topics:
        table.add_row(
            str(topic.id),
            topic.label,
            " ".join(t.term for t in topic.terms[:8]),
            f"{100 * topic.prevalence:.1f}%",
            _fmt(topic.coherence, 3),
        )
    console.print(table)
    if result.auto:
        sweep = Table(title="choosing K", header_style="bold", title_justify="left")
        headers = ("K", "c_v", "diversity", "quality", "stability", "c_npmi", "iterations", "")
        for name in headers:
            sweep.add_column(name, justify="right")
        for row in result.selection:
            sweep.add_row(
                str(row.k),
                _fmt(row.coherence, 3),
                _fmt(row.diversity, 3),
                _fmt(row.quality, 3),
                _fmt(row.stability, 3),
                _fmt(row.c_npmi, 3),
                "–" if row.iterations is None else str(row.iterations),
                "◀ chosen" if row.chosen else "",
                style="bold" if row.chosen else None,
            )
        console.print(sweep)
        console.print(f"rule: {result.selection_rule}", markup=False, soft_wrap=True)
        console.print(f"why K={result.k}: {choice_reason(result)}", markup=False, soft_wrap=True)
    console.print(
        f"{len(result.doc_ids)} documents of {result.n_records} records, "
        f"{result.vocabulary_size} terms; {_effort(result)}; mean coherence c_v "
        f"{_fmt(result.coherence_mean, 3)} (c_npmi {_fmt(result.npmi_mean, 3)}); stability "
        f"{_fmt(result.stability, 2)}",
        markup=False,
        soft_wrap=True,
    )
    topics_notes(result, console)
    folder = written[0].parent
    names = ", ".join(p.name for p in written)
    console.print(f"written to {folder}/: {names}", markup=False, soft_wrap=True)


def topics_notes(result: TopicModelResult, console: Console) -> None:
    """The model's warnings, and a warning when no CJK font is found for the charts."""
    from kamlit.fonts import cjk_font, no_font_message

    for warning in result.warnings:
        console.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if cjk_font() is None:
        console.print(f"warning: {no_font_message()}", markup=False, soft_wrap=True)


def choice_reason(result: TopicModelResult) -> str:
    """Why the rule picked this K, in numbers from the sweep table."""
    rows = [r for r in result.selection if r.quality is not None]
    chosen = next((r for r in result.selection if r.chosen), None)
    if not rows or chosen is None or chosen.quality is None:
        return "no K had a coherence score; the smallest K was taken"
    best = max(rows, key=lambda r: (r.quality or 0.0, -r.k))
    if best.k == chosen.k:
        return f"the highest quality, {chosen.quality:.3f}"
    return (
        f"quality {chosen.quality:.3f} is within the tolerance of the best, "
        f"{best.quality:.3f} at K={best.k}, with fewer topics"
    )


def _effort(result: TopicModelResult) -> str:
    unit = "Gibbs sweeps" if result.engine == "tomotopy" else "passes"
    state = "converged" if result.converged else "budget reached"
    return f"{result.iterations} of at most {result.passes} {unit} ({state})"


def _fmt(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
