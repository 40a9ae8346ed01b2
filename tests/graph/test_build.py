"""build_concept_graph: weights checked by hand, filters, evidence, node facts, edge cases."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from kamlit.corpus import from_corpus
from kamlit.errors import UsageError
from kamlit.graph import ConceptGraph, backbone_alpha, build_concept_graph, resolve_min_count
from kamlit.graph.build import (
    AUTO_BACKBONE_ALPHAS,
    BACKBONE_MIN_LINKED,
    choose_backbone,
    disparity_filter,
    edge_measures,
)
from kamlit.settings import GraphSettings
from kamlit.text import Corpus
from kamlit.text.lexicon import load_lexicon

Build = Callable[..., ConceptGraph]


def _edge(graph: ConceptGraph, a: str, b: str) -> object:
    source, target = sorted((a, b))
    for edge in graph.edges:
        if (edge.source, edge.target) == (source, target):
            return edge
    raise AssertionError(f"no edge {source}–{target}")


# The hand computation for the sentence window (conftest.HAND):
#   units N = 5 sentences: r1s1 {大客户, 电信}, r1s2 {大客户, 服务}, r2s1 {大客户, 电信, 服务},
#   r3s1 {邮政, 服务}, r3s2 {邮政}  →  s(大客户) = 3, s(电信) = 2, s(服务) = 3, s(邮政) = 2.
#   c(大客户, 电信) = 2 (r1s1, r2s1); c(大客户, 服务) = 2 (r1s2, r2s1); c(电信, 服务) = 1 (r2s1);
#   c(服务, 邮政) = 1 (r3s1); 电信–邮政 and 大客户–邮政 never share a sentence.
#   association c·N/(s_i·s_j): 2·5/(3·2) = 5/3; 2·5/(3·3) = 10/9; 1·5/(2·3) = 5/6; 1·5/(3·2) = 5/6
#   jaccard c/(s_i+s_j−c):      2/(3+2−2) = 2/3; 2/(3+3−2) = 1/2; 1/(2+3−1) = 1/4; 1/(3+2−1) = 1/4
#   npmi ln(c·N/(s_i·s_j)) / −ln(c/N):
#     ln(5/3)/−ln(2/5) = 0.510826/0.916291 = 0.557492;  ln(10/9)/−ln(2/5) = 0.105361/0.916291
#     = 0.114986;  ln(5/6)/−ln(1/5) = −0.182322/1.609438 = −0.113283 (twice)
SENTENCE_EXPECTED = {
    ("大客户", "电信"): (2, 5 / 3, 2 / 3, math.log(5 / 3) / -math.log(2 / 5)),
    ("大客户", "服务"): (2, 10 / 9, 1 / 2, math.log(10 / 9) / -math.log(2 / 5)),
    ("服务", "电信"): (1, 5 / 6, 1 / 4, math.log(5 / 6) / -math.log(1 / 5)),
    ("服务", "邮政"): (1, 5 / 6, 1 / 4, math.log(5 / 6) / -math.log(1 / 5)),
}
HAND_NUMBERS = {
    ("大客户", "电信"): (0.557492,),
    ("大客户", "服务"): (0.114986,),
    ("服务", "电信"): (-0.113283,),
}
# Document window: N = 3 records: r1 {大客户, 电信, 服务}, r2 {大客户, 电信, 服务}, r3 {邮政, 服务}
#   s(大客户) = 2, s(电信) = 2, s(服务) = 3, s(邮政) = 1;
#   c(大客户, 电信) = c(大客户, 服务) = c(电信, 服务) = 2, c(服务, 邮政) = 1.
#   association: 2·3/(2·2) = 1.5; 2·3/(2·3) = 1; 1; 1·3/(3·1) = 1
#   jaccard: 2/(2+2−2) = 1; 2/(2+3−2) = 2/3; 2/3; 1/(3+1−1) = 1/3
#   npmi: ln(1.5)/−ln(2/3) = 1 (they only ever occur together); ln(1) = 0 for the others
DOCUMENT_EXPECTED = {
    ("大客户", "电信"): (2, 1.5, 1.0, 1.0),
    ("大客户", "服务"): (2, 1.0, 2 / 3, 0.0),
    ("服务", "电信"): (2, 1.0, 2 / 3, 0.0),
    ("服务", "邮政"): (1, 1.0, 1 / 3, 0.0),
}


@pytest.mark.parametrize("measure", ["count", "association", "jaccard", "npmi"])
def test_sentence_window_weights_equal_the_hand_computation(build: Build, measure: str) -> None:
    graph = build(measure=measure)
    assert {(e.source, e.target) for e in graph.edges} == set(SENTENCE_EXPECTED)
    column = {"count": 0, "association": 1, "jaccard": 2, "npmi": 3}[measure]
    for (a, b), expected in SENTENCE_EXPECTED.items():
        edge = _edge(graph, a, b)
        assert edge.count == expected[0]
        assert edge.association == pytest.approx(expected[1], abs=1e-6)
        assert edge.jaccard == pytest.approx(expected[2], abs=1e-6)
        assert edge.npmi == pytest.approx(expected[3], abs=1e-6)
        assert edge.weight == pytest.approx(expected[column], abs=1e-6)
    for pair, (npmi,) in HAND_NUMBERS.items():
        assert _edge(graph, *pair).npmi == pytest.approx(npmi, abs=2e-6)


@pytest.mark.parametrize("measure", ["count", "association", "jaccard", "npmi"])
def test_document_window_weights_equal_the_hand_computation(build: Build, measure: str) -> None:
    graph = build(window="document", measure=measure)
    assert {(e.source, e.target) for e in graph.edges} == set(DOCUMENT_EXPECTED)
    column = {"count": 0, "association": 1, "jaccard": 2, "npmi": 3}[measure]
    for (a, b), expected in DOCUMENT_EXPECTED.items():
        edge = _edge(graph, a, b)
        assert (edge.count, edge.association, edge.jaccard, edge.npmi) == pytest.approx(
            expected, abs=1e-6
        )
        assert edge.weight == pytest.approx(expected[column], abs=1e-6)


def test_edge_measures_npmi_is_one_when_a_pair_fills_every_unit() -> None:
    out = edge_measures(np.array([4]), np.array([4.0]), np.array([4.0]), 4)
    assert out["npmi"][0] == 1.0 and out["association"][0] == 1.0 and out["jaccard"][0] == 1.0


def test_every_edge_keeps_its_records_and_verbatim_sentences(build: Build, hand: tuple) -> None:
    corpus, _ = hand
    graph = build()
    edge = _edge(graph, "大客户", "电信")
    assert [graph.records[i].id for i in edge.records] == ["hand:1", "hand:2"]
    quoted = [graph.sentences[i] for i in edge.sentences]
    assert [s.text for s in quoted] == ["大客户与电信，大客户。", "大客户、电信和服务。"]
    for sentence in graph.sentences:
        record_id = graph.records[sentence.record].id
        record, document = corpus.by_id[record_id]
        original = document.sentences[sentence.index]
        assert sentence.text == original.text
        assert record.abstract[original.start : original.end] == sentence.text


def test_document_window_quotes_the_sentences_naming_either_concept(build: Build) -> None:
    graph = build(window="document")
    edge = _edge(graph, "服务", "邮政")
    assert [graph.records[i].id for i in edge.records] == ["hand:3"]
    assert [graph.sentences[i].text for i in edge.sentences] == ["邮政的服务。", "邮政。"]


def test_nodes_have_frequency_records_sectors_and_years(build: Build) -> None:
    graph = build()
    node = graph.node("大客户")
    assert node is not None
    # 大客户 occurs twice in r1s1: 4 occurrences, 3 sentences, 2 records.
    assert (node.freq, node.units, node.df) == (4, 3, 2)
    assert node.sector_counts == (("telecom", 1), ("postal", 1))
    assert (node.first_year, node.last_year, node.mean_year) == (2001, 2005, 2003.0)
    postal = graph.node("邮政")
    assert postal is not None
    assert (postal.first_year, postal.last_year, postal.mean_year) == (None, None, None)
    assert postal.sector_counts == (("telecom", 1), ("postal", 1))
    assert dict(graph.sectors)["telecom"] == "电信"
    assert [n.term for n in graph.nodes] == sorted(n.term for n in graph.nodes)


def test_degree_strength_and_centralities(build: Build) -> None:
    import networkx as nx

    graph = build(measure="count")
    node = graph.node("服务")
    assert node is not None
    assert node.degree == 3 and node.strength == pytest.approx(4.0)
    assert node.degree_centrality == pytest.approx(1.0)
    reference = nx.Graph()
    for e in graph.edges:
        reference.add_edge(e.source, e.target, weight=e.weight)
    # 服务 lies on every shortest path from 邮政 to the others: 2 of the 3 pairs not
    # involving it (大客户–邮政, 电信–邮政; 大客户–电信 are adjacent) → 2 / 3.
    assert node.betweenness == pytest.approx(2 / 3)
    between = nx.betweenness_centrality(reference)
    eigen = nx.eigenvector_centrality_numpy(reference, weight="weight")
    for n in graph.nodes:
        assert n.betweenness == pytest.approx(between[n.term], abs=1e-6)
        assert n.eigenvector == pytest.approx(eigen[n.term], abs=1e-5)


def test_min_count_drops_rare_pairs_and_then_unlinked_terms(build: Build) -> None:
    graph = build(min_count=2)
    assert {(e.source, e.target) for e in graph.edges} == {("大客户", "服务"), ("大客户", "电信")}
    assert [n.term for n in graph.nodes] == ["大客户", "服务", "电信"]
    assert graph.stats.pairs == 4 and graph.stats.edges_min_count == 2


def test_top_keeps_the_terms_in_most_records_then_most_occurrences(build: Build) -> None:
    # records: 服务 3, 大客户 2 (4 occurrences), 电信 2 (2), 邮政 1
    graph = build(top=3)
    assert [n.term for n in graph.nodes] == ["大客户", "服务", "电信"]
    assert graph.stats.candidates == 3


def test_include_keeps_a_term_without_links(build: Build, hand: tuple) -> None:
    corpus, _ = hand
    settings = GraphSettings(min_count=2, backbone="off")
    graph = build_concept_graph(corpus, settings=settings, include=("邮政",))
    node = graph.node("邮政")
    assert node is not None and node.degree == 0


def test_disparity_filter_by_hand() -> None:
    # Node 0 has edges 0–1 (10), 0–2 (1), 0–3 (1); plus 1–2 (1).
    # Node 0: k = 3, s = 12: p(0–1) = 10/12 → (1 − 10/12)^2 = 0.0278 < 0.05: kept.
    # p(0–2) = 1/12 → 0.840; node 2 (k = 2, s = 2): (1 − 1/2)^1 = 0.5: dropped.
    # 0–3: node 3 has one edge (no evidence), node 0 gives 0.840: dropped.
    # 1–2: node 1 (k = 2, s = 11): 10/11 = 0.909; node 2: 0.5: dropped.
    src, dst = np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2])
    mask = disparity_filter(src, dst, np.array([10, 1, 1, 1]), 4, alpha=0.05)
    assert mask.tolist() == [True, False, False, False]
    # At alpha = 0.6 node 2's 0.5 is enough for 0–2 and 1–2; 0–3 (0.840 and 1) still goes.
    assert disparity_filter(src, dst, np.array([10, 1, 1, 1]), 4, alpha=0.6).tolist() == [
        True,
        True,
        False,
        True,
    ]


def test_auto_defaults_follow_the_corpus_size() -> None:
    auto = GraphSettings()
    assert resolve_min_count(auto, units=101) == 2
    assert resolve_min_count(auto, units=42_000) == 3
    assert resolve_min_count(GraphSettings(min_count=5), units=42_000) == 5
    # Dense (mean degree 2·5000/150 > 6) and many records: on; few records or sparse: off.
    assert backbone_alpha(auto, edges=5000, nodes=150, records=14_400) == 0.05
    assert backbone_alpha(auto, edges=5000, nodes=150, records=20) == 0.0
    assert backbone_alpha(auto, edges=300, nodes=150, records=14_400) == 0.0
    assert backbone_alpha(GraphSettings(backbone="off"), edges=5000, nodes=150, records=10**5) == 0
    assert backbone_alpha(GraphSettings(backbone=0.01), edges=1, nodes=2, records=1) == 0.01


def test_the_graph_records_the_values_it_used(build: Build) -> None:
    graph = build(min_count=0, backbone="auto")
    assert graph.settings.min_count == 2 and graph.settings.backbone == "off"
    assert graph.stats.units == 5 and graph.stats.records == 3 and graph.stats.concepts == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("backbone", "abc", "graph.backbone is 'abc'"),
        ("backbone", "1.5", "expected 'auto', 'off' or an alpha"),
        ("top", 0, "graph.top is 0"),
        ("min_count", -1, "graph.min_count is -1"),
        ("resolution", 0.0, "graph.resolution"),
    ],
)
def test_bad_settings_are_usage_errors(
    build: Build, field: str, value: object, message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(**{field: value})


def test_empty_corpus_gives_an_empty_graph_with_a_warning() -> None:
    corpus = Corpus(records=(), documents=(), lexicon=load_lexicon())
    graph = build_concept_graph(from_corpus(corpus))
    assert graph.nodes == () and graph.edges == () and graph.themes == ()
    assert "no text" in graph.warnings[0]


def test_one_record_with_one_concept_per_sentence_has_no_edges(corpus_from: Callable) -> None:
    corpus, _ = corpus_from(
        [("one:1", None, ("general",), (("大客户。", ("大客户",)), ("服务。", ("服务",))))]
    )
    graph = build_concept_graph(corpus, settings=GraphSettings(min_count=1))
    assert graph.edges == () and graph.nodes == ()
    assert graph.stats.concepts == 2
    assert "no edges" in graph.warnings[0]
    # As a document, the two concepts co-occur once.
    doc = build_concept_graph(corpus, settings=GraphSettings(min_count=1, window="document"))
    assert [(e.source, e.target, e.count) for e in doc.edges] == [("大客户", "服务", 1)]
    assert dict(doc.sectors)["general"] == "综合"


def test_build_is_deterministic(build: Build) -> None:
    assert build() == build()


def _linked(src: np.ndarray, dst: np.ndarray) -> int:
    return len(np.union1d(src, dst))


def test_auto_backbone_takes_the_strictest_alpha_keeping_half_the_concepts() -> None:
    rng = np.random.default_rng(7)
    chosen = []
    for _ in range(40):
        n = 30
        pairs = np.array([(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.3])
        src, dst = pairs[:, 0], pairs[:, 1]
        weight = np.maximum(1, rng.lognormal(0.5, rng.uniform(0.1, 1.5), len(src)).round())
        alpha, keep = choose_backbone(src, dst, weight, n, alphas=AUTO_BACKBONE_ALPHAS)
        chosen.append(alpha)
        before = _linked(src, dst)
        stricter = [a for a in AUTO_BACKBONE_ALPHAS if alpha == 0 or a < alpha]
        for a in stricter:
            mask = disparity_filter(src, dst, weight, n, alpha=a)
            assert _linked(src[mask], dst[mask]) < BACKBONE_MIN_LINKED * before
        if alpha:
            assert keep.tolist() == disparity_filter(src, dst, weight, n, alpha=alpha).tolist()
            assert _linked(src[keep], dst[keep]) >= BACKBONE_MIN_LINKED * before
        else:
            assert keep.all()
    # the random graphs exercise the whole ladder, not only its first rung
    assert len(set(chosen)) >= 3


def test_evenly_spread_links_leave_the_backbone_off_unless_an_alpha_is_given() -> None:
    n = 8  # every concept meets every other equally: no link is significant at any alpha
    src, dst = np.array([(a, b) for a in range(n) for b in range(a + 1, n)]).T
    weight = np.full(len(src), 5)
    alpha, keep = choose_backbone(src, dst, weight, n, alphas=AUTO_BACKBONE_ALPHAS)
    assert alpha == 0.0 and keep.all()
    alpha, keep = choose_backbone(src, dst, weight, n, alphas=(0.05,))
    assert alpha == 0.05 and not keep.any()
