"""Statements from hand-made abstracts, grouping into practices, ranking and MMR."""

from __future__ import annotations

import numpy as np
import pytest

from kamlit.corpus import prepare
from kamlit.settings import SummarizeSettings
from kamlit.summarize.cues import load_concepts, load_cues
from kamlit.summarize.features import FeatureSpace
from kamlit.summarize.grouping import Candidate, build_practices, cluster, select_practices
from kamlit.summarize.model import Evidence, Practice
from kamlit.summarize.statements import Statement, extract_statements
from kamlit.text import Corpus, segment_records
from kamlit.types import Record, Source

TEXTS = {
    "t:1": "对于邮政企业而言,识别出高价值客户,并不断挖掘其价值,是做好大客户营销工作的关键。",
    "t:2": "大客户也称为关键客户。统计表明,开发新客户的成本是保持老客户的5倍,应当重视。"
    "哪些客户是大客户呢?",
    "t:3": "为了争夺高价值客户,运营商成立专门的大客户事业部,由大客户经理负责服务。"
    "对于其他的客户,则由市场经营部负责营销和服务。",
    "t:4": "因此,企业应加强客户关系管理,建立客户档案。",
    "t:5": "会议提出三点要求:一是要坚持全网联动,落实客户开发工作。",
    "t:6": "客户是企业生存的基础。大客户是企业利润的主要来源。",
    "t:7": "各局成立了大客户部门,由专职的大客户经理负责客户的维护。",
    "t:8": "企业必须防止大客户流失,留住忠诚客户。",
}
EXPECTED = {
    "t:1": [("识别出高价值客户,并不断挖掘其价值", "recommendation")],
    "t:2": [],  # a definition, a reported finding, a question
    # 由…负责 alone says how work is divided, not an action: no statement of its own.
    "t:3": [("运营商成立专门的大客户事业部,由大客户经理负责服务", "example")],
    "t:4": [("企业应加强客户关系管理,建立客户档案", "recommendation")],
    "t:5": [("要坚持全网联动,落实客户开发工作", "recommendation")],
    "t:6": [],  # background facts
    "t:7": [("各局成立了大客户部门,由专职的大客户经理负责客户的维护", "example")],
    "t:8": [("企业必须防止大客户流失,留住忠诚客户", "recommendation")],
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    records = [
        Record(id=rid, abstract=text, source=Source(file="t.txt", format="listing", line=1))
        for rid, text in TEXTS.items()
    ]
    return segment_records(records)


def _extract(corpus: Corpus, ids: list[str], **settings: object) -> list[Statement]:
    return extract_statements(corpus, ids, cues=load_cues(), settings=SummarizeSettings(**settings))


def test_statements_are_recommendations_trimmed_from_the_text(corpus: Corpus) -> None:
    statements = _extract(corpus, list(TEXTS))
    got: dict[str, list[tuple[str, str]]] = {rid: [] for rid in TEXTS}
    for s in statements:
        got[s.record].append((s.text, s.kind))
    assert got == EXPECTED
    for s in statements:
        abstract = TEXTS[s.record]
        assert abstract[s.start : s.end] == s.text
        quote = abstract[s.quote_start : s.quote_end]
        assert s.text in quote and quote in abstract


def test_a_key_statement_quotes_the_words_that_make_it_key(corpus: Corpus) -> None:
    (statement,) = _extract(corpus, ["t:1"])
    quote = TEXTS["t:1"][statement.quote_start : statement.quote_end]
    assert quote.endswith("是做好大客户营销工作的关键。")
    assert statement.cues[0] == "关键"


def test_min_score_and_length_limits_come_from_settings(corpus: Corpus) -> None:
    assert _extract(corpus, ["t:4"], min_score=9.0) == []
    (short,) = _extract(corpus, ["t:4"], max_statement_chars=12)
    assert short.text == "企业应加强客户关系管理"  # the weaker end clause is dropped
    # The quote keeps the statement and its key words whole, and adds clauses up to the limit.
    (quote,) = _extract(corpus, ["t:1"], max_quote_chars=30)
    assert TEXTS["t:1"][quote.quote_start : quote.quote_end] == (
        "识别出高价值客户,并不断挖掘其价值,是做好大客户营销工作的关键。"
    )


def test_no_records_no_statements(corpus: Corpus) -> None:
    assert _extract(corpus, []) == []


def test_cluster_joins_items_above_the_threshold_by_average_linkage() -> None:
    similarity = np.array(
        [
            [1.0, 0.9, 0.1, 0.0],
            [0.9, 1.0, 0.2, 0.0],
            [0.1, 0.2, 1.0, 0.5],
            [0.0, 0.0, 0.5, 1.0],
        ]
    )
    assert cluster(similarity, 0.4) == [[0, 1], [2, 3]]
    assert cluster(similarity, 0.6) == [[0, 1], [2], [3]]
    assert cluster(np.zeros((0, 0)), 0.4) == []
    assert cluster(np.ones((1, 1)), 0.4) == [[0]]


def _practices(corpus: Corpus, ids: list[str]) -> list[Candidate]:
    settings = SummarizeSettings()
    statements = _extract(corpus, ids)
    keeps = prepare(records=corpus.records).segmenter.keeps
    space = FeatureSpace(corpus, keeps, ["电信", "邮政"], load_concepts())
    return build_practices(
        statements,
        space.statement_matrix(statements),
        space=space,
        titles={"t:7": "各局的做法"},
        abstracts=TEXTS,
        settings=settings,
    )


def test_statements_saying_the_same_thing_become_one_practice(corpus: Corpus) -> None:
    candidates = _practices(corpus, ["t:3", "t:7", "t:8", "t:4"])
    first = candidates[0].practice
    # t:3 and t:7 both set up a key-account unit run by key-account managers.
    assert first.support == 2 and first.records == ("t:3", "t:7")
    assert "大客户部门" in first.theme or "大客户经理" in first.theme
    assert sorted(e.id for e in first.evidence) == ["t:3", "t:7"]
    assert {e.id: e.title for e in first.evidence} == {"t:3": None, "t:7": "各局的做法"}
    for candidate in candidates:
        practice = candidate.practice
        assert practice.support == len(set(practice.records))
        assert 1 <= len(practice.theme) <= 3
        for evidence in practice.evidence:
            assert TEXTS[evidence.id][evidence.start : evidence.end] == evidence.quote
    assert [c.practice.support for c in candidates] == sorted(
        (c.practice.support for c in candidates), reverse=True
    )


def _candidate(name: str, support: int, vector: list[float]) -> Candidate:
    source = Evidence("r:1", name, 0, len(name))
    practice = Practice(name, (name,), support, (source,), ("r:1",), "recommendation", 0.1, source)
    array = np.array(vector, dtype=float)
    array = array / np.linalg.norm(array)
    return Candidate(practice, {i: float(w) for i, w in enumerate(array) if w}, 3.0)


def test_mmr_drops_near_duplicates_and_respects_the_maximum() -> None:
    candidates = [
        _candidate("a", 3, [1.0, 0.0, 0.0]),
        _candidate("a2", 2, [0.99, 0.1, 0.0]),  # a near-duplicate of a
        _candidate("b", 1, [0.0, 1.0, 0.0]),
        _candidate("c", 1, [0.0, 0.0, 1.0]),
    ]
    chosen = select_practices(candidates, SummarizeSettings())
    assert [c.practice.statement for c in chosen] == ["a", "b", "c"]
    two = select_practices(candidates, SummarizeSettings(max_practices=2))
    assert [c.practice.statement for c in two] == ["a", "b"]
    assert select_practices([], SummarizeSettings()) == []


def test_mmr_prefers_a_new_practice_to_a_redundant_one_of_equal_support() -> None:
    candidates = [
        _candidate("a", 2, [1.0, 0.0, 0.0]),
        _candidate("a-ish", 2, [0.8, 0.6, 0.0]),  # 0.8 similar to a: redundant
        _candidate("b", 2, [0.0, 0.0, 1.0]),
    ]
    chosen = select_practices(candidates, SummarizeSettings(duplicate=0.95))
    assert [c.practice.statement for c in chosen] == ["a", "b", "a-ish"]


def test_statement_is_a_frozen_record_of_offsets() -> None:
    statement = Statement("r:1", 0, 0, 0, 2, "应当", 0, 2, "recommendation", 2.0, ("应当",))
    with pytest.raises(AttributeError):
        statement.text = "x"  # type: ignore[misc]
