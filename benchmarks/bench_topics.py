"""Time LDA (K=10) on the 14,400-document People's Daily corpus with both engines.

The corpus is segmented once with `kamlit.text.segment_records` (from kamlit's cache when the
segmenter has one) and the document-term matrix is built once, as `build_topics` does; each
engine then fits in a fresh child process, so its peak memory (ru_maxrss) is its own. Printed
per engine: passes, fit time, c_v coherence of the top-10 terms (gensim CoherenceModel on the
corpus itself) and the time it took, resident memory before the fit and at peak.

    PYTHONPATH=src python benchmarks/bench_topics.py [--k 10] [--engines gensim sklearn]
        [--passes N]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _rss_mb() -> float:
    # Current resident set size from /proc (Linux); ru_maxrss gives the peak.
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(engine: str, k: int, tokens_file: str, passes: int = 0) -> None:
    """Fit one engine on the pickled tokens and print one JSON line of figures."""
    from kamlit.settings import TopicSettings
    from kamlit.topics.build import auto_passes
    from kamlit.topics.model import build_dtm, fit_lda
    from kamlit.topics.selection import coherence_per_topic, top_term_ids

    with open(tokens_file, "rb") as handle:
        ids, texts = pickle.load(handle)
    settings = TopicSettings()
    start = time.perf_counter()
    dtm = build_dtm(
        ids,
        texts,
        min_df=settings.min_df,
        max_df=settings.max_df,
        max_terms=settings.max_terms,
    )
    _ = dtm.bow if engine == "gensim" else dtm.counts
    dtm_s = time.perf_counter() - start
    if engine == "gensim":
        import gensim.models  # noqa: F401 - import cost is not fit time
    else:
        import sklearn.decomposition  # noqa: F401
    passes = passes or auto_passes(dtm.n_docs, engine)
    before = _rss_mb()
    start = time.perf_counter()
    fit = fit_lda(dtm, k=k, seed=42, engine=engine, passes=passes, iterations=settings.iterations)  # type: ignore[arg-type]
    fit_s = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = [[dtm.vocabulary[i] for i in t] for t in top_term_ids(fit.topic_term, 10)]
    start = time.perf_counter()
    scores = coherence_per_topic(dtm, words, measure="c_v")
    cv_s = time.perf_counter() - start
    known = [s for s in scores if s is not None]
    print(
        json.dumps(
            {
                "engine": engine,
                "docs": dtm.n_docs,
                "vocabulary": len(dtm.vocabulary),
                "nnz": int(dtm.counts.nnz),
                "dtm_s": dtm_s,
                "passes": passes,
                "iterations": settings.iterations,
                "fit_s": fit_s,
                "c_v": sum(known) / len(known),
                "c_v_s": cv_s,
                "rss_before_mb": before,
                "peak_rss_mb": peak,
                "topics": [" ".join(w[:6]) for w in words],
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--engines", nargs="+", default=["gensim", "sklearn"])
    parser.add_argument("--passes", type=int, default=0, help="0: kamlit's automatic passes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tokens", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.k, args.tokens, args.passes)
        return

    from kamlit.text import segment_records
    from peoples_daily import load_records

    start = time.perf_counter()
    records = load_records()
    corpus = segment_records(records)
    seg_s = time.perf_counter() - start
    chars = sum(len(r.abstract) for r in records)
    print(f"corpus: {len(records):,} documents, {chars:,} characters; segmented in {seg_s:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        tokens_file = Path(tmp) / "tokens.pickle"
        with tokens_file.open("wb") as handle:
            pickle.dump(
                ([d.id for d in corpus.documents], [d.tokens for d in corpus.documents]), handle
            )
        env = dict(os.environ)
        for engine in args.engines:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    engine,
                    "--k",
                    str(args.k),
                    "--tokens",
                    str(tokens_file),
                    "--passes",
                    str(args.passes),
                ],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{engine:8s} K={args.k}: {row['docs']:,} docs × {row['vocabulary']:,} terms "
                f"({row['nnz']:,} non-zeros, matrix {row['dtm_s']:.1f} s); "
                f"{row['passes']} passes × {row['iterations']} iterations: "
                f"fit {row['fit_s']:.1f} s; "
                f"c_v {row['c_v']:.3f} ({row['c_v_s']:.1f} s); "
                f"memory {row['rss_before_mb']:.0f} MB before fit, peak {row['peak_rss_mb']:.0f} MB"
            )
            for i, words in enumerate(row["topics"], start=1):
                print(f"    {i:2d}. {words}")


if __name__ == "__main__":
    main()
