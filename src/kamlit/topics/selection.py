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

Rule for `k=auto` (SELECTION_RULE), a one-standard-error rule (Breiman et al. 1984, Hastie,
Tibshirani & Friedman, "The Elements of Statistical Learning", 7.10) on qualities measured
with seed-to-seed noise:

1. each K's quality is the mean over its seeds; its standard error is the seeds' sample
   standard deviation / sqrt(seeds) (`Candidate.quality_se`; none with fewer than two seeds);
2. each K is credited with its bound = mean - standard error (`Candidate.bound`): a K whose
   quality swings from seed to seed is not credited with one lucky seed (that is how
   stability counts);
3. the best K is the one with the highest bound (ties: the smaller K); the tolerance is the
   best K's standard error clamped to [TOLERANCE_FLOOR, TOLERANCE_CEILING] (the ceiling when
   it is not measured: one seed per K);
4. the K chosen is the smallest whose bound is within the tolerance of the best bound (fewer
   topics when more add nothing measurable). The kept model is that K's seed with the
   highest quality (ties: the first seed).

The ceiling is the fixed tolerance of the former rule (0.02, on means): the tolerance is never
wider than that, however much the best K's seeds disagree (without it, one wild seed of the
best K would let much smaller K in). The floor, a quarter of the ceiling, keeps a standard
error that happens to come out tiny (estimated from three seeds it has two degrees of freedom
and comes out below a quarter of its true value about 6 % of the time) from turning the rule
into "the highest bound, however slight the lead".
`choose_k` returns the numbers behind the choice (`KChoice`); the topics result records them,
so the explorer and the console say why K was chosen.

Measured on 15 labelled mixtures of unrelated fields (`benchmarks/corpora/make_corpus.py`, 2
to 6 fields, equal and unequal shares, 160 to 12,000 records, 14 generator seeds): comparing
means with a fixed 0.02 chose K=5 on a six-field 12,000-record export (one field without a
topic of its own; K=5's mean was lifted by one seed of three: 0.52, 0.72, 0.66); comparing
bounds chooses K=9 there, and every field is the majority of a topic on all 15 (the K chosen
is the same as before or larger on each). Without the ceiling, one six-field mixture lost a
field. Same fits, same cost: only the comparison changed. See `tests/topics/test_choice.py`
and `benchmarks/bench_topics.py mixture`.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kamlit.topics.model import DocTermMatrix, LdaFit
from kamlit.topics.result import SelectionChoice

# The tolerance is the best K's standard error of quality, clamped to this range.
TOLERANCE_FLOOR = 0.005
TOLERANCE_CEILING = 0.02
DIVERSITY_TOP = 25
SELECTION_RULE = (
    "topic quality = mean c_v coherence × topic diversity (share of distinct words among "
    f"the top {DIVERSITY_TOP} of all topics); each K's bound = its mean quality over the seeds "
    "minus its standard error; the smallest K whose bound is within a tolerance of the best "
    "bound, the tolerance being the best K's standard error clamped to "
    f"[{TOLERANCE_FLOOR}, {TOLERANCE_CEILING}]; the seed with the best quality is kept"
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
        """Mean quality over the seeds."""
        return _mean([r.quality for r in self.runs])

    @property
    def quality_se(self) -> float | None:
        """Standard error of the mean quality: the seeds' sample standard deviation divided
        by the square root of their number; None with fewer than two scored seeds."""
        known = [r.quality for r in self.runs if r.quality is not None]
        if len(known) < 2:
            return None
        return float(np.std(known, ddof=1)) / math.sqrt(len(known))

    @property
    def bound(self) -> float | None:
        """Mean quality minus its standard error (the number the rule compares); the mean
        when the spread is not measured (one seed)."""
        mean, se = self.quality, self.quality_se
        if mean is None:
            return None
        return mean if se is None else mean - se


@dataclass(frozen=True)
class KChoice:
    """The K chosen by SELECTION_RULE and the numbers behind it (`numbers`: the best K, its
    bound and standard error, the tolerance and the threshold; None when no K had a coherence
    score and the smallest K was taken)."""

    candidate: Candidate
    numbers: SelectionChoice | None

    @property
    def k(self) -> int:
        """The K chosen."""
        return self.candidate.k


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


def tolerance(standard_error: float | None) -> float:
    """The best K's standard error clamped to [TOLERANCE_FLOOR, TOLERANCE_CEILING]; the
    ceiling when it is not measured."""
    if standard_error is None:
        return TOLERANCE_CEILING
    return min(TOLERANCE_CEILING, max(TOLERANCE_FLOOR, standard_error))


def choose_k(candidates: Sequence[Candidate]) -> KChoice:
    """Apply SELECTION_RULE to the swept candidates."""
    if not candidates:
        raise ValueError("no candidates to choose from")
    # Bounds rounded as topics.json stores them, so the rule reads the same from the file.
    scored = [(c, None if c.bound is None else round(c.bound, 6)) for c in candidates]
    known = [(c, b) for c, b in scored if b is not None]
    if not known:
        return KChoice(min(candidates, key=lambda c: c.k), None)
    best, best_bound = max(known, key=lambda cb: (cb[1], -cb[0].k))
    se = best.quality_se
    tol = tolerance(se)
    threshold = round(best_bound - tol, 6)
    pool = [c for c, b in known if b >= threshold]
    numbers = SelectionChoice(
        best_k=best.k,
        best_bound=best_bound,
        standard_error=se,
        tolerance=tol,
        floor=TOLERANCE_FLOOR,
        ceiling=TOLERANCE_CEILING,
        threshold=threshold,
    )
    return KChoice(min(pool, key=lambda c: c.k), numbers)


def k_range(n_docs: int, *, k_min: int, k_max: int) -> range:
    """The K values `auto` sweeps: k_min .. min(k_max, n_docs // 2)."""
    return range(k_min, min(k_max, n_docs // 2) + 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
