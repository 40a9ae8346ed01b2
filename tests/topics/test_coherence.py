"""kamlit's c_v and c_npmi are gensim's CoherenceModel numbers, computed from sparse counts."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kamlit.topics.coherence import CV_WINDOW, CoherenceScorer, window_counts
from kamlit.topics.model import build_dtm
from kamlit.topics.selection import gensim_coherence

WORDS = [f"词{i}" for i in range(60)]


def _texts(seed: int, n: int, low: int, high: int) -> list[list[str]]:
    """Random texts over a Zipf-like vocabulary, with repeats close together (the case where
    gensim's sliding update drops a word still in the window)."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(WORDS))]
    texts = []
    for _ in range(n):
        length = rng.randint(low, high)
        text = rng.choices(WORDS, weights=weights, k=length)
        for _ in range(length // 10):  # a word repeated within a few tokens
            i = rng.randrange(len(text))
            text.insert(min(len(text), i + rng.randint(1, 5)), text[i])
        texts.append(text)
    return texts


@pytest.mark.parametrize(
    ("seed", "low", "high"),
    [(1, 3, 40), (2, 90, 300), (3, 1, 130)],  # short, long (many windows), around 110
)
def test_equal_to_gensim_coherence_model(seed: int, low: int, high: int) -> None:
    texts = _texts(seed, 80, low, high)
    dtm = build_dtm([f"d{i}" for i in range(len(texts))], texts, min_df=1, max_df=1.0)
    rng = random.Random(seed)
    vocab = list(dtm.vocabulary)
    topics = [rng.sample(vocab, 10) for _ in range(6)] + [rng.sample(vocab, 4)]
    scorer = CoherenceScorer.build(dtm.texts, sorted({w for t in topics for w in t} | {"x"}))
    cv, npmi = scorer.score(topics)
    expected_cv = gensim_coherence(dtm, topics, measure="c_v")
    expected_npmi = gensim_coherence(dtm, topics, measure="c_npmi")
    assert np.allclose(cv, expected_cv, rtol=0, atol=1e-9)
    assert np.allclose(npmi, expected_npmi, rtol=0, atol=1e-9)


def test_windows_follow_gensims_sliding_update() -> None:
    # 112 tokens, window 110: three windows. "a" at 0 and 1: gensim's update removes "a" when
    # the token at 0 leaves (window 1), although the "a" at 1 is still inside.
    text = ["a", "a"] + ["z"] * 109 + ["b"]
    counts = window_counts([text, ["a"]], ["a", "b"], window=CV_WINDOW)
    assert counts.n_windows == 3 + 1
    presence = counts.presence.toarray()
    assert presence[:, 0].tolist() == [1, 0, 0, 1]
    assert presence[:, 1].tolist() == [0, 0, 1, 0]
