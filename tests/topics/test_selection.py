"""Coherence, stability and the rule that picks K."""

from __future__ import annotations

import numpy as np
import pytest

from kamlit.topics.model import build_dtm
from kamlit.topics.selection import (
    STABILITY_TOLERANCE,
    Candidate,
    choose_k,
    coherence_per_topic,
    evaluate_k,
    k_range,
    stability,
    top_term_ids,
)


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


def _candidate(k: int, coherence: float | None, stab: float | None) -> Candidate:
    return Candidate(
        k=k,
        fit=None,  # type: ignore[arg-type]
        top_ids=(),
        coherence=(coherence,) * k,
        npmi=(None,) * k,
        stability=stab,
        seeds=(1, 2),
    )


def test_choose_k_best_coherence_among_the_stable() -> None:
    cands = [
        _candidate(2, 0.40, 0.90),
        _candidate(3, 0.50, 0.85),
        _candidate(4, 0.70, 0.50),  # most coherent but unstable
        _candidate(5, 0.45, 0.82),
    ]
    assert pytest.approx(0.1) == STABILITY_TOLERANCE
    assert choose_k(cands).k == 3


def test_choose_k_ties_go_to_the_smaller_k() -> None:
    cands = [_candidate(4, 0.5, 0.8), _candidate(3, 0.5, 0.8), _candidate(5, 0.5, 0.8)]
    assert choose_k(cands).k == 3


def test_choose_k_without_stability_uses_coherence() -> None:
    cands = [_candidate(2, 0.3, None), _candidate(3, 0.6, None), _candidate(4, None, None)]
    assert choose_k(cands).k == 3


def test_choose_k_needs_candidates() -> None:
    with pytest.raises(ValueError):
        choose_k([])


def _themes():
    texts = []
    for i in range(6):
        texts.append(["邮政", "邮件", "包裹", "网点", "投递"][i % 3 :] * 2)
        texts.append(["电信", "宽带", "移动", "网络", "套餐"][i % 3 :] * 2)
    return build_dtm([f"d{i}" for i in range(12)], texts, min_df=1, max_df=1.0)


def test_coherence_is_per_topic_and_rewards_words_that_co_occur() -> None:
    dtm = _themes()
    good = coherence_per_topic(
        dtm, [["邮政", "邮件", "包裹"], ["电信", "宽带", "移动"]], measure="c_v"
    )
    mixed = coherence_per_topic(
        dtm, [["邮政", "电信", "包裹"], ["宽带", "邮件", "移动"]], measure="c_v"
    )
    assert len(good) == 2
    assert all(g is not None and m is not None for g, m in zip(good, mixed, strict=True))
    assert min(good) > max(mixed)  # type: ignore[type-var]
    npmi = coherence_per_topic(dtm, [["邮政", "邮件", "包裹"]], measure="c_npmi")
    assert -1.0 <= npmi[0] <= 1.0  # type: ignore[operator]


def test_evaluate_k_uses_consecutive_seeds_and_the_first_fit() -> None:
    dtm = _themes()
    cand = evaluate_k(
        dtm, k=2, seed=10, engine="sklearn", passes=20, iterations=50, runs=3, top_n=3
    )
    assert cand.seeds == (10, 11, 12)
    assert cand.fit.seed == 10
    assert len(cand.coherence) == len(cand.npmi) == 2
    assert all(len(ids) == 3 for ids in cand.top_ids)
    # Two clear themes: every seed finds them.
    assert cand.stability == pytest.approx(1.0)
    single = evaluate_k(
        dtm, k=2, seed=10, engine="sklearn", passes=20, iterations=50, runs=1, top_n=3
    )
    assert single.stability is None


def test_one_term_topics_have_no_coherence() -> None:
    dtm = build_dtm(["a", "b"], [["邮政"], ["邮政"]])
    assert coherence_per_topic(dtm, [["邮政"], ["邮政"]], measure="c_v") == (None, None)
    assert coherence_per_topic(dtm, [], measure="c_v") == ()
