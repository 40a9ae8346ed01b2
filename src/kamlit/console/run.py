"""Show the whole job: `kamlit run`'s live stage display and summary, `kamlit report`'s line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kamlit.console import stderr_console, stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from rich.progress import TaskID

    from kamlit.pipeline import RunResult


@contextmanager
def progress(quiet: bool) -> Iterator[Callable[[str, str], None]]:
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
                label = f"{stage} (from cache)" if status == "cached" else stage
                bar.update(tasks[stage], completed=1, description=label)

        yield notify


def render_run(result: RunResult) -> None:
    """The run's notes, record count, seconds per stage, and the page to open."""
    console = stdout_console()
    for note in result.notes:
        console.print(f"note: {note}", markup=False, soft_wrap=True)
    stages = ", ".join(
        f"{t.stage} {t.seconds:.1f}s" + (" (cached)" if t.cached else "") for t in result.timings
    )
    console.print(f"{result.records} records; {stages}", markup=False, soft_wrap=True)
    render_open(result.index)


def render_open(index: Path) -> None:
    """The one line pointing at a run folder's front page."""
    stdout_console().print(f"open {index}", markup=False, soft_wrap=True)
