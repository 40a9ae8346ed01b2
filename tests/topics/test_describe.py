"""Relevance, labels, the intertopic map and group shares."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kamlit.topics.describe import (
    group_prevalence,
    intertopic_map,
    js_distance,
    label_topics,
    ranked,
    relevance,
    relevance_pool,
)

VOCAB = ("a", "b", "c", "d")


def test_relevance_matches_the_ldavis_formula() -> None:
    phi = np.array([[0.5, 0.3, 0.1, 0.1]])
    p_w = np.array([0.4, 0.1, 0.25, 0.25])
    rel = relevance(phi, p_w, 0.6)
    expected = 0.6 * math.log(0.3) + 0.4 * math.log(0.3 / 0.1)
    assert rel[0, 1] == pytest.approx(expected)
    # λ = 1 is plain probability order; λ = 0 is lift order.
    assert ranked(relevance(phi, p_w, 1.0)[0], VOCAB, 2) == [0, 1]
    assert ranked(relevance(phi, p_w, 0.0)[0], VOCAB, 2) == [1, 0]


def test_ranked_breaks_ties_by_term() -> None:
    assert ranked(np.array([1.0, 2.0, 2.0, 0.5]), VOCAB, 3) == [1, 2, 0]


def test_labels_prefer_distinctive_terms_and_stay_unique() -> None:
    # Term "a" is the most probable in both topics but common everywhere; b and c are rare
    # overall: relevance at λ = 0.6 puts them first (b: 0.6·ln .3 + 0.4·ln(.3/.12) = −0.36 >
    # a: 0.6·ln .5 + 0.4·ln(.5/.6) = −0.49).
    phi = np.array([[0.5, 0.3, 0.1, 0.1], [0.5, 0.1, 0.3, 0.1]])
    p_w = np.array([0.6, 0.12, 0.12, 0.16])
    labels = label_topics(phi, p_w, VOCAB)
    assert labels[0].split(" · ")[0] == "b"
    assert labels[1].split(" · ")[0] == "c"
    assert len(labels[0].split(" · ")) == 3
    # Identical topics get longer labels until they differ (or the vocabulary runs out).
    same = label_topics(np.array([[0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.1, 0.2]]), p_w, VOCAB)
    assert same[0] != same[1]


def test_pool_contains_the_top_terms_at_both_ends_of_lambda() -> None:
    phi = np.array([[0.5, 0.3, 0.1, 0.1]])
    p_w = np.array([0.4, 0.1, 0.25, 0.25])
    pool = relevance_pool(phi, p_w, VOCAB)
    assert pool == ((0, 1, 2, 3),)  # fewer than 30 terms: all of them


def test_js_distance() -> None:
    p = np.array([0.5, 0.5, 0.0])
    assert js_distance(p, p) == pytest.approx(0.0)
    assert js_distance(p, np.array([0.0, 0.0, 1.0])) == pytest.approx(1.0)
    q = np.array([1.0, 0.0, 0.0])
    # JS divergence of (½,½) and (1,0) in bits: ½·KL(p‖m) + ½·KL(q‖m), m = (¾, ¼).
    div = 0.5 * (0.5 * math.log2(0.5 / 0.75) + 0.5 * math.log2(0.5 / 0.25)) + 0.5 * math.log2(
        1 / 0.75
    )
    assert js_distance(p, q) == pytest.approx(math.sqrt(div))


def test_map_preserves_the_distances_of_three_topics() -> None:
    phi = np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.25, 0.25, 0.4, 0.1]])
    coords = intertopic_map(phi)
    assert coords.shape == (3, 2)
    for i in range(3):
        for j in range(i + 1, 3):
            assert np.linalg.norm(coords[i] - coords[j]) == pytest.approx(
                js_distance(phi[i], phi[j])
            )
    assert coords.mean(axis=0) == pytest.approx([0.0, 0.0], abs=1e-12)


def test_map_of_two_topics_is_a_line_with_a_fixed_sign() -> None:
    coords = intertopic_map(np.array([[0.9, 0.1], [0.1, 0.9]]))
    assert coords[:, 1].tolist() == [0.0, 0.0]
    assert max(coords[:, 0], key=abs) > 0


def test_group_prevalence_counts_a_document_in_each_of_its_groups() -> None:
    doc_topic = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    groups = [("telecom",), ("postal",), ("telecom", "postal")]
    out = group_prevalence(doc_topic, groups, ["telecom", "postal", "banking"])
    assert list(out) == ["telecom", "postal"]
    assert out["telecom"] == pytest.approx([0.75, 0.25])
    assert out["postal"] == pytest.approx([0.25, 0.75])
