"""Term statistics: frequency, document frequency, TF-IDF, and Monroe et al.'s log-odds."""

from __future__ import annotations

import math

import pytest

from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.errors import UsageError
from kamlit.terms import count_terms, log_odds_dirichlet
from kamlit.text import Corpus, Document, Sentence
from kamlit.text.lexicon import load_lexicon
from kamlit.types import Record, Source


def _corpus(docs: list[tuple[str, int | None, str | None, list[str]]]) -> PreparedCorpus:
    records = []
    documents = []
    for i, (abstract, year, journal, tokens) in enumerate(docs, start=1):
        rid = f"t:{i}"
        records.append(
            Record(
                id=rid,
                abstract=abstract,
                year=year,
                journal=journal,
                source=Source(file="t", format="csv", line=i),
            )
        )
        sentence = Sentence(0, len(abstract), abstract, tuple(tokens), tuple(tokens))
        documents.append(Document(id=rid, sentences=(sentence,) if tokens else ()))
    return from_corpus(
        Corpus(records=tuple(records), documents=tuple(documents), lexicon=load_lexicon())
    )


TINY = _corpus(
    [
        ("电信大客户", 2003, "通信世界", ["x", "x", "y"]),
        ("邮政大客户", 2004, "中国邮政", ["y", "z"]),
    ]
)


def test_empty_corpus() -> None:
    result = count_terms(_corpus([]), by="year")
    assert result.terms == () and result.groups == () and result.tokens == 0
    data = result.to_dict()
    assert (data["terms"], data["by"], data["groups"]) == ([], {}, [])


def test_frequency_document_frequency_and_tfidf() -> None:
    result = count_terms(TINY)
    assert [(t.term, t.freq, t.df) for t in result.terms] == [("y", 2, 2), ("x", 2, 1), ("z", 1, 1)]
    idf_x = math.log(3 / 2) + 1  # ln((1 + N) / (1 + df)) + 1 with N = 2, df = 1
    tfidf = {t.term: t.tfidf for t in result.terms}
    assert tfidf["x"] == pytest.approx(2 * idf_x)
    assert tfidf["y"] == pytest.approx(2 * 1.0)


def test_tfidf_equals_scikit_learn_sum(tmp_path: object) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [["大客户", "营销", "大客户"], ["营销", "服务"], ["服务", "价值", "价值", "大客户"]]
    corpus = _corpus([(f"doc{i}", None, None, d) for i, d in enumerate(docs)])
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, norm=None, smooth_idf=True)
    matrix = vectorizer.fit_transform(docs)
    expected = dict(zip(vectorizer.get_feature_names_out(), matrix.sum(axis=0).A1, strict=True))
    got = {t.term: t.tfidf for t in count_terms(corpus).terms}
    assert got == pytest.approx(expected)


def test_log_odds_by_hand() -> None:
    # Group A: x x y; rest B: y z; background x2 y2 z1, n = 5; prior a0 = 5, so a_w = y_w.
    scored = {
        s.term: s
        for s in log_odds_dirichlet(
            {"x": 2, "y": 1}, {"y": 1, "z": 1}, {"x": 2, "y": 2, "z": 1}, alpha0=5.0
        )
    }
    delta_x = math.log((2 + 2) / (3 + 5 - 2 - 2)) - math.log((0 + 2) / (2 + 5 - 0 - 2))
    assert delta_x == pytest.approx(0.916291, abs=1e-6)
    assert scored["x"].delta == pytest.approx(delta_x, abs=1e-6)
    assert scored["x"].score == pytest.approx(delta_x / math.sqrt(1 / 4 + 1 / 2), abs=1e-6)
    delta_z = math.log((0 + 1) / (3 + 5 - 0 - 1)) - math.log((1 + 1) / (2 + 5 - 1 - 1))
    assert scored["z"].score == pytest.approx(delta_z / math.sqrt(1 / 1 + 1 / 2), abs=1e-6)
    assert scored["x"].count == 2 and scored["z"].count == 0


def test_log_odds_needs_two_terms() -> None:
    assert log_odds_dirichlet({"x": 3}, {"x": 1}, {"x": 4}, alpha0=4.0) == []


