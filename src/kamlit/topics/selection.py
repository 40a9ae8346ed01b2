"""Choosing K with evidence: topic coherence on the corpus itself and stability across seeds.

For each K the model is fitted with `runs` seeds (seed, seed+1, …). The first fit is the one
reported; its top terms are scored with gensim's CoherenceModel (c_v, and c_npmi as a second
opinion) on the corpus's own token lists. Stability compares the top terms of every pair of
runs: for each topic of one run, the best Jaccard overlap with any topic of the other run,
averaged over topics and over both directions of every pair (1 = the same topics every time).

Rule for `k=auto` (SELECTION_RULE): among the K whose stability is within
`STABILITY_TOLERANCE` of the most stable K, take the one with the highest mean c_v coherence;
ties (after rounding to 6 decimals) go to the smaller K. Without stability (runs=1), the
highest c_v wins.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kamlit.topics.model import DocTermMatrix, Engine, LdaFit, fit_lda

STABILITY_TOLERANCE = 0.1
SELECTION_RULE = (
    "highest mean c_v coherence among the K whose stability (mean best-match Jaccard of the "
    f"top terms across seeds) is within {STABILITY_TOLERANCE} of the most stable K; "
    "ties go to the smaller K"
)


@dataclass(frozen=True)
class Candidate:
    """One K: its reported fit, per-topic coherence and stability across seeds."""

    k: int
    fit: LdaFit
    top_ids: tuple[tuple[int, ...], ...]  # per topic, term ids by weight (ties by term)
    coherence: tuple[float | None, ...]  # c_v per topic
    npmi: tuple[float | None, ...]  # c_npmi per topic
    stability: float | None
    seeds: tuple[int, ...]

    @property
    def coherence_mean(self) -> float | None:
        """Mean c_v over topics (topics without a score are left out)."""
        return _mean(self.coherence)

    @property
    def npmi_mean(self) -> float | None:
        """Mean c_npmi over topics."""
        return _mean(self.npmi)


def top_term_ids(topic_term: np.ndarray, n: int) -> tuple[tuple[int, ...], ...]:
    """The n heaviest terms of each topic; equal weights are ordered by term (= by id)."""
    ids = np.arange(topic_term.shape[1])
    return tuple(tuple(int(i) for i in np.lexsort((ids, -row))[:n]) for row in topic_term)


def coherence_per_topic(
    dtm: DocTermMatrix, topics: Sequence[Sequence[str]], *, measure: str
) -> tuple[float | None, ...]:
    """Score each topic's term list with gensim's CoherenceModel on the corpus's own texts.

    A topic with fewer than two terms (a one-word vocabulary) has no coherence: None.
    """
    from gensim.models.coherencemodel import CoherenceModel

    scoreable = [i for i, t in enumerate(topics) if len(t) >= 2]
    out: list[float | None] = [None] * len(topics)
    if not scoreable or dtm.n_docs == 0:
        return tuple(out)
    model = CoherenceModel(
        topics=[list(topics[i]) for i in scoreable],
        texts=[list(t) for t in dtm.texts],
        dictionary=dtm.dictionary,
        coherence=measure,
        topn=max(len(topics[i]) for i in scoreable),
        processes=1,  # a worker pool costs more than it saves here, and stays deterministic
    )
    # Degenerate segments give NaN (with numpy warnings); they are reported as None.
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        scores = model.get_coherence_per_topic()
    for i, score in zip(scoreable, scores, strict=True):
        out[i] = float(score) if math.isfinite(score) else None
    return tuple(out)


def stability(runs: Sequence[Sequence[frozenset[str]]]) -> float | None:
    """Mean best-match Jaccard of topic term sets over every ordered pair of runs."""
    if len(runs) < 2:
        return None
    values = []
    for a, b in itertools.permutations(runs, 2):
        best = [max((_jaccard(x, y) for y in b), default=0.0) for x in a]
        values.append(sum(best) / len(best) if best else 0.0)
    return float(sum(values) / len(values))


def evaluate_k(
    dtm: DocTermMatrix,
    *,
    k: int,
    seed: int,
    engine: Engine,
    passes: int,
    iterations: int,
    runs: int,
    top_n: int,
) -> Candidate:
    """Fit K topics with `runs` seeds; score the first fit's coherence and the runs' stability."""
    seeds = tuple(seed + i for i in range(max(1, runs)))
    fits = [
        fit_lda(dtm, k=k, seed=s, engine=engine, passes=passes, iterations=iterations)
        for s in seeds
    ]
    n = min(top_n, len(dtm.vocabulary))
    tops = [top_term_ids(f.topic_term, n) for f in fits]
    words = [[dtm.vocabulary[i] for i in topic] for topic in tops[0]]
    sets = [[frozenset(dtm.vocabulary[i] for i in topic) for topic in run] for run in tops]
    return Candidate(
        k=k,
        fit=fits[0],
        top_ids=tops[0],
        coherence=coherence_per_topic(dtm, words, measure="c_v"),
        npmi=coherence_per_topic(dtm, words, measure="c_npmi"),
        stability=stability(sets),
        seeds=seeds,
    )


def choose_k(candidates: Sequence[Candidate]) -> Candidate:
    """Apply SELECTION_RULE to the swept candidates."""
    if not candidates:
        raise ValueError("no candidates to choose from")
    pool = list(candidates)
    stabilities = [c.stability for c in pool if c.stability is not None]
    if stabilities:
        floor = round(max(stabilities) - STABILITY_TOLERANCE, 6)
        pool = [c for c in pool if c.stability is not None and round(c.stability, 6) >= floor]

    def score(c: Candidate) -> tuple[float, int]:
        mean = c.coherence_mean
        return (round(mean, 6) if mean is not None else -math.inf, -c.k)

    return max(pool, key=score)


def k_range(n_docs: int, *, k_min: int, k_max: int) -> range:
    """The K values `auto` sweeps: k_min .. min(k_max, n_docs // 2)."""
    return range(k_min, min(k_max, n_docs // 2) + 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
