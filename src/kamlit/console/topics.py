"""Show `kamlit topics`' result: the topic table, the choice of K, fit figures and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from kamlit.console import stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from kamlit.topics import TopicModelResult


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
        for name in ("K", "c_v", "c_npmi", "stability", ""):
            sweep.add_column(name, justify="right")
        for row in result.selection:
            sweep.add_row(
                str(row.k),
                _fmt(row.coherence, 3),
                _fmt(row.c_npmi, 3),
                _fmt(row.stability, 3),
                "◀ chosen" if row.chosen else "",
                style="bold" if row.chosen else None,
            )
        console.print(sweep)
        console.print(f"rule: {result.selection_rule}", markup=False, soft_wrap=True)
    console.print(
        f"{len(result.doc_ids)} documents of {result.n_records} records, "
        f"{result.vocabulary_size} terms, {result.passes} passes; mean coherence c_v "
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


def _fmt(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
