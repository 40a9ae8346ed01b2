"""Communities, centralities, layout and the thematic map."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from kamlit.graph import ConceptGraph
from kamlit.graph.structure import average_ranks, layout, thematic_map


def test_thematic_map_by_hand() -> None:
    # Terms 0 A, 1 B (community 0) and 2 C, 3 D (community 1); association weights:
    #   A–B 4 (inside 0), C–D 1 (inside 1), A–C 2 and B–D 0.5 (across).
    # centrality_0 = 2 + 0.5 = 2.5 = centrality_1; density_0 = 100·4/2 = 200, density_1 = 50.
    # Ranks: centrality tie → 1.5 each (mean 1.5); density 2 and 1 (mean 1.5).
    # Community 0: centrality rank ≥ mean, density rank ≥ mean → motor; community 1 → basic.
    terms = ["A", "B", "C", "D"]
    src, dst = np.array([0, 2, 0, 1]), np.array([1, 3, 2, 3])
    themes = thematic_map(
        terms, src, dst, np.array([4.0, 1.0, 2.0, 0.5]), [0, 0, 1, 1], [5, 3, 2, 4]
    )
    assert [(t.centrality, t.density) for t in themes] == [(2.5, 200.0), (2.5, 50.0)]
    assert [(t.centrality_rank, t.density_rank) for t in themes] == [(1.5, 2.0), (1.5, 1.0)]
    assert [t.quadrant for t in themes] == ["motor", "basic"]
    # Terms most frequent first; the label joins the first three.
    assert themes[1].terms == ("D", "C") and themes[1].label == "D、C" and themes[1].freq == 6


def test_thematic_map_quadrants_of_four_themes() -> None:
    # Four singleton-pair themes placed one per quadrant by their weights.
    terms = [f"t{i}" for i in range(8)]
    inside = [(0, 1, 9.0), (2, 3, 8.0), (4, 5, 1.0), (6, 7, 2.0)]
    across = [(0, 2, 3.0), (0, 6, 3.0), (4, 6, 0.2)]
    src = np.array([a for a, _, _ in inside + across])
    dst = np.array([b for _, b, _ in inside + across])
    w = np.array([x for _, _, x in inside + across])
    themes = thematic_map(terms, src, dst, w, [0, 0, 1, 1, 2, 2, 3, 3], [1] * 8)
    # centrality: c0 = 6, c1 = 3, c2 = 0.2, c3 = 3.2; density: 450, 400, 50, 100
    assert [t.quadrant for t in themes] == ["motor", "niche", "emerging", "basic"]


def test_average_ranks_give_ties_their_mean() -> None:
    assert average_ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [3.5, 1.0, 3.5, 2.0]
    assert average_ranks(np.array([])).tolist() == []


def test_communities_centralities_and_positions_are_set(default_graph: ConceptGraph) -> None:
    graph = default_graph
    assert graph.stats.communities == len(graph.themes) >= 2
    sizes = [t.size for t in graph.themes]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(sizes) == len(graph.nodes)
    for node in graph.nodes:
        assert -1.0 <= node.x <= 1.0 and -1.0 <= node.y <= 1.0
        assert 0.0 <= node.betweenness <= 1.0 and 0.0 <= node.eigenvector <= 1.0
        assert graph.themes[node.community].terms.count(node.term) == 1
    assert len({(n.x, n.y) for n in graph.nodes}) == len(graph.nodes)
    assert graph.stats.betweenness == "exact"


def test_layout_is_seeded_and_separates_components() -> None:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(7))
    for a, b in [(0, 1), (1, 2), (2, 0), (2, 3), (4, 5), (5, 6)]:
        g.add_edge(a, b, layout=1.0)
    terms = [f"t{i}" for i in range(7)]
    first, again = layout(g, terms, seed=7), layout(g, terms, seed=7)
    assert all(np.array_equal(first[i], again[i]) for i in range(7))
    assert max(float(np.abs(p).max()) for p in first.values()) == pytest.approx(1.0)
    # The second component sits below the first (shelved under the largest).
    assert max(first[i][1] for i in (4, 5, 6)) < min(first[i][1] for i in range(4))


def test_betweenness_is_sampled_above_the_threshold(build: Callable[..., ConceptGraph]) -> None:
    exact = build(measure="count")
    # 4 nodes x 4 edges = 16 > 10: sampled from max(50, 10 // 4) pivots, capped at 4 nodes.
    sampled = build(measure="count", betweenness_budget=10)
    assert exact.stats.betweenness == "exact"
    assert sampled.stats.betweenness == "sampled k=4 seed=42"
    assert sampled == build(measure="count", betweenness_budget=10)
    # All 4 pivots: the estimate equals the exact value.
    assert [n.betweenness for n in sampled.nodes] == pytest.approx(
        [n.betweenness for n in exact.nodes], abs=1e-6
    )


def test_communities_do_not_depend_on_the_order_of_input_records(
    default_corpus: object, default_graph: ConceptGraph
) -> None:
    from dataclasses import replace

    from kamlit.corpus import from_corpus
    from kamlit.graph import build_concept_graph

    corpus = default_corpus.corpus
    shuffled = replace(
        corpus,
        records=tuple(reversed(corpus.records)),
        documents=tuple(reversed(corpus.documents)),
    )
    other = build_concept_graph(from_corpus(shuffled))
    assert [(e.source, e.target, e.count, e.weight) for e in other.edges] == [
        (e.source, e.target, e.count, e.weight) for e in default_graph.edges
    ]
    assert [(n.term, n.community, n.x, n.y) for n in other.nodes] == [
        (n.term, n.community, n.x, n.y) for n in default_graph.nodes
    ]
