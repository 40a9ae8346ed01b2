"""Choosing K with evidence: coherence, diversity and stability of fits over several seeds.

For each K the model is fitted with `runs` seeds (seed, seed+1, …), each until it converges.
Every fit is scored on the corpus itself:

- coherence c_v (and c_npmi as a second opinion) of each topic's top terms, gensim's measures
  computed by `kamlit.topics.coherence` (equal to gensim's `CoherenceModel`);
- topic diversity (Dieng, Ruiz & Blei 2020, "Topic modeling in embedding spaces"): the share of
  distinct words among the top-`DIVERSITY_TOP` words of all topics (1 = no word shared);
- topic quality = mean c_v × diversity (the same paper's measure of a model). Coherence alone
  rewards models that repeat the strongest words in every topic; diversity alone rewards noise.

Stability compares the top terms of every pair of seeds' fits: for each topic of one run, the
best Jaccard overlap with any topic of the other run, averaged over topics and both directions
of every pair (1 = the same topics every time).

Rule for `k=auto` (SELECTION_RULE): average each K's quality over its seeds (a K whose topics
change from seed to seed gets a noisy, lower mean: that is how stability counts); take the best
mean, then the smallest K whose mean is within `QUALITY_TOLERANCE` of it (fewer topics when more
add nothing measurable); ties go to the smaller K. The K reported is fitted with each seed and
the seed whose fit has the highest quality is the model kept (ties: the first seed).

The rule was validated on labelled mixtures of unrelated fields (2, 4 and 6 fields, equal and
unequal shares, `benchmarks/corpora/make_corpus.py`): see `tests/topics/test_choice.py` and
`benchmarks/bench_topics.py --mixtures`.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kamlit.topics.model import DocTermMatrix, LdaFit

QUALITY_TOLERANCE = 0.02
DIVERSITY_TOP = 25
SELECTION_RULE = (
    "topic quality = mean c_v coherence × topic diversity (share of distinct words among "
    f"the top {DIVERSITY_TOP} of all topics), averaged over the seeds; the smallest K within "
    f"{QUALITY_TOLERANCE} of the best K; the seed with the best quality is kept"
)


@dataclass(frozen=True)
class RunScore:
    """One seed's fit of one K: how long it ran and how good its topics are."""

    seed: int
    coherence: float | None  # mean c_v over topics
    npmi: float | None
    diversity: float
    iterations: int
    converged: bool

    @property
    def quality(self) -> float | None:
        """Mean c_v × diversity, or None without coherence."""
        return None if self.coherence is None else self.coherence * self.diversity


@dataclass(frozen=True)
class Candidate:
    """One K: its kept fit, per-topic coherence, and the scores of every seed."""

    k: int
    fit: LdaFit
    top_ids: tuple[tuple[int, ...], ...]  # per topic, term ids by weight (ties by term)
    coherence: tuple[float | None, ...]  # c_v per topic of the kept fit
    npmi: tuple[float | None, ...]  # c_npmi per topic of the kept fit
    stability: float | None
    seeds: tuple[int, ...]
    runs: tuple[RunScore, ...] = ()

    @property
    def coherence_mean(self) -> float | None:
        """Mean c_v over the kept fit's topics (topics without a score are left out)."""
        return _mean(self.coherence)

    @property
    def npmi_mean(self) -> float | None:
        """Mean c_npmi over the kept fit's topics."""
        return _mean(self.npmi)

    @property
    def kept(self) -> RunScore | None:
        """The score of the kept fit."""
        return next((r for r in self.runs if r.seed == self.fit.seed), None)

    @property
    def diversity(self) -> float | None:
        """Topic diversity of the kept fit."""
        kept = self.kept
        return None if kept is None else kept.diversity

    @property
    def quality(self) -> float | None:
        """Mean quality over the seeds (the number the rule compares)."""
        return _mean([r.quality for r in self.runs])


def top_term_ids(topic_term: np.ndarray, n: int) -> tuple[tuple[int, ...], ...]:
    """The n heaviest terms of each topic; equal weights are ordered by term (= by id)."""
    ids = np.arange(topic_term.shape[1])
    return tuple(tuple(int(i) for i in np.lexsort((ids, -row))[:n]) for row in topic_term)


def diversity(topic_term: np.ndarray, n: int = DIVERSITY_TOP) -> float:
    """Share of distinct words among the top-n words of every topic (Dieng et al. 2020)."""
    n = min(n, topic_term.shape[1])
    tops = top_term_ids(topic_term, n)
    total = sum(len(t) for t in tops)
    return len({i for t in tops for i in t}) / total if total else 0.0


def gensim_coherence(
    dtm: DocTermMatrix, topics: Sequence[Sequence[str]], *, measure: str
) -> tuple[float | None, ...]:
    """Score each topic's term list with gensim's own CoherenceModel (the reference that
    `kamlit.topics.coherence` reproduces; slow on large corpora).

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
        processes=1,
    )
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


def choose_k(candidates: Sequence[Candidate]) -> Candidate:
    """Apply SELECTION_RULE to the swept candidates."""
    if not candidates:
        raise ValueError("no candidates to choose from")
    scored = [(c, c.quality) for c in candidates]
    known = [q for _, q in scored if q is not None]
    if not known:
        return min(candidates, key=lambda c: c.k)
    floor = round(max(known) - QUALITY_TOLERANCE, 6)
    pool = [c for c, q in scored if q is not None and round(q, 6) >= floor]
    return min(pool, key=lambda c: c.k)


def k_range(n_docs: int, *, k_min: int, k_max: int) -> range:
    """The K values `auto` sweeps: k_min .. min(k_max, n_docs // 2)."""
    return range(k_min, min(k_max, n_docs // 2) + 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
