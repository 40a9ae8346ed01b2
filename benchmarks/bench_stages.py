"""Time every stage on one prepared corpus: prepare (segment + sectors), terms, topics, graph,
summarize, on 1,000 / 5,000 / 14,400 People's Daily paragraphs, with the growth exponent
between sizes (time ∝ documents^exponent: 1 is linear, 2 quadratic).

Reading files is left out (`prepare(records=…)`); segmentation runs without kamlit's cache,
so every size pays for its cut. Topics: K=10, one run (no stability seeds), 5 passes. The
paragraphs are news, not key-account abstracts: this measures how the stages scale.
Usage: python benchmarks/bench_stages.py [--sizes 1000,5000,0] (0 means all 14,400).
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run from anywhere without installing: the script's folder is on sys.path already.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kamlit.corpus import PreparedCorpus, prepare
from kamlit.settings import CacheSettings, SegmentSettings, Settings, TopicSettings
from peoples_daily import load_records

STAGES = ("prepare", "terms", "topics", "graph", "summarize")


def _timed(fn: Callable[[], Any]) -> tuple[Any, tuple[float, float]]:
    """The value and (wall, CPU) seconds: the machine may be shared, so wall time is noisy."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, (time.perf_counter() - wall, time.process_time() - cpu)


def run(records: list[Any], settings: Settings) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds per stage on these records."""
    from kamlit.graph import build_concept_graph
    from kamlit.summarize import summarize_sectors
    from kamlit.terms import count_terms
    from kamlit.topics import build_topics

    out: dict[str, tuple[float, float]] = {}
    prepared: PreparedCorpus
    prepared, out["prepare"] = _timed(
        lambda: prepare(records=records, settings=settings, use_cache=False)
    )
    _, out["terms"] = _timed(lambda: count_terms(prepared, by="sector"))
    _, out["topics"] = _timed(
        lambda: build_topics(prepared, settings=settings.topics, seed=settings.seed)
    )
    _, out["graph"] = _timed(
        lambda: build_concept_graph(prepared, settings=settings.graph, seed=settings.seed)
    )
    _, out["summarize"] = _timed(lambda: summarize_sectors(prepared, settings=settings.summarize))
    return out


def main() -> None:
    """Print a table of seconds per stage and size, and the growth exponents."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,0")
    args = parser.parse_args()
    everything = load_records()
    sizes = [int(s) or len(everything) for s in args.sizes.split(",")]
    settings = Settings(
        segment=SegmentSettings(segmenter="rjieba"),
        cache=CacheSettings(enabled=False),
        topics=TopicSettings(k=10, stability_runs=1, passes=5),
    )
    # Build the engine (dictionary, kamlit's words) before timing anything.
    prepare(records=everything[:10], settings=settings, use_cache=False)
    rows = {n: run(everything[:n], settings) for n in sizes}
    for kind, which in (("wall s", 0), ("CPU s", 1)):
        header = f"{kind:<10}" + "".join(f"{n:>10,}" for n in sizes)
        growth = [f"exp {a:,}→{b:,}" for a, b in itertools.pairwise(sizes)]
        print(header + "".join(f"{g:>20}" for g in growth))
        for stage in (*STAGES, "total"):
            times = [
                sum(t[which] for t in rows[n].values())
                if stage == "total"
                else rows[n][stage][which]
                for n in sizes
            ]
            line = f"{stage:<10}" + "".join(f"{t:>10.2f}" for t in times)
            for (a, ta), (b, tb) in itertools.pairwise(zip(sizes, times, strict=True)):
                ok = ta > 0 and tb > 0
                exponent = math.log(tb / ta) / math.log(b / a) if ok else float("nan")
                line += f"{exponent:>20.2f}"
            print(line)
        print()


if __name__ == "__main__":
    main()
