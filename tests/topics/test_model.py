"""The document-term matrix and the three LDA engines."""

from __future__ import annotations

import numpy as np
import pytest

from kamlit.errors import UsageError
from kamlit.topics.model import DocTermMatrix, build_dtm, fit_lda


def test_counts_vocabulary_sorted_and_filtered() -> None:
    texts = [["b", "a", "a", "z"], ["a", "c"], ["b", "c", "c"]]
    dtm = build_dtm(["d1", "d2", "d3"], texts)
    # Under 10 documents every term is kept.
    assert dtm.vocabulary == ("a", "b", "c", "z")
    assert (dtm.min_df, dtm.max_df) == (1, 1.0)
    assert dtm.counts.toarray().tolist() == [[2, 1, 0, 1], [1, 0, 1, 0], [0, 1, 2, 0]]
    assert dtm.term_counts.tolist() == [3, 2, 3, 1]
    assert dtm.doc_lengths.tolist() == [4, 2, 3]
    assert dtm.bow[0] == [(0, 2), (1, 1), (3, 1)]
    assert dtm.texts[0] == ("b", "a", "a", "z")


def test_min_df_and_max_df_apply_from_ten_documents() -> None:
    # "all" is in every document, "once" in one, "pair" in two.
    texts = [["all", f"w{i}", f"w{i}"] for i in range(10)]
    texts[0] += ["once"]
    texts[1] += ["pair"]
    texts[2] += ["pair"]
    texts[3] += [f"w{4}"]  # w4 in two documents
    dtm = build_dtm([f"d{i}" for i in range(10)], texts, min_df=2, max_df=0.5)
    assert dtm.vocabulary == ("pair", "w4")
    # Documents left without any vocabulary term are reported, not modelled.
    assert dtm.ids == ("d1", "d2", "d3", "d4")
    assert dtm.excluded == ("d0", "d5", "d6", "d7", "d8", "d9")


def test_max_terms_keeps_the_most_frequent_ties_by_term() -> None:
    texts = [["x", "x", "x", "b", "a"], ["a", "b", "c"]]
    dtm = build_dtm(["d1", "d2"], texts, max_terms=2)
    # x occurs 3 times; a and b twice each (tie → a); c once.
    assert dtm.vocabulary == ("a", "x")


def test_empty_input() -> None:
    dtm = build_dtm([], [])
    assert dtm.n_docs == 0
    assert dtm.counts.shape == (0, 0)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"min_df": 0}, "min_df"), ({"max_df": 1.5}, "max_df"), ({"max_terms": 0}, "max_terms")],
)
def test_bad_filter_settings_are_usage_errors(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(UsageError, match=name):
        build_dtm(["d"], [["a"]], **kwargs)


def _two_themes() -> DocTermMatrix:
    texts = []
    for i in range(6):
        texts.append(["邮政", "邮件", "包裹", "网点"][i % 2 :] * 2)
        texts.append(["电信", "宽带", "移动", "网络"][i % 2 :] * 2)
    return build_dtm([f"d{i}" for i in range(12)], texts, min_df=1, max_df=1.0)


@pytest.mark.parametrize("engine", ["tomotopy", "gensim", "sklearn"])
def test_fit_gives_distributions_and_separates_clear_themes(engine: str) -> None:
    dtm = _two_themes()
    fit = fit_lda(dtm, k=2, seed=1, engine=engine, passes=30, iterations=50)
    assert fit.topic_term.shape == (2, len(dtm.vocabulary))
    assert fit.doc_topic.shape == (12, 2)
    assert fit.topic_term.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert fit.doc_topic.sum(axis=1) == pytest.approx([1.0] * 12)
    dominant = fit.doc_topic.argmax(axis=1)
    # Even rows are postal, odd rows telecom: each group shares one dominant topic.
    assert len(set(dominant[0::2])) == 1
    assert len(set(dominant[1::2])) == 1
    assert dominant[0] != dominant[1]


@pytest.mark.parametrize("engine", ["tomotopy", "gensim", "sklearn"])
def test_the_seed_reaches_the_model(engine: str) -> None:
    dtm = _two_themes()

    def fit(seed: int) -> np.ndarray:
        shares: np.ndarray = fit_lda(
            dtm,
            k=3,
            seed=seed,
            engine=engine,
            passes=3,
            iterations=5,
        ).doc_topic
        return shares

    assert np.array_equal(fit(7), fit(7))
    assert not np.allclose(fit(7), fit(8))


def test_unknown_engine() -> None:
    with pytest.raises(UsageError, match="engine"):
        fit_lda(_two_themes(), k=2, seed=1, engine="mallet")


@pytest.mark.parametrize("engine", ["tomotopy", "gensim", "sklearn"])
def test_fits_stop_when_converged_and_say_how_long_they_ran(engine: str) -> None:
    dtm = _two_themes()
    budget = 2000 if engine == "tomotopy" else 200
    fit = fit_lda(dtm, k=2, seed=1, engine=engine, passes=budget, iterations=50)
    assert fit.converged and 0 < fit.iterations < budget
    assert fit.log_likelihood is not None and fit.log_likelihood < 0
    short = fit_lda(dtm, k=2, seed=1, engine=engine, passes=1, iterations=50)
    assert (short.iterations, short.converged) == (1, False)


def test_tomotopy_same_seed_same_bytes() -> None:
    dtm = _two_themes()
    a, b = (fit_lda(dtm, k=2, seed=3, engine="tomotopy", passes=100) for _ in range(2))
    assert a.topic_term.tobytes() == b.topic_term.tobytes()
    assert a.doc_topic.tobytes() == b.doc_topic.tobytes()
    assert a.native == b.native
