"""Topic coherence (c_v and c_npmi) computed with NumPy and SciPy, equal to gensim's.

gensim's `CoherenceModel` counts word occurrences window by window in Python; on a sweep of
many candidate models over thousands of documents it costs more than the fits. This module
computes the same numbers from sparse matrices: one boolean windows × terms matrix per window
size (110 for c_v, 10 for c_npmi), built once for every term that any candidate's topics use,
then one small sparse product per candidate. `tests/topics/test_coherence.py` checks the
values against gensim's `CoherenceModel` (processes=1) to 1e-9.

What "the same" means, replicated from gensim 4 (`topic_coherence/text_analysis.py`):

- every text is a sequence of tokens; a text of at most `window` tokens is one window, a longer
  one gives `len - window + 1` windows; every text counts, also one without any topic term;
- within a window, a term is present as gensim's sliding update leaves it: the first window
  holds its distinct tokens; sliding one step removes the token that left the window and adds
  the one that entered, so a term that also occurs elsewhere in the window is dropped until its
  next occurrence enters (`_slide_window`). The windows where an occurrence at `p` keeps its
  term present are `max(0, p - window + 1)` up to the first occurrence at or after that start;
- NPMI(a, b) = log((c_ab/N + ε) / (c_a/N · c_b/N)) / -log(c_ab/N + ε), ε = 1e-12;
- c_v: for each topic word w, the cosine between w's NPMI vector over the topic's words and the
  sum of every topic word's vector; the topic's score is the mean over its words;
- c_npmi: the mean NPMI over every ordered pair of distinct topic words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

EPSILON = 1e-12
CV_WINDOW = 110
NPMI_WINDOW = 10


@dataclass(frozen=True)
class WindowCounts:
    """For one window size: the number of windows and a windows × terms presence matrix."""

    window: int
    n_windows: int
    terms: tuple[str, ...]
    presence: sparse.csc_matrix  # windows × terms, 1 where gensim counts the term present

    def counts(self, words: Sequence[str]) -> np.ndarray:
        """Co-occurrence counts of `words` (diagonal: occurrences), in the given order."""
        index = {t: i for i, t in enumerate(self.terms)}
        cols = self.presence[:, [index[w] for w in words]]
        product = (cols.T @ cols).toarray()
        return np.asarray(product, dtype=np.float64)


def window_counts(
    texts: Sequence[Sequence[str]], terms: Sequence[str], *, window: int
) -> WindowCounts:
    """Count, window by window, which of `terms` each text's sliding windows hold."""
    terms = tuple(sorted(set(terms)))
    index = {t: i for i, t in enumerate(terms)}
    doc_of: list[int] = []
    pos_of: list[int] = []
    term_of: list[int] = []
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    for d, text in enumerate(texts):
        n = len(text)
        offsets[d + 1] = offsets[d] + (1 if n <= window else n - window + 1)
        for p, token in enumerate(text):
            t = index.get(token)
            if t is not None:
                doc_of.append(d)
                pos_of.append(p)
                term_of.append(t)
    n_windows = int(offsets[-1])
    if not term_of:
        empty = sparse.csc_matrix((n_windows, len(terms)), dtype=np.int32)
        return WindowCounts(window, n_windows, terms, empty)
    doc = np.asarray(doc_of, dtype=np.int64)
    pos = np.asarray(pos_of, dtype=np.int64)
    term = np.asarray(term_of, dtype=np.int64)
    # Occurrences grouped by (document, term), positions ascending within a group.
    order = np.lexsort((pos, term, doc))
    doc, pos, term = doc[order], pos[order], term[order]
    lengths = np.asarray([len(t) for t in texts], dtype=np.int64)[doc]
    n_win = offsets[doc + 1] - offsets[doc]
    start = np.where(lengths <= window, 0, np.maximum(0, pos - window + 1))
    # The first occurrence of the same term at or after `start`: it leaves the window after
    # window number equal to its position, and gensim's update drops the term then.
    group = doc * (len(terms) + 1) + term
    stride = int(lengths.max()) + 1
    keys = group * stride + pos
    first = pos[np.searchsorted(keys, group * stride + start)]
    end = np.where(lengths <= window, 0, np.minimum(first, n_win - 1))
    span = end - start + 1
    total = int(span.sum())
    rows = np.repeat(offsets[doc] + start - np.cumsum(span) + span, span) + np.arange(total)
    cols = np.repeat(term, span)
    presence = sparse.csr_matrix(
        (np.ones(total, dtype=np.int32), (rows, cols)), shape=(n_windows, len(terms))
    )
    presence.sum_duplicates()
    presence.data[:] = 1
    return WindowCounts(window, n_windows, terms, presence.tocsc())


def npmi_matrix(counts: np.ndarray, n_windows: int) -> np.ndarray:
    """NPMI of every pair of words from their co-occurrence counts, as gensim computes it."""
    n = float(n_windows)
    occurrences = np.diag(counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        joint = counts / n
        numerator = np.log((joint + EPSILON) / np.outer(occurrences / n, occurrences / n))
        out: np.ndarray = numerator / -np.log(joint + EPSILON)
    return out


def cv_per_topic(counts: WindowCounts, topics: Sequence[Sequence[str]]) -> list[float | None]:
    """gensim's c_v of each topic (its words in order); None when undefined (NaN)."""
    out: list[float | None] = []
    for words in topics:
        if len(words) < 2:
            out.append(None)
            continue
        npmi = npmi_matrix(counts.counts(words), counts.n_windows)
        r = len(words)
        topic_vector = np.zeros(r)
        for i in range(r):  # summed in topic order, as gensim's context vector is
            topic_vector = topic_vector + npmi[i]
        topic_norm = np.sqrt(np.sum(topic_vector**2))
        with np.errstate(divide="ignore", invalid="ignore"):
            sims = np.asarray(
                [
                    npmi[i] @ topic_vector / (np.sqrt(np.sum(npmi[i] ** 2)) * topic_norm)
                    for i in range(r)
                ]
            )
            score = float(np.mean(sims))
        out.append(score if math.isfinite(score) else None)
    return out


def npmi_per_topic(counts: WindowCounts, topics: Sequence[Sequence[str]]) -> list[float | None]:
    """gensim's c_npmi of each topic: mean NPMI over ordered pairs of distinct words."""
    out: list[float | None] = []
    for words in topics:
        if len(words) < 2:
            out.append(None)
            continue
        npmi = npmi_matrix(counts.counts(words), counts.n_windows)
        r = len(words)
        pairs = np.asarray([npmi[i, j] for i in range(r) for j in range(r) if i != j])
        score = float(np.mean(pairs))
        out.append(score if math.isfinite(score) else None)
    return out


@dataclass(frozen=True)
class CoherenceScorer:
    """Window counts for every word the candidates' topics use, built once per sweep."""

    cv: WindowCounts
    npmi: WindowCounts

    @classmethod
    def build(cls, texts: Sequence[Sequence[str]], words: Sequence[str]) -> CoherenceScorer:
        """Count the windows of `texts` for `words` at both window sizes."""
        return cls(
            cv=window_counts(texts, words, window=CV_WINDOW),
            npmi=window_counts(texts, words, window=NPMI_WINDOW),
        )

    def score(
        self, topics: Sequence[Sequence[str]]
    ) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
        """(c_v, c_npmi) per topic."""
        return tuple(cv_per_topic(self.cv, topics)), tuple(npmi_per_topic(self.npmi, topics))
