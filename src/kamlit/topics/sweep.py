"""The sweep: every (K, seed) fit in worker processes, then every fit scored once.

Fits are independent, so they run in a process pool (`jobs` workers, default every core the
process may use); each fit is single-threaded and seeded, so its result does not depend on
which worker ran it or when: a sweep with any number of workers gives the same bytes as a
serial one (`jobs=1` runs in this process). Workers are forked, so the document-term matrix is
shared, not copied through a pipe. After the fits, the coherence counts are built once for
every word any fit's topics use (`kamlit.topics.coherence`) and each fit is scored from them.

Progress is reported through a callback after every finished fit (`SweepProgress`).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from kamlit.topics.coherence import CoherenceScorer
from kamlit.topics.model import DocTermMatrix, FitPlan, LdaFit, fit_lda
from kamlit.topics.selection import (
    DIVERSITY_TOP,
    Candidate,
    RunScore,
    diversity,
    stability,
    top_term_ids,
)
from kamlit.workers import default_jobs


@dataclass(frozen=True)
class SweepProgress:
    """Where a sweep is: fits done of all, K values complete of all, the K just finished."""

    fits_done: int
    fits_total: int
    ks_done: int
    ks_total: int
    k: int | None


Progress = Callable[[SweepProgress], None]


def seeds_for(seed: int, runs: int) -> tuple[int, ...]:
    """The seeds of a K's fits: seed, seed+1, … (`runs` of them, at least one)."""
    return tuple(seed + i for i in range(max(1, runs)))


def sweep(
    dtm: DocTermMatrix,
    ks: Sequence[int],
    *,
    seed: int,
    plan: FitPlan,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> list[Candidate]:
    """Fit and score every K of `ks` with `plan.runs` seeds; candidates in `ks` order.

    With `cache_dir`, a K evaluated before with the same matrix and plan is read back instead.
    """
    from kamlit.topics.cache import read_candidate, write_candidate

    seeds = seeds_for(seed, plan.runs)
    found: dict[int, Candidate] = {}
    for k in ks:
        cached = read_candidate(dtm, cache_dir, k=k, seed=seed, plan=plan)
        if cached is not None:
            found[k] = cached
    missing = [k for k in ks if k not in found]
    tasks = [(k, s) for k in missing for s in seeds]
    done_ks = len(found)
    total_ks = len(ks)
    if progress is not None:
        progress(SweepProgress(0, len(tasks), done_ks, total_ks, None))
    # One K to fit (K fixed): its fits keep their native models, so the kept one needs no
    # refit (`native_model`); a sweep over several K would hold too many of them.
    native = len(missing) == 1
    fits = _run_fits(dtm, tasks, plan, jobs, progress, done_ks, total_ks, len(seeds), native)
    if missing:
        scorer = CoherenceScorer.build(dtm.texts, _words(dtm, fits.values(), plan.top_n))
        for k in missing:
            candidate = _candidate(dtm, k, [fits[k, s] for s in seeds], scorer, plan.top_n)
            write_candidate(dtm, cache_dir, candidate, seed=seed, plan=plan)
            found[k] = candidate
    return [found[k] for k in ks]


def _run_fits(
    dtm: DocTermMatrix,
    tasks: list[tuple[int, int]],
    plan: FitPlan,
    jobs: int | None,
    progress: Progress | None,
    done_ks: int,
    total_ks: int,
    per_k: int,
    native: bool = False,
) -> dict[tuple[int, int], LdaFit]:
    fits: dict[tuple[int, int], LdaFit] = {}
    remaining: dict[int, int] = {}
    for k, _ in tasks:
        remaining[k] = remaining.get(k, 0) + 1

    def finished(task: tuple[int, int], fit: LdaFit) -> None:
        nonlocal done_ks
        fits[task] = fit
        remaining[task[0]] -= 1
        if remaining[task[0]] == 0:
            done_ks += 1
        if progress is not None:
            progress(SweepProgress(len(fits), len(tasks), done_ks, total_ks, task[0]))

    workers = min(jobs or default_jobs(), len(tasks))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            finished(task, _fit(dtm, task, plan, native))
        return fits
    # Largest K first: the longest fits start early, so the pool drains evenly.
    ordered = sorted(tasks, key=lambda t: (-t[0], t[1]))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init, initargs=(dtm, plan, native)
    ) as pool:
        pending: dict[Future[LdaFit], tuple[int, int]] = {
            pool.submit(_fit_in_worker, task): task for task in ordered
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f]):
                finished(pending.pop(future), future.result())
    return fits


_WORKER: tuple[DocTermMatrix, FitPlan, bool] | None = None


def _init(dtm: DocTermMatrix, plan: FitPlan, native: bool) -> None:
    global _WORKER
    _WORKER = (dtm, plan, native)


def _fit_in_worker(task: tuple[int, int]) -> LdaFit:
    assert _WORKER is not None, "worker not initialised"
    dtm, plan, native = _WORKER
    return _fit(dtm, task, plan, native)


def _fit(dtm: DocTermMatrix, task: tuple[int, int], plan: FitPlan, native: bool) -> LdaFit:
    k, seed = task
    return fit_lda(
        dtm,
        k=k,
        seed=seed,
        engine=plan.engine,
        passes=plan.passes,
        iterations=plan.iterations,
        tolerance=plan.tolerance,
        # Only the kept fit's model is saved: kept here when one K is fitted, else refitted.
        keep_native=native,
    )


def _words(dtm: DocTermMatrix, fits: object, top_n: int) -> list[str]:
    n = min(top_n, len(dtm.vocabulary))
    words: set[str] = set()
    for fit in fits:  # type: ignore[attr-defined]
        for row in top_term_ids(fit.topic_term, n):
            words.update(dtm.vocabulary[i] for i in row)
    return sorted(words)


def _candidate(
    dtm: DocTermMatrix, k: int, fits: list[LdaFit], scorer: CoherenceScorer, top_n: int
) -> Candidate:
    n = min(top_n, len(dtm.vocabulary))
    tops = [top_term_ids(f.topic_term, n) for f in fits]
    scores = []
    runs = []
    for fit, top in zip(fits, tops, strict=True):
        words = [[dtm.vocabulary[i] for i in topic] for topic in top]
        cv, npmi = scorer.score(words)
        scores.append((cv, npmi))
        runs.append(
            RunScore(
                seed=fit.seed,
                coherence=_mean(cv),
                npmi=_mean(npmi),
                diversity=diversity(fit.topic_term, DIVERSITY_TOP),
                iterations=fit.iterations,
                converged=fit.converged,
            )
        )
    # The kept fit: the best quality, ties to the first seed.
    best = max(
        range(len(fits)),
        key=lambda i: (q if (q := runs[i].quality) is not None else -1.0, -i),
    )
    sets = [[frozenset(dtm.vocabulary[i] for i in topic) for topic in top] for top in tops]
    return Candidate(
        k=k,
        fit=fits[best],
        top_ids=tops[best],
        coherence=scores[best][0],
        npmi=scores[best][1],
        stability=stability(sets),
        seeds=tuple(f.seed for f in fits),
        runs=tuple(runs),
    )


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
