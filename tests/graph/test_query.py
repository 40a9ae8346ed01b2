"""neighbours(): ranking, synonyms through the lexicon, and errors for unknown concepts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kamlit.errors import InputError
from kamlit.graph import ConceptGraph, neighbourhood_to_dict, neighbours
from kamlit.text import Corpus


def test_neighbours_are_ranked_by_weight_then_count_then_term(
    build: Callable[..., ConceptGraph],
) -> None:
    graph = build(measure="count")
    hood = neighbours(graph, "服务")
    # counts: 大客户 2, 电信 1, 邮政 1 → 大客户, then 电信 before 邮政 (term order)
    assert [nb.term for nb in hood.neighbours] == ["大客户", "电信", "邮政"]
    top = hood.neighbours[0]
    assert [q.text for q in top.quotes] == ["大客户的服务。", "大客户、电信和服务。"]
    assert [q.id for q in top.quotes] == ["hand:1", "hand:2"]
    assert top.quotes[0].label == "标题1"


def test_association_ranking(build: Callable[..., ConceptGraph]) -> None:
    hood = neighbours(build(), "大客户")
    assert [(nb.term, round(nb.edge.weight, 4)) for nb in hood.neighbours] == [
        ("电信", 1.6667),
        ("服务", 1.1111),
    ]


def test_synonyms_and_case_resolve_through_the_lexicon(
    default_graph: ConceptGraph, default_corpus: Corpus
) -> None:
    lexicon = default_corpus.lexicon
    direct = neighbours(default_graph, "大客户", lexicon=lexicon)
    for typed in ("关键客户", "Key Account", "ＫＥＹ　ＡＣＣＯＵＮＴ"):
        hood = neighbours(default_graph, typed, lexicon=lexicon)
        assert hood.term == "大客户" and hood.query == typed
        assert hood.neighbours == direct.neighbours


def test_unknown_concept_names_it_and_suggests_close_ones(
    default_graph: ConceptGraph, default_corpus: Corpus
) -> None:
    with pytest.raises(InputError) as info:
        neighbours(default_graph, "大客", lexicon=default_corpus.lexicon)
    message = str(info.value)
    assert "'大客'" in message and "does not occur in the corpus" in message
    assert "close concepts: 大客户" in message


def test_concept_filtered_out_of_the_graph_says_why(default_graph: ConceptGraph) -> None:
    missing = next(t for t in sorted(default_graph.vocabulary) if default_graph.node(t) is None)
    with pytest.raises(InputError, match=f"concept '{missing}' occurs in .* not in the graph"):
        neighbours(default_graph, missing)


def test_default_corpus_big_customer_has_neighbours_with_evidence(
    default_graph: ConceptGraph, default_corpus: Corpus
) -> None:
    from kamlit.text.normalize import normalize_text

    variants = default_corpus.lexicon.variants("大客户")
    hood = neighbours(default_graph, "大客户")
    assert len(hood.neighbours) >= 10
    keys = [(nb.edge.association <= 1, -nb.edge.count, -nb.edge.weight) for nb in hood.neighbours]
    assert keys == sorted(keys)
    for nb in hood.neighbours:
        assert nb.quotes
        for q in nb.quotes:
            assert any(v in normalize_text(q.text) for v in variants), q.text
    data = neighbourhood_to_dict(hood)
    assert data["term"] == "大客户" and data["neighbours"][0]["evidence"][0]["text"]


def test_g2_signs_and_scales_with_evidence() -> None:
    from kamlit.graph.query import g2

    assert g2(25, 50, 50, 100) == 0.0  # exactly as chance predicts
    assert g2(10, 10, 10, 100) > 0 > g2(0, 10, 10, 100)
    # The same association strength resting on more units is stronger evidence.
    assert g2(20, 40, 40, 160) > g2(10, 20, 20, 80) > g2(5, 10, 10, 40) > 0
    assert g2(3, 2, 2, 10) == 0.0 and g2(1, 1, 1, 0) == 0.0  # impossible tables say nothing
