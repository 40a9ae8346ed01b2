"""Time sector assignment and `summarize_sectors` on People's Daily paragraphs.

The paragraphs are news, not key-account abstracts: this measures how the digest scales with
the number of records and statements (cue matching, features, clustering), not its quality.
Usage: python benchmarks/bench_summarize.py [--docs N] (default 2000; 0 means all 14,400).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

# Run from anywhere without installing: the script's folder is on sys.path already.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kamlit.corpus import from_corpus
from kamlit.settings import SegmentSettings
from kamlit.summarize import summarize_sectors
from kamlit.text import segment_records
from peoples_daily import load_records


def main() -> None:
    """Print the time of each stage and the peak memory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    records = load_records()
    if args.docs:
        records = records[: args.docs]
    chars = sum(len(r.abstract) for r in records)
    # CPU time besides wall time: the machine is shared, so wall time is noisy.
    clock = [(time.perf_counter(), time.process_time())]
    corpus = segment_records(records, settings=SegmentSettings(segmenter="rjieba"))
    clock.append((time.perf_counter(), time.process_time()))
    prepared = from_corpus(corpus)  # assigns sectors from the corpus's words
    clock.append((time.perf_counter(), time.process_time()))
    result = summarize_sectors(prepared)
    clock.append((time.perf_counter(), time.process_time()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(records)} records, {chars:,} characters")
    stages = ("segment (rjieba)", "assign_sectors", "summarize_sectors")
    for name, (w0, c0), (w1, c1) in zip(stages, clock, clock[1:], strict=False):
        print(f"{name:20} {w1 - w0:7.2f} s wall {c1 - c0:7.2f} s cpu")
    for digest in result.digests:
        print(
            f"  {digest.sector:8} {len(digest.records):6} records {digest.statements:6} "
            f"statements {len(digest.practices):3} practices"
            + (f"  ({digest.warning})" if digest.warning else "")
        )
    print(f"peak memory           {peak:7.0f} MB")


if __name__ == "__main__":
    main()
