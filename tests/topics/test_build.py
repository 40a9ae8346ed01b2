"""build_topics: K fixed or chosen, topics described, warnings honest, runs reproducible."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.errors import InputError, UsageError
from kamlit.sectors import Sector, assign_sectors
from kamlit.settings import TopicSettings
from kamlit.topics import auto_passes, build_topics, parse_k

FAST = TopicSettings(passes=20, iterations=30, stability_runs=2)
SECTORS = (
    Sector(key="postal", label="邮政", cues=("邮政", "邮件", "包裹", "速递", "邮局")),
    Sector(key="telecom", label="电信", cues=("电信", "宽带", "移动", "网络", "基站")),
)


@pytest.mark.parametrize(("value", "k"), [("auto", None), ("AUTO", None), ("5", 5), (" 3 ", 3)])
def test_parse_k(value: str, k: int | None) -> None:
    assert parse_k(value) == k


@pytest.mark.parametrize("value", ["1", "0", "-3", "abc", "2.5", "", "4 topics"])
def test_parse_k_rejects_with_a_clear_message(value: str) -> None:
    with pytest.raises(UsageError, match=r"--k .*expected a whole number of topics >= 2 or 'auto'"):
        parse_k(value)


def test_auto_passes_budget() -> None:
    assert auto_passes(20) == 50
    assert auto_passes(1000) == 20
    assert auto_passes(14_400) == 5
    assert auto_passes(20, "sklearn") == 30
    assert auto_passes(14_400, "sklearn") == 5


def _sectors(prepared: PreparedCorpus) -> PreparedCorpus:
    """The corpus with its sectors from the test's own lexicon."""
    return from_corpus(prepared.corpus, sectors=assign_sectors(prepared.corpus, sectors=SECTORS))


def test_fixed_k_finds_the_two_themes_with_sector_and_year_shares(themed: PreparedCorpus) -> None:
    settings = dataclasses.replace(FAST, k=2)
    result = build_topics(_sectors(themed), settings=settings, seed=3)
    assert (result.k, result.auto, result.engine) == (2, False, "tomotopy")
    assert result.doc_ids == tuple(d.id for d in themed.documents)
    # 客户 and 服务 are in every abstract: the max_df filter drops them.
    terms = {t.term for topic in result.topics for t in topic.terms}
    assert not terms & {"客户", "服务"}
    dominant = result.doc_topic.argmax(axis=1)
    postal = {dominant[i] for i, d in enumerate(result.doc_ids) if d.startswith("p")}
    telecom = {dominant[i] for i, d in enumerate(result.doc_ids) if d.startswith("t")}
    assert len(postal) == len(telecom) == 1
    assert postal != telecom
    post = result.topics[int(next(iter(postal)))]
    assert set(post.label.split(" · ")) <= {"邮政", "邮件", "包裹", "网点", "速递", "投递", "邮局"}
    shares = dict(post.by_sector)
    assert shares["postal"] > 0.8 > 0.2 > shares["telecom"]
    # Topics are numbered by prevalence; the shares of each document sum to 1.
    assert [t.id for t in result.topics] == [1, 2]
    assert result.topics[0].prevalence >= result.topics[1].prevalence
    assert result.doc_topic.sum(axis=1) == pytest.approx(np.ones(12))
    assert sum(t.prevalence for t in result.topics) == pytest.approx(1.0)
    # Per year: postal docs are from 2001/2002 (3 each), telecom from 2001–2003 (2 each).
    assert [y for y, _ in post.by_year] == [2001, 2002, 2003]
    assert [(g.key, g.records) for g in result.years] == [("2001", 5), ("2002", 5), ("2003", 2)]
    assert [(g.key, g.records) for g in result.sectors] == [("postal", 6), ("telecom", 6)]
    for topic in result.topics:
        assert topic.label
        assert topic.coherence is not None
        assert len(topic.terms) == 10
        assert len(topic.top_records) == 5
        assert topic.top_records[0].share >= topic.top_records[-1].share
        assert topic.pool and {t.term for t in topic.terms} <= {t.term for t in topic.pool}


def test_auto_sweeps_the_range_and_picks_k_inside_it(themed: PreparedCorpus) -> None:
    result = build_topics(_sectors(themed), settings=FAST, seed=1)
    assert result.auto
    ks = [row.k for row in result.selection]
    assert ks == [2, 3, 4, 5, 6]  # 12 documents: up to 12 // 2
    assert [row.k for row in result.selection if row.chosen] == [result.k]
    assert result.k in ks
    assert all(row.coherence is not None and row.stability is not None for row in result.selection)
    assert "c_v" in result.selection_rule
    assert result.stability_seeds == (1, 2)


