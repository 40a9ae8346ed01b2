"""On-disk cache of evaluated K candidates: the fits of every seed, coherence and stability.

A `kamlit run` with `k = "auto"` fits every K of the sweep; a later run that fixes K to one of
them (or re-runs the sweep) finds those fits here instead of refitting. The key covers
everything a candidate depends on: the document-term matrix and token lists, K, seed, engine,
passes, iterations, runs, top terms, and the versions of kamlit and the numeric libraries.
Keys come from `kamlit.cache.cache_key` (kamlit's version and the runtime tag included) and
blobs use its checked, atomically written format under `<cache dir>/topics/`; a bad blob is
refitted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from kamlit.cache import blob_path, cache_key, read_blob, write_blob
from kamlit.text.engine import package_version
from kamlit.topics.model import DocTermMatrix, Engine, LdaFit
from kamlit.topics.selection import Candidate, evaluate_k

_FORMAT = "kamlit-topics-candidate-1"


def cached_evaluate_k(
    dtm: DocTermMatrix,
    *,
    cache_dir: Path | None,
    k: int,
    seed: int,
    engine: Engine,
    passes: int,
    iterations: int,
    runs: int,
    top_n: int,
) -> Candidate:
    """`evaluate_k`, reading and writing the candidate cache when `cache_dir` is given."""
    params: dict[str, Any] = {
        "k": k,
        "seed": seed,
        "engine": engine,
        "passes": passes,
        "iterations": iterations,
        "runs": runs,
        "top_n": top_n,
    }
    if cache_dir is None:
        return evaluate_k(dtm, **params)
    path = blob_path(Path(cache_dir), "topics", candidate_key(dtm, params))
    stored = read_blob(path)
    if stored is not None:
        try:
            return _from_blob(stored)
        except (KeyError, TypeError, ValueError):
            pass  # a blob of another layout: refit and overwrite it
    candidate = evaluate_k(dtm, **params)
    write_blob(path, _to_blob(candidate))
    return candidate


def candidate_key(dtm: DocTermMatrix, params: dict[str, Any]) -> str:
    """Hash of the matrix, the token lists (coherence reads them), parameters and versions."""
    counts = dtm.counts
    return cache_key(
        _FORMAT,
        {name: package_version(name) for name in ("gensim", "scikit-learn", "numpy", "scipy")},
        params,
        dtm.ids,
        dtm.vocabulary,
        [np.ascontiguousarray(a) for a in (counts.data, counts.indices, counts.indptr)],
        dtm.texts,
    )


def _array(value: np.ndarray) -> tuple[tuple[int, ...], str, bytes]:
    arr = np.ascontiguousarray(value)
    return (tuple(arr.shape), arr.dtype.str, arr.tobytes())


def _from_array(value: Any) -> np.ndarray:
    shape, dtype, data = value
    array: np.ndarray = np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape).copy()
    return array


def _to_blob(c: Candidate) -> dict[str, Any]:
    fit = c.fit
    return {
        "k": c.k,
        "fit": {
            "engine": fit.engine,
            "k": fit.k,
            "seed": fit.seed,
            "topic_term": _array(fit.topic_term),
            "doc_topic": _array(fit.doc_topic),
        },
        "top_ids": c.top_ids,
        "coherence": c.coherence,
        "npmi": c.npmi,
        "stability": c.stability,
        "seeds": c.seeds,
    }


def _from_blob(data: dict[str, Any]) -> Candidate:
    fit = data["fit"]
    return Candidate(
        k=int(data["k"]),
        fit=LdaFit(
            engine=fit["engine"],
            k=int(fit["k"]),
            seed=int(fit["seed"]),
            topic_term=_from_array(fit["topic_term"]),
            doc_topic=_from_array(fit["doc_topic"]),
        ),
        top_ids=tuple(tuple(int(i) for i in row) for row in data["top_ids"]),
        coherence=tuple(data["coherence"]),
        npmi=tuple(data["npmi"]),
        stability=data["stability"],
        seeds=tuple(int(s) for s in data["seeds"]),
    )
