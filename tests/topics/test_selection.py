"""Coherence, stability and the rule that picks K."""

from __future__ import annotations

import numpy as np
import pytest

from kamlit.topics.coherence import CoherenceScorer
from kamlit.topics.model import DocTermMatrix, FitPlan, build_dtm
from kamlit.topics.selection import (
    QUALITY_TOLERANCE,
    Candidate,
    RunScore,
    choose_k,
    diversity,
    gensim_coherence,
    k_range,
    stability,
    top_term_ids,
)
from kamlit.topics.sweep import sweep


def fs(*terms: str) -> frozenset[str]:
    return frozenset(terms)


def test_stability_of_identical_runs_is_one() -> None:
    run = [fs("a", "b"), fs("c", "d")]
    assert stability([run, list(reversed(run))]) == pytest.approx(1.0)


def test_stability_of_disjoint_runs_is_zero() -> None:
    assert stability([[fs("a", "b")], [fs("c", "d")]]) == pytest.approx(0.0)


def test_stability_by_hand() -> None:
    # Run A: {a,b,c}, {d,e,f}; run B: {a,b,x}, {d,e,f}.
    # A→B: best matches 2/4 and 1 → 0.75; B→A the same → 0.75.
    a = [fs("a", "b", "c"), fs("d", "e", "f")]
    b = [fs("a", "b", "x"), fs("d", "e", "f")]
    assert stability([a, b]) == pytest.approx(0.75)


def test_stability_is_asymmetric_per_direction_and_averaged() -> None:
    # A has one topic, B two: A→B = 1 (its topic is in B); B→A = (1 + 0) / 2.
    a = [fs("a", "b")]
    b = [fs("a", "b"), fs("c", "d")]
    assert stability([a, b]) == pytest.approx((1.0 + 0.5) / 2)


def test_stability_needs_two_runs() -> None:
    assert stability([[fs("a")]]) is None


def test_top_terms_break_ties_by_term_id() -> None:
    topic_term = np.array([[0.2, 0.3, 0.2, 0.3], [0.1, 0.1, 0.7, 0.1]])
    assert top_term_ids(topic_term, 3) == ((1, 3, 0), (2, 0, 1))


def test_k_range() -> None:
    assert list(k_range(20, k_min=2, k_max=12)) == list(range(2, 11))
    assert list(k_range(100, k_min=2, k_max=12)) == list(range(2, 13))
    assert list(k_range(3, k_min=2, k_max=12)) == []


def _candidate(k: int, *qualities: float | None) -> Candidate:
    """A candidate whose seeds have the given qualities (c_v = quality, diversity 1)."""
    return Candidate(
        k=k,
        fit=None,
        top_ids=(),
        coherence=(),
        npmi=(),
        stability=None,
        seeds=tuple(range(len(qualities))),
        runs=tuple(RunScore(i, q, None, 1.0, 10, True) for i, q in enumerate(qualities)),
    )


def test_quality_is_coherence_times_diversity_averaged_over_seeds() -> None:
    c = Candidate(
        k=2,
        fit=None,
        top_ids=(),
        coherence=(),
        npmi=(),
        stability=None,
        seeds=(1, 2),
        runs=(RunScore(1, 0.5, None, 0.8, 10, True), RunScore(2, 0.7, None, 1.0, 10, True)),
    )
    assert c.quality == pytest.approx((0.5 * 0.8 + 0.7 * 1.0) / 2)


def test_choose_k_smallest_within_the_tolerance_of_the_best() -> None:
    cands = [
        _candidate(2, 0.40, 0.42),
        _candidate(3, 0.60, 0.50),  # 0.55: more than the tolerance below the best
        _candidate(4, 0.70, 0.69),  # 0.695: within the tolerance of 0.70
        _candidate(5, 0.70, 0.70),  # the best
        _candidate(6, 0.69, 0.69),
    ]
    assert pytest.approx(0.02) == QUALITY_TOLERANCE
    assert choose_k(cands).k == 4


