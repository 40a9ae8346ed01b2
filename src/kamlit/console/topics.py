"""Show `kamlit topics`' result: the topic table, the choice of K, fit figures and warnings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.table import Table

from kamlit.console import messages, stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from kamlit.topics import TopicModelResult
    from kamlit.topics.sweep import Progress, SweepProgress


@contextmanager
def sweep_progress(console: Console, *, lang: str = "auto") -> Iterator[Progress | None]:
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

    cat = messages(lang)
    fits = cat.t("cli.topics.fits", done="{task.completed:.0f}", total="{task.total:.0f}")
    columns = (
        TextColumn(cat.t("cli.topics.fitting")),
        BarColumn(),
        TextColumn("K {task.fields[ks]}"),
        TextColumn(fits),
        TimeElapsedColumn(),
        TextColumn(cat.t("cli.topics.eta")),
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


def render_topics(result: TopicModelResult, written: list[Path], *, lang: str = "auto") -> None:
    """The topics table, the K sweep when K was chosen, fit figures, files written."""
    console = stdout_console()
    cat = messages(lang)
    table = Table(
        title=cat.t("cli.topics.title", k=result.k, engine=result.engine, seed=result.seed),
        header_style="bold",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column(cat.t("cli.topics.label"), no_wrap=True)
    table.add_column(cat.t("cli.topics.top_terms"), overflow="fold")
    table.add_column(cat.t("cli.topics.share"), justify="right")
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
        sweep = Table(title=cat.t("cli.topics.choosing"), header_style="bold", title_justify="left")
        headers = (
            "K",
            "c_v",
            cat.t("cli.topics.diversity"),
            cat.t("cli.topics.quality"),
            cat.t("cli.topics.stability"),
            "c_npmi",
            cat.t("cli.topics.iterations"),
            "",
        )
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
                cat.t("cli.topics.chosen") if row.chosen else "",
                style="bold" if row.chosen else None,
            )
        console.print(sweep)
        from kamlit.topics.explorer import rule_text

        rule = cat.t("cli.topics.rule", rule=rule_text(result, cat))
        console.print(rule, markup=False, soft_wrap=True)
        why = cat.t("cli.topics.why", k=result.k, reason=choice_reason(result, lang=lang))
        console.print(why, markup=False, soft_wrap=True)
    summary = cat.t(
        "cli.topics.summary",
        docs=len(result.doc_ids),
        records=result.n_records,
        terms=result.vocabulary_size,
        effort=_effort(result, lang),
        cv=_fmt(result.coherence_mean, 3),
        npmi=_fmt(result.npmi_mean, 3),
        stability=_fmt(result.stability, 2),
    )
    console.print(summary, markup=False, soft_wrap=True)
    topics_notes(result, console, lang=lang)
    folder = written[0].parent
    names = ", ".join(p.name for p in written)
    done = cat.t("cli.written_files", folder=folder, names=names)
    console.print(done, markup=False, soft_wrap=True)


def topics_notes(result: TopicModelResult, console: Console, *, lang: str = "auto") -> None:
    """The model's warnings, and a warning when no CJK font is found for the charts."""
    from kamlit.fonts import cjk_font, no_font_message

    cat = messages(lang)
    for warning in cat.warnings(result.notices, result.warnings):
        line = cat.t("cli.warning", message=warning)
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if cjk_font() is None:
        line = cat.t("cli.warning", message=no_font_message())
        console.print(line, markup=False, soft_wrap=True)


def choice_reason(result: TopicModelResult, *, lang: str = "auto") -> str:
    """Why the rule picked this K, in numbers from the sweep table."""
    cat = messages(lang)
    from kamlit.topics.explorer import choice_text

    numbers = choice_text(result, cat)  # the rule's own numbers, when the result has them
    if numbers:
        return numbers
    rows = [r for r in result.selection if r.quality is not None]
    chosen = next((r for r in result.selection if r.chosen), None)
    if not rows or chosen is None or chosen.quality is None:
        return cat.t("cli.topics.no_score")
    best = max(rows, key=lambda r: (r.quality or 0.0, -r.k))
    if best.k == chosen.k:
        return cat.t("cli.topics.best", q=f"{chosen.quality:.3f}")
    return cat.t(
        "cli.topics.within", q=f"{chosen.quality:.3f}", best=f"{best.quality:.3f}", k=best.k
    )


def _effort(result: TopicModelResult, lang: str) -> str:
    cat = messages(lang)
    unit = cat.t(
        "cli.topics.unit.sweeps" if result.engine == "tomotopy" else "cli.topics.unit.passes"
    )
    state = cat.t("cli.topics.converged" if result.converged else "cli.topics.budget")
    return cat.t(
        "cli.topics.effort",
        iterations=result.iterations,
        passes=result.passes,
        unit=unit,
        state=state,
    )


def _fmt(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
