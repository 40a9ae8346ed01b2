"""Segmentation throughput: kamlit's segment_records against the bare engines, same documents.

Run from the repository root:

    PYTHONPATH=src /work/venv/bin/python benchmarks/bench_segment.py [--docs N] [--repeat R]

Corpus: People's Daily, January 1998 (benchmarks/peoples_daily.py: 14,400 paragraphs, 1.79 M
characters). Every figure is the best of R interleaved rounds in one process (wall clock,
characters per second); "cpu" is the process CPU time of that run (above wall time when kamlit
cuts in a worker thread while the main thread builds sentences). Rows:

- bare rjieba / bare jieba: `cut(text, hmm=False)` per document on an engine built beforehand,
  nothing else: no normalisation, no sentences, no filtering (HMM off, as kamlit cuts); once
  as is and once with the cyclic GC paused, as kamlit pauses it (the faster is the baseline).
- kamlit: `segment_records(records, use_cache=False)` on an engine built beforehand in the same
  process: normalisation, phrase variants, sentence splitting, cutting, synonyms, stopwords,
  function-word and concept decisions, Sentence and Document objects. With rjieba, three ways:
  auto (what users get: a second thread cuts the next batch when a core is idle), forced to
  one thread, forced to two. "first call" also pays for building the engine with kamlit's
  dictionary (the dictionary table parsed, no cache) and for judging every distinct token once.
- kamlit, warm cache: `segment_records(records)` answered from the on-disk cache.

The overhead target: kamlit within 1.3x the bare cut of the same engine.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peoples_daily import load_records


def _timed(run: Callable[[], Any], *, collect: bool = True) -> tuple[float, float]:
    """Return (wall, cpu) seconds of one run; `collect=False` pauses the cyclic GC during it."""
    gc.collect()
    if not collect:
        gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        gc.enable()


def main() -> None:
    """Run the benchmark and print one row per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="use only the first N documents")
    parser.add_argument("--repeat", type=int, default=7, help="rounds (best of them is kept)")
    parser.add_argument("--skip-jieba", action="store_true", help="leave out the slow jieba rows")
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="kamlit-bench-"))
    os.environ["KAMLIT_CACHE_DIR"] = str(cache)

    from kamlit.settings import SegmentSettings
    from kamlit.text import segment_records
    from kamlit.text.engine import package_version

    records = load_records()
    if args.docs:
        records = records[: args.docs]
    texts = [r.abstract for r in records]
    chars = sum(map(len, texts))
    print(f"People's Daily 1998-01: {len(texts):,} documents, {chars:,} characters")
    print(
        f"rjieba {package_version('rjieba')}, jieba {package_version('jieba')}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}; best of {args.repeat} interleaved rounds\n"
    )

    def show(name: str, wall: float, cpu: float, base: float | None = None) -> None:
        speed = chars / wall / 1e6
        ratio = f"{wall / base:5.2f}x bare" if base else ""
        print(f"{name:<46} {wall:7.3f} s {speed:6.2f} M chars/s  cpu {cpu:6.3f} s  {ratio}")

    # ---- rjieba, the fast path
    import rjieba

    start = time.perf_counter()
    rj = rjieba.Jieba()
    rj_start = time.perf_counter() - start
    settings = SegmentSettings(segmenter="rjieba")
    first = _timed(lambda: segment_records(records, settings=settings, use_cache=False))
    cold = _timed(lambda: segment_records(records, settings=settings))
    import kamlit.text.batch as batch_module

    def kamlit_with(pipeline: bool | None) -> Callable[[], Any]:
        def run() -> Any:
            batch_module.PIPELINE = pipeline
            try:
                return segment_records(records, settings=settings, use_cache=False)
            finally:
                batch_module.PIPELINE = None

        return run

    runs: dict[str, list[tuple[float, float]]] = {}
    plan: list[tuple[str, Callable[[], Any], bool]] = [
        ("bare rjieba cut (hmm=False)", lambda: [rj.cut(t, False) for t in texts], True),
        ("bare rjieba cut, GC paused", lambda: [rj.cut(t, False) for t in texts], False),
        ("kamlit, rjieba, no cache (auto)", kamlit_with(None), True),
        ("kamlit, rjieba, no cache, one thread", kamlit_with(False), True),
        ("kamlit, rjieba, no cache, cut in 2nd thread", kamlit_with(True), True),
        ("kamlit, warm cache", lambda: segment_records(records, settings=settings), True),
    ]
    print(
        "auto cuts in a second thread now: "
        f"{batch_module._pipelining()} (load average {os.getloadavg()[0]:.2f})"
    )
    # Rounds interleave the rows, so a busy moment of a shared machine hits all of them.
    for _ in range(args.repeat):
        for name, run, collect in plan:
            runs.setdefault(name, []).append(_timed(run, collect=collect))
    best = {name: min(times) for name, times in runs.items()}
    bare = min(best["bare rjieba cut (hmm=False)"][0], best["bare rjieba cut, GC paused"][0])
    print(f"start-up: bare rjieba {rj_start:.3f} s")
    for name, (wall, cpu) in best.items():
        show(name, wall, cpu, None if name.startswith("bare") else bare)
    show("kamlit, first call in the process (+ engine)", *first, bare)
    show("kamlit, cold cache (segment + write)", *cold, bare)

    # ---- jieba, the reference engine
    if not args.skip_jieba:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        start = time.perf_counter()
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        print(f"start-up: bare jieba {time.perf_counter() - start:.3f} s")
        jb = SegmentSettings(segmenter="jieba")
        segment_records(records[:10], settings=jb, use_cache=False)  # build kamlit's engine
        rounds = max(1, args.repeat // 3)
        bare_runs, kamlit_runs = [], []
        for _ in range(rounds):
            bare_runs.append(_timed(lambda: [list(tokenizer.cut(t, HMM=False)) for t in texts]))
            kamlit_runs.append(
                _timed(lambda: segment_records(records, settings=jb, use_cache=False))
            )
        show("bare jieba cut (HMM=False)", *min(bare_runs))
        show("kamlit segment_records, jieba, no cache", *min(kamlit_runs), min(bare_runs)[0])


if __name__ == "__main__":
    main()
