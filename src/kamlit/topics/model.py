"""The document-term matrix (built once) and the two LDA engines fitted on it.

gensim and scikit-learn are imported inside the functions that use them, so importing
`kamlit.topics` costs neither. Both engines get the same priors (symmetric 1/K for document
topics and topic terms), the same effort (`passes`, `iterations`) and an explicit seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
from scipy import sparse

from kamlit.errors import UsageError

Engine = Literal["gensim", "sklearn"]
ENGINES: tuple[Engine, ...] = ("gensim", "sklearn")
# Below this many documents every term is kept: min_df=2 or max_df<1 would empty the vocabulary.
TINY_CORPUS = 10


@dataclass(frozen=True)
class DocTermMatrix:
    """Documents × vocabulary counts (sparse), with the full token lists kept for coherence."""

    ids: tuple[str, ...]
    vocabulary: tuple[str, ...]
    counts: sparse.csr_matrix
    texts: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]
    min_df: int
    max_df: float

    @property
    def n_docs(self) -> int:
        """Number of documents modelled (those with at least one vocabulary term)."""
        return len(self.ids)

    @cached_property
    def term_counts(self) -> np.ndarray:
        """Corpus frequency of each vocabulary term."""
        return np.asarray(self.counts.sum(axis=0)).ravel().astype(np.int64)

    @cached_property
    def doc_lengths(self) -> np.ndarray:
        """Number of vocabulary tokens in each document."""
        return np.asarray(self.counts.sum(axis=1)).ravel().astype(np.int64)

    @cached_property
    def bow(self) -> list[list[tuple[int, int]]]:
        """The matrix as gensim's bag-of-words corpus (term ids ascending)."""
        csr = self.counts
        return [
            list(
                zip(
                    csr.indices[csr.indptr[i] : csr.indptr[i + 1]].tolist(),
                    csr.data[csr.indptr[i] : csr.indptr[i + 1]].tolist(),
                    strict=True,
                )
            )
            for i in range(csr.shape[0])
        ]

    @cached_property
    def dictionary(self) -> Any:
        """A gensim Dictionary with the same term ids as the matrix."""
        from gensim.corpora import Dictionary

        return Dictionary.from_corpus(self.bow, id2word=dict(enumerate(self.vocabulary)))


def build_dtm(
    ids: Sequence[str],
    texts: Sequence[Sequence[str]],
    *,
    min_df: int = 2,
    max_df: float = 0.5,
    max_terms: int = 10000,
) -> DocTermMatrix:
    """Count terms per document after the document-frequency filter; vocabulary sorted."""
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
    if min_df < 1:
        raise UsageError(f"topics.min_df is {min_df}; expected a whole number >= 1")
    if not 0.0 < max_df <= 1.0:
        raise UsageError(f"topics.max_df is {max_df}; expected a fraction in (0, 1]")
    if max_terms < 1:
        raise UsageError(f"topics.max_terms is {max_terms}; expected a whole number >= 1")
    n = len(texts)
    if n < TINY_CORPUS:
        min_df, max_df = 1, 1.0
    df: Counter[str] = Counter()
    cf: Counter[str] = Counter()
    for tokens in texts:
        df.update(set(tokens))
        cf.update(tokens)
    ceiling = max_df * n
    kept = [t for t, d in df.items() if min_df <= d <= ceiling]
    # Most frequent first, ties by term, so the cap never depends on dict order.
    kept.sort(key=lambda t: (-cf[t], t))
    vocabulary = tuple(sorted(kept[:max_terms]))
    index = {t: i for i, t in enumerate(vocabulary)}

    rows: list[int] = []
    cols: list[int] = []
    vals: list[int] = []
    keep_ids: list[str] = []
    keep_texts: list[tuple[str, ...]] = []
    excluded: list[str] = []
    for doc_id, tokens in zip(ids, texts, strict=True):
        counts = Counter(index[t] for t in tokens if t in index)
        if not counts:
            excluded.append(doc_id)
            continue
        row = len(keep_ids)
        for col in sorted(counts):
            rows.append(row)
            cols.append(col)
            vals.append(counts[col])
        keep_ids.append(doc_id)
        keep_texts.append(tuple(tokens))
    matrix = sparse.csr_matrix(
        (np.asarray(vals, dtype=np.int64), (np.asarray(rows), np.asarray(cols))),
        shape=(len(keep_ids), len(vocabulary)),
        dtype=np.int64,
    )
    return DocTermMatrix(
        ids=tuple(keep_ids),
        vocabulary=vocabulary,
        counts=matrix,
        texts=tuple(keep_texts),
        excluded=tuple(excluded),
        min_df=min_df,
        max_df=max_df,
    )


@dataclass(frozen=True)
class LdaFit:
    """A fitted model reduced to its two distributions (rows sum to 1)."""

    engine: Engine
    k: int
    seed: int
    topic_term: np.ndarray  # K × V, p(term | topic)
    doc_topic: np.ndarray  # D × K, p(topic | document)


def fit_lda(
    dtm: DocTermMatrix,
    *,
    k: int,
    seed: int,
    engine: Engine = "gensim",
    passes: int = 20,
    iterations: int = 100,
) -> LdaFit:
    """Fit LDA with K topics; the seed goes to the engine's own random state."""
    if engine == "gensim":
        topic_term, doc_topic = _fit_gensim(dtm, k=k, seed=seed, passes=passes, iters=iterations)
    elif engine == "sklearn":
        topic_term, doc_topic = _fit_sklearn(dtm, k=k, seed=seed, passes=passes, iters=iterations)
    else:
        raise UsageError(f"topics.engine is {engine!r}; expected 'gensim' or 'sklearn'")
    return LdaFit(
        engine=engine,
        k=k,
        seed=seed,
        topic_term=_normalise(topic_term),
        doc_topic=_normalise(doc_topic),
    )


def _fit_gensim(
    dtm: DocTermMatrix, *, k: int, seed: int, passes: int, iters: int
) -> tuple[np.ndarray, np.ndarray]:
    from gensim.models import LdaModel

    model = LdaModel(
        corpus=dtm.bow,
        id2word=dtm.dictionary,
        num_topics=k,
        passes=passes,
        iterations=iters,
        alpha="symmetric",
        eta="symmetric",
        eval_every=None,  # perplexity logging costs a pass over the corpus
        random_state=seed,
        dtype=np.float64,
    )
    gamma, _ = model.inference(dtm.bow)
    return np.asarray(model.get_topics(), dtype=np.float64), np.asarray(gamma, dtype=np.float64)


def _fit_sklearn(
    dtm: DocTermMatrix, *, k: int, seed: int, passes: int, iters: int
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.decomposition import LatentDirichletAllocation

    model = LatentDirichletAllocation(
        n_components=k,
        learning_method="batch",
        max_iter=passes,
        max_doc_update_iter=iters,
        random_state=seed,
    )
    doc_topic = model.fit_transform(dtm.counts)
    return np.asarray(model.components_, dtype=np.float64), np.asarray(doc_topic, np.float64)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    totals = matrix.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1.0
    out: np.ndarray = matrix / totals
    return out