def test_same_seed_same_result_other_seed_reaches_the_model(themed: PreparedCorpus) -> None:
    # One seed per K: with several, seeds 5 and 6 share the fit of seed 6 (the best is kept).
    settings = dataclasses.replace(FAST, k=3, passes=5, stability_runs=1)
    for engine in ("tomotopy", "gensim", "sklearn"):
        s = dataclasses.replace(settings, engine=engine)
        a = build_topics(_sectors(themed), settings=s, seed=5).to_dict()
        b = build_topics(_sectors(themed), settings=s, seed=5).to_dict()
        c = build_topics(_sectors(themed), settings=s, seed=6).to_dict()
        assert a == b
        assert a["doc_topics"] != c["doc_topics"], engine
        assert (a["seed"], c["seed"]) == (5, 6)


def test_small_corpus_warning_names_the_stability(themed: PreparedCorpus) -> None:
    result = build_topics(themed, settings=dataclasses.replace(FAST, k=2), seed=1)
    warning = result.warnings[0]
    assert "only 12 documents" in warning
    assert "exploratory" in warning
    assert f"{result.stability:.2f}" in warning


def test_records_without_terms_are_left_out_and_reported(corpus_of: Any, themed_docs: Any) -> None:
    docs = [*themed_docs(), ("empty", [], None), ("stop", ["客户", "服务"], None)]
    corpus = corpus_of(docs)
    result = build_topics(corpus, settings=dataclasses.replace(FAST, k=2), seed=1)
    assert result.excluded == ("empty", "stop")
    assert "empty" not in result.doc_ids
    assert any("2 of 14 records have no vocabulary terms" in w for w in result.warnings)
    data = result.to_dict()
    assert data["corpus"]["excluded"] == ["empty", "stop"]
    assert set(data["doc_topics"]) == set(result.doc_ids)


def test_no_years_means_no_year_shares(corpus_of: Any, themed_docs: Any) -> None:
    corpus = corpus_of([(d, t, None) for d, t, _ in themed_docs()])
    result = build_topics(corpus, settings=dataclasses.replace(FAST, k=2), seed=1)
    assert result.years == ()
    assert all(t.by_year == () for t in result.topics)


def test_tiny_corpus_keeps_every_term_and_says_so(corpus_of: Any, themed_docs: Any) -> None:
    corpus = corpus_of(themed_docs(per_theme=3))
    result = build_topics(corpus, settings=dataclasses.replace(FAST, k=2), seed=1)
    assert (result.min_df, result.max_df) == (1, 1.0)
    assert any("fewer than 10 documents" in w for w in result.warnings)


def test_empty_and_single_record_corpora_are_input_errors(corpus_of: Any) -> None:
    with pytest.raises(InputError, match="at least 2 records"):
        build_topics(corpus_of([]), settings=FAST)
    with pytest.raises(InputError, match="got 1 of 1 records"):
        build_topics(corpus_of([("one", ["邮政", "邮件"], None)]), settings=FAST)


def test_auto_on_three_documents_asks_for_k(corpus_of: Any) -> None:
    corpus = corpus_of([(f"d{i}", ["邮政", "邮件", f"w{i}"], None) for i in range(3)])
    with pytest.raises(InputError, match="pass --k N"):
        build_topics(corpus, settings=FAST)
    assert build_topics(corpus, settings=dataclasses.replace(FAST, k=2)).k == 2


def test_more_topics_than_documents_is_a_usage_error(themed: PreparedCorpus) -> None:
    with pytest.raises(UsageError, match="--k 13 asks for more topics than the 12 documents"):
        build_topics(themed, settings=dataclasses.replace(FAST, k=13))


@pytest.mark.parametrize(
    ("field", "value"),
    [("k_min", 1), ("k_max", 1), ("iterations", 0), ("stability_runs", 0), ("top_terms", 0)],
)
def test_bad_settings_are_usage_errors(themed: PreparedCorpus, field: str, value: int) -> None:
    with pytest.raises(UsageError, match=f"topics.{field}"):
        build_topics(themed, settings=dataclasses.replace(FAST, **{field: value}))


def test_stability_can_be_turned_off(themed: PreparedCorpus) -> None:
    settings = dataclasses.replace(FAST, k=2, stability_runs=1)
    result = build_topics(themed, settings=settings, seed=1)
    assert result.stability is None
    assert result.stability_seeds == ()
    assert "stability was not measured" in result.warnings[0]
