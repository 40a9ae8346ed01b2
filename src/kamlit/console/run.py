"""Show the whole job: `kamlit run`'s live stage display and summary, `kamlit report`'s line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kamlit.console import messages, stderr_console, stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from rich.progress import TaskID

    from kamlit.pipeline import RunResult


@contextmanager
def progress(quiet: bool, *, lang: str = "auto") -> Iterator[Callable[[str, str], None]]:
    """A live line per pipeline stage on a terminal; nothing when piped or --quiet."""
    if quiet or not sys.stderr.isatty():
        yield lambda stage, status: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=stderr_console(), transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def notify(stage: str, status: str) -> None:
            if status == "start":
                tasks[stage] = bar.add_task(stage, total=1)
            elif stage in tasks:
                cached = messages(lang).t("cli.run.from_cache", stage=stage)
                label = cached if status == "cached" else stage
                bar.update(tasks[stage], completed=1, description=label)

        yield notify


def render_run(result: RunResult, *, lang: str = "auto") -> None:
    """The run's notes, record count, seconds per stage, and the page to open."""
    console = stdout_console()
    cat = messages(lang)
    for note in cat.warnings(result.notices, result.notes):
        console.print(cat.t("cli.run.note", note=note), markup=False, soft_wrap=True)
    stages = cat.t("cli.list_sep").join(
        cat.t("cli.run.stage", stage=t.stage, seconds=f"{t.seconds:.1f}")
        + (cat.t("cli.run.cached") if t.cached else "")
        for t in result.timings
    )
    summary = cat.t("cli.run.summary", records=result.records, stages=stages)
    console.print(summary, markup=False, soft_wrap=True)
    render_open(result.index, lang=lang)


def render_open(index: Path, *, lang: str = "auto") -> None:
    """The one line pointing at a run folder's front page."""
    line = messages(lang).t("cli.open", index=index)
    stdout_console().print(line, markup=False, soft_wrap=True)