def test_choose_k_best_when_nothing_is_close() -> None:
    cands = [_candidate(2, 0.3), _candidate(3, 0.8), _candidate(4, 0.5)]
    assert choose_k(cands).k == 3


def test_choose_k_ties_go_to_the_smaller_k() -> None:
    cands = [_candidate(4, 0.5), _candidate(3, 0.5), _candidate(5, 0.5)]
    assert choose_k(cands).k == 3


def test_choose_k_without_any_coherence_takes_the_smallest_k() -> None:
    cands = [_candidate(4, None), _candidate(3, None)]
    assert choose_k(cands).k == 3


def test_choose_k_needs_candidates() -> None:
    with pytest.raises(ValueError):
        choose_k([])


def test_diversity_counts_distinct_top_words() -> None:
    disjoint = np.array([[0.5, 0.4, 0.1, 0.0], [0.0, 0.1, 0.4, 0.5]])
    assert diversity(disjoint, 2) == 1.0
    same = np.array([[0.5, 0.4, 0.1, 0.0], [0.5, 0.4, 0.0, 0.1]])
    assert diversity(same, 2) == 0.5


def _themes() -> DocTermMatrix:
    texts = []
    for i in range(6):
        texts.append(["邮政", "邮件", "包裹", "网点", "投递"][i % 3 :] * 2)
        texts.append(["电信", "宽带", "移动", "网络", "套餐"][i % 3 :] * 2)
    return build_dtm([f"d{i}" for i in range(12)], texts, min_df=1, max_df=1.0)


def test_coherence_is_per_topic_and_rewards_words_that_co_occur() -> None:
    dtm = _themes()
    good_topics = [["邮政", "邮件", "包裹"], ["电信", "宽带", "移动"]]
    mixed_topics = [["邮政", "电信", "包裹"], ["宽带", "邮件", "移动"]]
    scorer = CoherenceScorer.build(dtm.texts, [w for t in good_topics for w in t])
    good, npmi = scorer.score(good_topics)
    mixed, _ = scorer.score(mixed_topics)
    assert len(good) == 2
    assert min(good) > max(mixed)
    assert all(-1.0 <= v <= 1.0 for v in npmi)


@pytest.mark.parametrize("engine", ["tomotopy", "sklearn"])
def test_sweep_uses_consecutive_seeds_and_keeps_the_best(engine: str) -> None:
    dtm = _themes()
    plan = FitPlan(engine, 200, 50, 1e-3, 3, 3)
    (cand,) = sweep(dtm, [2], seed=10, plan=plan, jobs=1)
    assert cand.seeds == (10, 11, 12)
    assert [r.seed for r in cand.runs] == [10, 11, 12]
    qualities = [r.quality for r in cand.runs]
    assert cand.kept is not None
    assert cand.kept.quality == max(qualities)
    assert cand.fit.seed == cand.runs[qualities.index(cand.kept.quality)].seed
    assert len(cand.coherence) == len(cand.npmi) == 2
    assert all(len(ids) == 3 for ids in cand.top_ids)
    # Two clear themes: every seed finds them.
    assert cand.stability == pytest.approx(1.0)
    (single,) = sweep(dtm, [2], seed=10, plan=FitPlan(engine, 200, 50, 1e-3, 1, 3), jobs=1)
    assert single.stability is None


def test_one_term_topics_have_no_coherence() -> None:
    dtm = build_dtm(["a", "b"], [["邮政"], ["邮政"]])
    scorer = CoherenceScorer.build(dtm.texts, ["邮政"])
    assert scorer.score([["邮政"], ["邮政"]]) == ((None, None), (None, None))
    assert scorer.score([]) == ((), ())
    assert gensim_coherence(dtm, [["邮政"], ["邮政"]], measure="c_v") == (None, None)