def test_groups_by_year_and_journal_with_ungrouped_records() -> None:
    corpus = _corpus(
        [
            ("a", 2003, "通信世界", ["电信", "电信", "客户"]),
            ("b", 2003, None, ["电信", "客户"]),
            ("c", 2010, "中国邮政", ["邮政", "邮政", "客户"]),
            ("d", None, "中国邮政", ["邮政", "客户"]),
        ]
    )
    by_year = count_terms(corpus, by="year")
    assert [g.group for g in by_year.groups] == ["2003", "2010"]
    assert by_year.ungrouped == ("t:4",)
    assert by_year.groups[0].terms[0].term == "电信"
    assert by_year.groups[0].documents == 2 and by_year.groups[0].tokens == 5
    by_journal = count_terms(corpus, by="journal", top=1)
    assert {g.group: [t.term for t in g.terms] for g in by_journal.groups} == {
        "中国邮政": ["邮政"],
        "通信世界": ["电信"],
    }
    assert by_journal.ungrouped == ("t:2",)
    # Only terms over-represented in a group are listed for it, best first.
    for group in by_year.groups:
        scores = [t.score for t in group.terms]
        assert all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)


def test_groups_by_sector_on_the_default_corpus() -> None:
    from kamlit.corpus import prepare
    from kamlit.ingest import default_inputs

    result = count_terms(prepare(default_inputs()), by="sector", top=5)
    groups = {g.group: g for g in result.groups}
    assert {"telecom", "postal"} <= set(groups)
    assert groups["postal"].label == "邮政"
    assert groups["postal"].terms[0].term == "邮政"
    data = result.to_dict()
    assert {"terms", "by"} <= set(data)
    assert set(data["terms"][0]) == {"term", "freq", "df", "tfidf"}
    assert {"term", "score"} <= set(data["by"]["postal"][0])
    assert len(data["terms"]) == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"top": 0}, "--top"), ({"by": "author"}, "cannot group by"), ({"prior_scale": 0}, "prior")],
)
def test_bad_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        count_terms(TINY, **kwargs)  # type: ignore[arg-type]


def test_vocabulary_report_says_which_keywords_were_new() -> None:
    from kamlit.corpus import prepare
    from kamlit.terms import vocabulary_report

    source = Source(file="v.txt", format="test", line=1)
    records = [
        Record(
            id=f"v:{i}",
            abstract="增强现实技术改善了用户体验，虚拟现实同样如此。",
            keywords=("增强现实", "虚拟现实", "大客户"),
            source=source,
        )
        for i in (1, 2)
    ]
    words = {w.word: w for w in vocabulary_report(prepare(records=records, use_cache=False))}
    assert words["增强现实"].known == "" and words["增强现实"].origin == "keyword"
    assert words["虚拟现实"].known == "jieba"  # jieba's dictionary has it
    assert words["大客户"].known == "kamlit"  # the domain dictionary has it
    assert (words["增强现实"].records, words["增强现实"].abstracts) == (2, 2)
    assert words["增强现实"].whole == 2
    assert words["大客户"].abstracts == 0


@pytest.mark.parametrize("by", ["sector", "year", "journal"])
def test_sparse_counts_equal_counting_each_document(
    by: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-index sparse counting gives the figures of a Counter per document, also when
    the documents are counted in several blocks and a group is scored against the rest."""
    from collections import Counter

    import kamlit.terms
    from kamlit.corpus import prepare
    from kamlit.ingest import default_inputs

    prepared = prepare(default_inputs())
    monkeypatch.setattr(kamlit.terms, "_BLOCK", 3)  # the seed's 20 records in 7 blocks
    result = count_terms(prepared, by=by, top=10_000)
    docs = [Counter(d.tokens) for d in prepared.documents]
    total: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for counts in docs:
        total.update(counts)
        df.update(counts.keys())
    assert {(t.term, t.freq, t.df) for t in result.terms} == {
        (term, freq, df[term]) for term, freq in total.items()
    }
    assert result.tokens == sum(total.values()) and result.documents == len(docs)
    assert result.groups
    for group in result.groups:
        if by == "sector":
            rows = [
                i
                for i, r in enumerate(prepared.records)
                if group.group in prepared.sectors_of(r.id)
            ]
        else:
            rows = [
                i
                for i, r in enumerate(prepared.records)
                if str(r.year if by == "year" else r.journal) == group.group
            ]
        inside: Counter[str] = Counter()
        for i in rows:
            inside.update(docs[i])
        expected = log_odds_dirichlet(inside, total - inside, total, alpha0=result.prior)
        best = sorted((s for s in expected if s.score > 0), key=lambda s: (-s.score, s.term))
        assert group.terms == tuple(best)
        assert group.tokens == sum(inside.values()) and group.documents == len(rows)
