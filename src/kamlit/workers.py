"""Per-record work spread over forked worker processes, results in record order.

Segmentation (`kamlit.text.batch`) and sector scoring (`kamlit.sectors`) are maps over the
records: each record's result depends on that record alone. `map_chunks` cuts the items into
contiguous chunks of about equal weight, one per worker; the first chunk runs in this process
while forked workers run the others, and the chunks' results are concatenated in order, so the
result is the same list whatever the number of workers. Workers are forked: they inherit the
function and everything it reads (a built segmentation engine, the corpus) without pickling;
only their results come back through a pipe. Where forking is not available the chunks run in
this process, one after the other.

A process pool costs a few tenths of a second (forking a large process, sending results
back), so callers keep small inputs in this process (`min_weight`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Pieces each worker's chunk is sent out in (and its results come back in).
PIECES = 8
# What a worker runs: set in the parent just before forking, inherited by the children.
_TASK: Callable[[int, int], list[object]] | None = None


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """True when worker processes can be forked (they inherit this process' objects)."""
    return "fork" in multiprocessing.get_all_start_methods()


def chunk_bounds(weights: Sequence[int], parts: int) -> list[range]:
    """Cut positions 0..len(weights) into at most `parts` contiguous, non-empty ranges of
    about equal total weight, in order."""
    n = len(weights)
    parts = max(1, min(parts, n))
    total = sum(weights)
    out: list[range] = []
    start = 0
    acc = 0
    for i, weight in enumerate(weights):
        acc += weight
        # Close the chunk once it holds its share of the weight, leaving one item at least
        # for every chunk still to come.
        if (
            len(out) < parts - 1
            and acc * parts >= total * (len(out) + 1)
            and n - (i + 1) >= parts - 1 - len(out)
        ):
            out.append(range(start, i + 1))
            start = i + 1
    if start < n:
        out.append(range(start, n))
    return out


def workers_for(total_weight: int, jobs: int | None, *, min_weight: int) -> int:
    """How many workers pay for `total_weight` units of work: one per `min_weight` units,
    at most `jobs` (None: every core), one when forking is not available."""
    wanted = jobs if jobs is not None else default_jobs()
    if wanted <= 1 or not can_fork():
        return 1
    return max(1, min(wanted, total_weight // max(1, min_weight)))


def map_chunks(task: Callable[[int, int], list[T]], chunks: Sequence[range]) -> list[T]:
    """Run `task(start, stop)` for every chunk, the first here and the others in forked
    workers, and return their results concatenated in chunk order.

    `task` must return a list and depend only on its range and on what existed when it was
    called (the workers see this process as it was when they were forked). The chunk lists
    are consumed as they are merged, so only the merged list remains.
    """
    if len(chunks) <= 1 or not can_fork():
        out: list[T] = []
        for chunk in chunks:
            out.extend(task(chunk.start, chunk.stop))
        return out
    from concurrent.futures import ProcessPoolExecutor

    global _TASK
    _TASK = task  # type: ignore[assignment]
    # The workers' chunks go out in pieces, so that a piece's result is sent and read back
    # while the next one is computed, instead of one large transfer at the end.
    pieces = [part for chunk in chunks[1:] for part in _split(chunk, PIECES)]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(chunks) - 1, mp_context=context) as pool:
            futures = [pool.submit(_run, p.start, p.stop) for p in pieces]
            out = task(chunks[0].start, chunks[0].stop)
            for future in futures:
                part = future.result()
                out.extend(part)  # type: ignore[arg-type]
                del part
        return out
    finally:
        _TASK = None


def _split(chunk: range, parts: int) -> list[range]:
    """Cut a range into at most `parts` contiguous, non-empty ranges of about equal length."""
    n = len(chunk)
    parts = max(1, min(parts, n))
    return [chunk[n * i // parts : n * (i + 1) // parts] for i in range(parts)]


def _run(start: int, stop: int) -> list[object]:
    assert _TASK is not None, "worker forked without a task"
    return _TASK(start, stop)
