"""Segmentation throughput: kamlit's segment_records against the bare engines, same documents.

Run from the repository root:

    PYTHONPATH=src /work/venv/bin/python benchmarks/bench_segment.py [--docs N] [--repeat R]

Corpus: People's Daily, January 1998 (benchmarks/peoples_daily.py: 14,400 paragraphs, 1.79 M
characters). Every figure is the best of R runs in one process (wall clock, characters per
second); "cpu" is the process CPU time of that run (it exceeds wall time when kamlit cuts in a
worker thread while the main thread builds sentences). Rows:

- bare rjieba / bare jieba: `cut(text, hmm=False)` per document on an engine built beforehand,
  nothing else: no normalisation, no sentences, no filtering (HMM off, as kamlit cuts).
- kamlit: `segment_records(records, use_cache=False)` on an engine built beforehand in the same
  process: normalisation, phrase variants, sentence splitting, cutting, synonyms, stopwords,
  function-word and concept decisions, Document objects. "first call" also pays for building
  the engine with kamlit's dictionary and for deciding every distinct token once.
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


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Return (wall, cpu) seconds of the fastest of `repeat` runs."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def main() -> None:
    """Run the benchmark and print one row per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="use only the first N documents")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (best kept)")
    parser.add_argument("--skip-jieba", action="store_true", help="leave out the slow jieba rows")
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="kamlit-bench-"))
    os.environ["KAMLIT_CACHE_DIR"] = str(cache)

    from kamlit.settings import SegmentSettings
    from kamlit.text import segment_records
    from kamlit.text.segmenter import package_version

    records = load_records()
    if args.docs:
        records = records[: args.docs]
    texts = [r.abstract for r in records]
    chars = sum(map(len, texts))
    print(f"People's Daily 1998-01: {len(texts):,} documents, {chars:,} characters")
    print(
        f"rjieba {package_version('rjieba')}, jieba {package_version('jieba')}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; best of {args.repeat} runs\n"
    )
    rows: list[tuple[str, float, float, str]] = []

    def row(name: str, wall: float, cpu: float, base: float | None = None) -> None:
        ratio = f"{wall / base:.2f}x bare" if base else ""
        rows.append((name, wall, cpu, ratio))
        speed = chars / wall / 1e6
        print(f"{name:<44} {wall:7.3f} s  {speed:6.2f} M chars/s  cpu {cpu:6.3f} s  {ratio}")

    # ---- rjieba
    import rjieba

    start = time.perf_counter()
    rj = rjieba.Jieba()
    print(f"(bare rjieba start-up: {time.perf_counter() - start:.3f} s)")
    bare_rj, cpu = _best(lambda: [rj.cut(t, False) for t in texts], args.repeat)
    row("bare rjieba cut (hmm=False)", bare_rj, cpu)
    wall, cpu = _best(lambda: [rj.cut(t) for t in texts], args.repeat)
    row("bare rjieba cut (hmm=True, its default)", wall, cpu)

    settings = SegmentSettings(segmenter="rjieba")
    start = time.perf_counter()
    first_cpu = time.process_time()
    segment_records(records, settings=settings, use_cache=False)
    row(
        "kamlit segment_records, rjieba, first call",
        time.perf_counter() - start,
        time.process_time() - first_cpu,
        bare_rj,
    )
    wall, cpu = _best(
        lambda: segment_records(records, settings=settings, use_cache=False), args.repeat
    )
    row("kamlit segment_records, rjieba, no cache", wall, cpu, bare_rj)

    start = time.perf_counter()
    first_cpu = time.process_time()
    segment_records(records, settings=settings)
    row(
        "kamlit, cold cache (segment + write)",
        time.perf_counter() - start,
        time.process_time() - first_cpu,
        bare_rj,
    )
    wall, cpu = _best(lambda: segment_records(records, settings=settings), args.repeat)
    row("kamlit, warm cache (read)", wall, cpu, bare_rj)

    # ---- jieba
    if not args.skip_jieba:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        start = time.perf_counter()
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        print(f"(bare jieba start-up: {time.perf_counter() - start:.3f} s)")
        repeat = max(1, args.repeat // 3)
        bare_jb, cpu = _best(lambda: [list(tokenizer.cut(t, HMM=False)) for t in texts], repeat)
        row("bare jieba cut (HMM=False)", bare_jb, cpu)
        jb = SegmentSettings(segmenter="jieba")
        segment_records(records[:10], settings=jb, use_cache=False)  # build the engine
        wall, cpu = _best(lambda: segment_records(records, settings=jb, use_cache=False), repeat)
        row("kamlit segment_records, jieba, no cache", wall, cpu, bare_jb)


if __name__ == "__main__":
    main()
