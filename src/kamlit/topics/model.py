"""The document-term matrix (built once) and the three LDA engines fitted on it.

- `tomotopy` (the default): collapsed Gibbs sampling in C++, one thread per fit (so the same
  seed gives the same bytes), priors alpha = 0.1 and eta = 0.01 (tomotopy's own defaults,
  those of Griffiths & Steyvers' sampler). The topics are the sampler's final state.
- `gensim`: online variational Bayes, priors symmetric 1/K.
- `scikit-learn`: batch variational Bayes, priors symmetric 1/K.

Every engine stops when its fit stops improving (see `fit_lda` for the documented rule) and
reports the iterations it used. The engines are imported inside the functions that use them,
so importing `kamlit.topics` costs none of them. Each fit also keeps the engine's own model,
serialised in the engine's native format (`native`), so a run folder can hand it back.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
from scipy import sparse

from kamlit.errors import UsageError, message

Engine = Literal["tomotopy", "gensim", "sklearn"]
ENGINES: tuple[Engine, ...] = ("tomotopy", "gensim", "sklearn")
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
        raise UsageError(
            message("error.setting_at_least", name="topics.min_df", value=min_df, low=1)
        )
    if not 0.0 < max_df <= 1.0:
        raise UsageError(message("error.setting_fraction", name="topics.max_df", value=max_df))
    if max_terms < 1:
        raise UsageError(
            message("error.setting_at_least", name="topics.max_terms", value=max_terms, low=1)
        )
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


# Convergence (every engine): stop when the fit's per-word log-likelihood (tomotopy) or
# variational bound (gensim, scikit-learn) improves by less than `tolerance` times its size.
# tomotopy's sampler is checked every CHECK_EVERY sweeps, comparing the mean of the last
# CHECK_WINDOW checks with the mean of the CHECK_WINDOW before (a sampler's likelihood jitters);
# the variational engines are checked after every pass.
DEFAULT_TOLERANCE = 1e-3
CHECK_EVERY = 10
CHECK_WINDOW = 5
# Upper bound on tomotopy's Gibbs sweeps when `passes` is 0 (automatic).
TOMOTOPY_MAX_SWEEPS = 1000
TOMOTOPY_ALPHA = 0.1
TOMOTOPY_ETA = 0.01


@dataclass(frozen=True)
class LdaFit:
    """A fitted model: its two distributions (rows sum to 1), the effort it took, and the
    engine's own model in its native serialised form."""

    engine: Engine
    k: int
    seed: int
    topic_term: np.ndarray  # K × V, p(term | topic)
    doc_topic: np.ndarray  # D × K, p(topic | document)
    iterations: int = 0  # sweeps (tomotopy) or passes (gensim, scikit-learn) actually run
    converged: bool = False  # stopped by the tolerance before the budget ran out
    log_likelihood: float | None = None  # per word, at the end (bound for variational fits)
    native: bytes = b""  # tomotopy `saves()`, or the pickled gensim / scikit-learn model


def fit_lda(
    dtm: DocTermMatrix,
    *,
    k: int,
    seed: int,
    engine: Engine = "tomotopy",
    passes: int = 20,
    iterations: int = 100,
    tolerance: float = DEFAULT_TOLERANCE,
    keep_native: bool = True,
) -> LdaFit:
    """Fit LDA with K topics until it converges (or `passes` runs out); the seed goes to the
    engine's own random state.

    `passes` is the budget: Gibbs sweeps for tomotopy, passes over the corpus for gensim and
    scikit-learn. `iterations` bounds the per-document inner loop of the variational engines.
    """
    if engine == "tomotopy":
        fitted = _fit_tomotopy(dtm, k=k, seed=seed, sweeps=passes, tol=tolerance)
    elif engine == "gensim":
        fitted = _fit_gensim(dtm, k=k, seed=seed, passes=passes, iters=iterations, tol=tolerance)
    elif engine == "sklearn":
        fitted = _fit_sklearn(dtm, k=k, seed=seed, passes=passes, iters=iterations, tol=tolerance)
    else:
        raise UsageError(
            message("error.setting_engine", value=repr(engine), options=", ".join(ENGINES))
        )
    topic_term, doc_topic, used, converged, ll, native = fitted
    return LdaFit(
        engine=engine,
        k=k,
        seed=seed,
        topic_term=_normalise(topic_term),
        doc_topic=_normalise(doc_topic),
        iterations=used,
        converged=converged,
        log_likelihood=ll,
        native=native if keep_native else b"",
    )


_Fitted = tuple[np.ndarray, np.ndarray, int, bool, float | None, bytes]


