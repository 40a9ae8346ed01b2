"""Benchmark: the concept graph of the 14,400-document People's Daily corpus (target < 30 s).

Segments the corpus with kamlit.text.segment_records (timed on its own: it is not part of the
graph build), then times build_concept_graph phase by phase (co-occurrence, filtering,
evidence, communities, centralities, thematic map, layout) and, with --write, write_graph.

    PYTHONPATH=src python benchmarks/bench_graph.py
    PYTHONPATH=src python benchmarks/bench_graph.py --top 150,2000 --backbone off --write /tmp/g
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.graph import ConceptGraph, build_concept_graph, write_graph
from kamlit.settings import GraphSettings, SegmentSettings
from kamlit.text import segment_records
from peoples_daily import load_records

PHASES = (
    "cooccurrence",
    "filtering",
    "evidence",
    "communities",
    "centralities",
    "thematic",
    "layout",
)


def main() -> None:
    """Segment the corpus once, then build (and optionally write) the graph and print timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segmenter", default="auto", choices=["auto", "jieba", "rjieba"])
    parser.add_argument("--window", default="sentence", choices=["sentence", "document"])
    parser.add_argument("--measure", default="association")
    parser.add_argument(
        "--top",
        default="150",
        help="Candidate terms; several comma-separated builds, e.g. 150,2000",
    )
    parser.add_argument("--min-count", type=int, default=0)
    parser.add_argument("--backbone", default="auto")
    parser.add_argument("--write", type=Path, help="Also write every export into this folder.")
    args = parser.parse_args()

    clock = time.perf_counter()
    records = load_records()
    load_s = time.perf_counter() - clock
    clock = time.perf_counter()
    corpus = segment_records(records, settings=SegmentSettings(segmenter=args.segmenter))
    segment_s = time.perf_counter() - clock
    prepared = from_corpus(corpus)  # sectors from the corpus's words
    chars = sum(len(r.abstract) for r in records)
    print(f"corpus: {len(records):,} documents, {chars:,} characters (load {load_s:.2f} s)")
    print(f"segmentation ({args.segmenter}): {segment_s:.2f} s — not part of the graph build")

    for top in (int(t) for t in args.top.split(",")):
        settings = GraphSettings(
            window=args.window,
            measure=args.measure,
            top=top,
            min_count=args.min_count,
            backbone=args.backbone,
        )
        graph, _ = _build(prepared, settings)
    if args.write:
        clock = time.perf_counter()
        written = write_graph(graph, args.write)  # the last build
        size = sum(p.stat().st_size for p in written)
        print(
            f"write_graph: {time.perf_counter() - clock:.2f} s, {len(written)} files, "
            f"{size / 1e6:.1f} MB in {args.write}"
        )


def _build(prepared: PreparedCorpus, settings: GraphSettings) -> tuple[ConceptGraph, float]:
    clock = time.perf_counter()
    graph = build_concept_graph(prepared, settings=settings)
    build_s = time.perf_counter() - clock
    st, used = graph.stats, graph.settings
    print(
        f"\nsettings: window {used.window}, measure {used.measure}, top {used.top}, "
        f"min count {used.min_count}, backbone {used.backbone}, betweenness {st.betweenness}"
    )
    print(
        f"counts: {st.units:,} units, {st.concepts:,} distinct concepts, {st.candidates} "
        f"candidates, {st.pairs:,} co-occurring pairs, {st.edges_min_count:,} after min count, "
        f"{st.edges_backbone:,} after backbone → {st.nodes} nodes, {st.edges} edges, "
        f"{st.communities} communities; evidence: {len(graph.sentences):,} sentences from "
        f"{len(graph.records):,} records"
    )
    for phase in PHASES:
        print(f"  {phase:<13} {graph.timings.get(phase, 0.0):7.3f} s")
    other = build_s - sum(graph.timings.get(p, 0.0) for p in PHASES)
    print(f"  {'other':<13} {other:7.3f} s  (node facts, result assembly)")
    verdict = "OK" if build_s < 30 else "TOO SLOW"
    print(f"build_concept_graph total: {build_s:.2f} s (target < 30 s: {verdict})")
    return graph, build_s


if __name__ == "__main__":
    main()
