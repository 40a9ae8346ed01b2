"""Topic modelling benchmarks (issue 13): engines, the `--k auto` sweep, labelled mixtures.

    PYTHONPATH=src python benchmarks/bench_topics.py engines [--sizes 1000 5000 14400]
        [--engines tomotopy gensim sklearn] [--k 10]
    PYTHONPATH=src python benchmarks/bench_topics.py sweep [--jobs N]
    PYTHONPATH=src python benchmarks/bench_topics.py mixture FOLDER [--jobs N]

`engines`: the People's Daily corpus (benchmarks/peoples_daily.py, 14,400 documents) is
segmented once (kamlit's cache), and for each size (the first N documents) and engine one fit
with K topics runs in a fresh child process, so its peak memory (ru_maxrss) is its own. Printed:
fit time, iterations to convergence (Gibbs sweeps or passes) of the budget, c_v of the top-10
terms, and resident memory before the fit and at peak.

`sweep`: `build_topics` with k=auto (K 2..12, 3 seeds each, all cores) on the 14,400
documents, timed from the prepared corpus (segmentation excluded); prints the sweep table.

`mixture FOLDER`: a folder of exports with `.truth/` files (benchmarks/corpora/make_corpus.py):
kamlit's `--k auto` timed (wall, and CPU of this process and of the fit workers), the sweep
table with each K's mean quality, its standard error over the seeds and its bound (mean minus
standard error, what the rule compares), how many fields are the majority of a topic of that
K's kept fit, the numbers behind the choice, which field is the majority of which topic, and
the K the former rule (mean quality within a fixed 0.02 of the best mean) would have taken; then,
unless `--no-bare`, a bare tomotopy sweep over the same K range on the same tokens (one seed,
500 iterations per K, tomotopy's default threads), with the ratio of the two times.

    python benchmarks/corpora/make_corpus.py vr art linguistics management deeplearning \
        telecom5g --records 600 --seed 41 --format refworks --out /tmp/six600/
    PYTHONPATH=src python benchmarks/bench_topics.py mixture /tmp/six600/ --no-bare
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _rss_mb() -> float:
    # Current resident set size from /proc (Linux); ru_maxrss gives the peak.
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(engine: str, k: int, tokens_file: str) -> None:
    """Fit one engine on the pickled tokens and print one JSON line of figures."""
    from kamlit.settings import TopicSettings
    from kamlit.topics.build import auto_passes
    from kamlit.topics.coherence import CoherenceScorer
    from kamlit.topics.model import build_dtm, fit_lda
    from kamlit.topics.selection import top_term_ids

    with open(tokens_file, "rb") as handle:
        ids, texts = pickle.load(handle)
    settings = TopicSettings()
    dtm = build_dtm(
        ids, texts, min_df=settings.min_df, max_df=settings.max_df, max_terms=settings.max_terms
    )
    _ = dtm.bow if engine == "gensim" else dtm.counts
    if engine == "gensim":
        import gensim.models  # noqa: F401 - import cost is not fit time
    elif engine == "sklearn":
        import sklearn.decomposition  # noqa: F401
    else:
        import tomotopy  # noqa: F401
    budget = auto_passes(dtm.n_docs, engine)
    before = _rss_mb()
    start = time.perf_counter()
    fit = fit_lda(
        dtm,
        k=k,
        seed=42,
        engine=engine,  # type: ignore[arg-type]
        passes=budget,
        iterations=settings.iterations,
        tolerance=settings.tolerance,
    )
    fit_s = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = [[dtm.vocabulary[i] for i in t] for t in top_term_ids(fit.topic_term, 10)]
    start = time.perf_counter()
    cv, _ = CoherenceScorer.build(dtm.texts, sorted({w for t in words for w in t})).score(words)
    cv_s = time.perf_counter() - start
    known = [s for s in cv if s is not None]
    row = {
        "engine": engine,
        "docs": dtm.n_docs,
        "vocabulary": len(dtm.vocabulary),
        "budget": budget,
        "iterations": fit.iterations,
        "converged": fit.converged,
        "fit_s": fit_s,
        "c_v": sum(known) / len(known),
        "c_v_s": cv_s,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
    }
    print(json.dumps(row, ensure_ascii=False))


def _peoples_daily() -> Any:
    from kamlit.corpus import from_corpus
    from kamlit.text import segment_records
    from peoples_daily import load_records

    start = time.perf_counter()
    records = load_records()
    prepared = from_corpus(segment_records(records))
    seconds = time.perf_counter() - start
    print(f"People's Daily: {len(records):,} documents; segmented in {seconds:.1f} s")
    return prepared


def engines(args: argparse.Namespace) -> None:
    prepared = _peoples_daily()
    docs = prepared.corpus.documents
    print(
        f"{'docs':>6} {'engine':9} {'fit s':>7} {'iterations':>16} {'c_v':>6} "
        f"{'RSS before':>10} {'peak MB':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            tokens = Path(tmp) / f"tokens-{size}.pickle"
            with tokens.open("wb") as handle:
                pickle.dump(([d.id for d in docs[:size]], [d.tokens for d in docs[:size]]), handle)
            for engine in args.engines:
                out = subprocess.run(
                    [sys.executable, __file__, "child", engine, str(args.k), str(tokens)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                state = "" if r["converged"] else " (budget)"
                print(
                    f"{r['docs']:>6} {engine:9} {r['fit_s']:7.1f} "
                    f"{r['iterations']:>5} of {r['budget']:>4}{state:9} {r['c_v']:6.3f} "
                    f"{r['rss_before_mb']:10.0f} {r['peak_rss_mb']:8.0f}",
                    flush=True,
                )


def _table(result: Any) -> None:
    print(f"{'K':>3} {'c_v':>6} {'div':>6} {'quality':>8} {'stab':>6} {'iters':>6}")
    for row in result.selection:
        mark = "  <- chosen" if row.chosen else ""
        print(
            f"{row.k:>3} {row.coherence or 0:6.3f} {row.diversity or 0:6.3f} "
            f"{row.quality or 0:8.3f} {row.stability or 0:6.3f} {row.iterations or 0:>6}{mark}"
        )


def sweep(args: argparse.Namespace) -> None:
    from kamlit.topics import build_topics

    prepared = _peoples_daily()
    start = time.perf_counter()
    cpu = time.process_time()
    result = build_topics(prepared, jobs=args.jobs)
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"--k auto at {len(result.doc_ids):,} documents: {wall:.1f} s "
        f"(CPU: this process {time.process_time() - cpu:.1f} s, workers "
        f"{children.ru_utime + children.ru_stime:.1f} s), chosen K={result.k}"
    )
    _table(result)


def _majorities(doc_ids: Any, doc_topic: Any, truth: dict[str, str]) -> dict[int, str]:
    """Topic number -> 'field n/m': the field most of the topic's documents belong to (each
    document counted in its dominant topic)."""
    dominant = doc_topic.argmax(axis=1)
    majority = {}
    for t in range(doc_topic.shape[1]):
        members = Counter(truth[d] for d, top in zip(doc_ids, dominant, strict=True) if top == t)
        if members:
            field = max(sorted(members), key=lambda f: members[f])
            majority[t + 1] = f"{field} {members[field]}/{sum(members.values())}"
    return majority


def mixture(args: argparse.Namespace) -> None:
    from kamlit.corpus import prepare
    from kamlit.settings import TopicSettings
    from kamlit.topics import build_topics
    from kamlit.topics.build import auto_passes
    from kamlit.topics.model import FitPlan, build_dtm
    from kamlit.topics.selection import k_range
    from kamlit.topics.sweep import sweep as sweep_ks

    folder = Path(args.folder)
    truth: dict[str, str] = {}
    for path in sorted((folder / ".truth").glob("*.truth.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        truth.update({r["id"]: r["field"] for r in data["records"]})
    prepared = prepare([folder])
    settings = TopicSettings()
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        cpu = time.process_time()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = build_topics(prepared, settings=settings, jobs=args.jobs, cache_dir=Path(cache))
        kamlit_s = time.perf_counter() - start
        self_cpu = time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        docs = prepared.corpus.documents
        dtm = build_dtm(
            [d.id for d in docs],
            [d.tokens for d in docs],
            min_df=settings.min_df,
            max_df=settings.max_df,
            max_terms=settings.max_terms,
        )
        ks = k_range(dtm.n_docs, k_min=settings.k_min, k_max=settings.k_max)
        plan = FitPlan(
            engine=settings.engine,
            passes=settings.passes or auto_passes(dtm.n_docs, settings.engine),
            iterations=settings.iterations,
            tolerance=settings.tolerance,
            runs=settings.stability_runs,
            top_n=settings.top_terms,
        )
        # Every K's kept fit, read back from the sweep's cache (no refit).
        candidates = sweep_ks(dtm, list(ks), seed=42, plan=plan, cache_dir=Path(cache))

    sources = sorted(set(truth.values()))
    covered = {
        c.k: len({m.split()[0] for m in _majorities(dtm.ids, c.fit.doc_topic, truth).values()})
        for c in candidates
    }
    print(f"{folder}: {len(prepared.corpus.records)} records, fields {', '.join(sources)}")
    print(
        f"{'K':>3} {'c_v':>6} {'div':>6} {'quality':>8} {'se':>6} {'bound':>6} {'stab':>6} "
        f"{'iters':>6} {'fields':>6}"
    )
    for row in result.selection:
        mark = "  <- chosen" if row.chosen else ""
        print(
            f"{row.k:>3} {row.coherence or 0:6.3f} {row.diversity or 0:6.3f} "
            f"{row.quality or 0:8.3f} {row.quality_se or 0:6.3f} {row.bound or 0:6.3f} "
            f"{row.stability or 0:6.3f} {row.iterations or 0:>6} "
            f"{covered[row.k]:>3}/{len(sources)}{mark}"
        )
    c = result.choice
    if c is not None:
        se = "unmeasured" if c.standard_error is None else f"{c.standard_error:.4f}"
        print(
            f"best bound {c.best_bound:.4f} at K={c.best_k}; its standard error {se}; tolerance "
            f"{c.tolerance:.4f} (clamped to [{c.floor}, {c.ceiling}]); threshold {c.threshold:.4f}"
        )
    means = {r.k: r.quality for r in result.selection if r.quality is not None}
    if means:
        best = max(means.values())
        former = min(k for k, q in means.items() if round(q, 6) >= round(best - 0.02, 6))
        print(
            f"former rule (means within 0.02): K={former}, {covered[former]}/{len(sources)} fields"
        )
    majority = _majorities(result.doc_ids, result.doc_topic, truth)
    print(f"chosen K={result.k} (sources: {len(sources)}); majority field per topic: {majority}")
    missing = set(sources) - {m.split()[0] for m in majority.values()}
    print(f"every field the majority of a topic: {'yes' if not missing else 'no, ' + str(missing)}")
    print(
        f"kamlit --k auto: {kamlit_s:.1f} s wall; CPU {self_cpu:.1f} s this process, "
        f"{workers_cpu:.1f} s fit workers"
    )
    if args.no_bare:
        return
    import tomotopy as tp

    start = time.perf_counter()
    for k in ks:
        model = tp.LDAModel(k=k, seed=42)
        csr = dtm.counts
        for i in range(csr.shape[0]):
            row_ids = range(csr.indptr[i], csr.indptr[i + 1])
            model.add_doc(
                [dtm.vocabulary[csr.indices[j]] for j in row_ids for _ in range(csr.data[j])]
            )
        with warnings.catch_warnings():  # "may differ … if workers != 1": that is the point
            warnings.simplefilter("ignore", RuntimeWarning)
            model.train(500)
    bare_s = time.perf_counter() - start
    print(
        f"bare tomotopy sweep (K {ks.start}..{ks.stop - 1}, one seed, 500 iterations) "
        f"{bare_s:.1f} s; ratio {kamlit_s / bare_s:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("engines")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 14400])
    p.add_argument("--engines", nargs="+", default=["tomotopy", "gensim", "sklearn"])
    p.add_argument("--k", type=int, default=10)
    p = sub.add_parser("sweep")
    p.add_argument("--jobs", type=int, default=None)
    p = sub.add_parser("mixture")
    p.add_argument("folder")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--no-bare", action="store_true", help="skip the bare tomotopy sweep")
    p = sub.add_parser("child")
    p.add_argument("engine")
    p.add_argument("k", type=int)
    p.add_argument("tokens")
    args = parser.parse_args()
    {"engines": engines, "sweep": sweep, "mixture": mixture}.get(
        args.command, lambda a: child(a.engine, a.k, a.tokens)
    )(args)


if __name__ == "__main__":
    main()