def _tomotopy() -> Any:
    """Import tomotopy; its C extension's types raise a DeprecationWarning on Python 3.12+
    ("builtin type … has no __module__"), which `-W error` would turn into a failed import."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import tomotopy

    return tomotopy


def _fit_tomotopy(dtm: DocTermMatrix, *, k: int, seed: int, sweeps: int, tol: float) -> _Fitted:
    tp = _tomotopy()

    model = tp.LDAModel(k=k, alpha=TOMOTOPY_ALPHA, eta=TOMOTOPY_ETA, seed=seed)
    csr = dtm.counts
    vocab = dtm.vocabulary
    for i in range(csr.shape[0]):
        cols = csr.indices[csr.indptr[i] : csr.indptr[i + 1]]
        counts = csr.data[csr.indptr[i] : csr.indptr[i + 1]]
        model.add_doc(
            [
                vocab[c]
                for c, n in zip(cols.tolist(), counts.tolist(), strict=True)
                for _ in range(n)
            ]
        )
    history: list[float] = []
    used = 0
    converged = False
    while used < sweeps:
        step = min(CHECK_EVERY, sweeps - used)
        model.train(step, workers=1, parallel=tp.ParallelScheme.NONE)
        used += step
        history.append(float(model.ll_per_word))
        if len(history) >= 2 * CHECK_WINDOW:
            last = sum(history[-CHECK_WINDOW:]) / CHECK_WINDOW
            before = sum(history[-2 * CHECK_WINDOW : -CHECK_WINDOW]) / CHECK_WINDOW
            if last - before < tol * abs(before):
                converged = True
                break
    index = {term: i for i, term in enumerate(vocab)}
    columns = np.asarray([index[w] for w in model.used_vocabs], dtype=np.int64)
    topic_term = np.zeros((k, len(vocab)), dtype=np.float64)
    for t in range(k):
        topic_term[t, columns] = np.asarray(model.get_topic_word_dist(t), dtype=np.float64)
    doc_topic = np.asarray([doc.get_topic_dist() for doc in model.docs], dtype=np.float64)
    native = bytes(model.saves(full=True))
    return topic_term, doc_topic, used, converged, float(model.ll_per_word), native


def _fit_gensim(
    dtm: DocTermMatrix, *, k: int, seed: int, passes: int, iters: int, tol: float
) -> _Fitted:
    import logging

    from gensim.models import LdaModel

    model = LdaModel(
        id2word=dtm.dictionary,
        num_topics=k,
        iterations=iters,
        alpha="symmetric",
        eta="symmetric",
        eval_every=None,  # the bound is computed below, once per pass
        random_state=seed,
        dtype=np.float64,
    )
    bow = dtm.bow
    bound: float | None = None
    used = 0
    converged = False
    logger = logging.getLogger("gensim.models.ldamodel")
    level = logger.level
    logger.setLevel(logging.WARNING)  # log_perplexity logs every call at INFO
    try:
        while used < passes:
            model.update(bow, passes=1)
            used += 1
            current = float(model.log_perplexity(bow))
            if bound is not None and used >= 2 and current - bound < tol * abs(bound):
                bound = current
                converged = True
                break
            bound = current
    finally:
        logger.setLevel(level)
    gamma, _ = model.inference(bow)
    native = pickle.dumps(model, protocol=4)
    return (
        np.asarray(model.get_topics(), dtype=np.float64),
        np.asarray(gamma, dtype=np.float64),
        used,
        converged,
        bound,
        native,
    )


def _fit_sklearn(
    dtm: DocTermMatrix, *, k: int, seed: int, passes: int, iters: int, tol: float
) -> _Fitted:
    from sklearn.decomposition import LatentDirichletAllocation

    class _Lda(LatentDirichletAllocation):  # type: ignore[misc]
        # scikit-learn stops when |previous - current| of this value < perp_tol. Returning
        # log(-bound per word) instead of the perplexity exp(-bound per word) turns that
        # absolute test into the relative one documented above.
        def _perplexity_precomp_distr(
            self, X: Any, doc_topic_distr: Any = None, sub_sampling: bool = False
        ) -> float:
            perplexity = super()._perplexity_precomp_distr(X, doc_topic_distr, sub_sampling)
            return math.log(max(math.log(perplexity), 1e-300))

    model = _Lda(
        n_components=k,
        learning_method="batch",
        max_iter=passes,
        max_doc_update_iter=iters,
        evaluate_every=1,
        perp_tol=tol,
        random_state=seed,
    )
    doc_topic = model.fit_transform(dtm.counts)
    converged = model.n_iter_ < passes
    used = model.n_iter_ + 1 if converged else passes
    bound = -math.exp(float(model.bound_))
    # Pickle as the public class, so loading the model needs scikit-learn only.
    plain = LatentDirichletAllocation(**model.get_params())
    plain.__dict__.update(model.__dict__)
    native = pickle.dumps(plain, protocol=4)
    return (
        np.asarray(model.components_, dtype=np.float64),
        np.asarray(doc_topic, np.float64),
        used,
        converged,
        bound,
        native,
    )


def load_native(engine: str, data: bytes) -> Any:
    """The engine's model object from `LdaFit.native` bytes (tomotopy `LDAModel.loads`, else
    pickle: load only files you wrote yourself)."""
    if engine == "tomotopy":
        return _tomotopy().LDAModel.loads(data)
    return pickle.loads(data)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    totals = matrix.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1.0
    out: np.ndarray = matrix / totals
    return out


@dataclass(frozen=True)
class FitPlan:
    """What every fit of a sweep shares."""

    engine: Engine
    passes: int
    iterations: int
    tolerance: float
    runs: int
    top_n: int
