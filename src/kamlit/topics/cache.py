"""On-disk cache of evaluated K candidates: every seed's scores, the kept fit, stability.

A `kamlit run` with `k = "auto"` fits every K of the sweep; a later run that fixes K to one of
them (or re-runs the sweep) finds those candidates here instead of refitting. The key covers
everything a candidate depends on: the document-term matrix and token lists, K, seed, engine,
passes, iterations, tolerance, runs, top terms, and the versions of kamlit and the numeric
libraries. Keys come from `kamlit.cache.cache_key` (kamlit's version and the runtime tag
included) and blobs use its checked, atomically written format under `<cache dir>/topics/`;
a bad blob is refitted. The kept fit's native model is cached the same way (`native_model`).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from kamlit.cache import blob_path, cache_key, read_blob, write_blob
from kamlit.text.engine import package_version
from kamlit.topics.model import DocTermMatrix, FitPlan, LdaFit, fit_lda
from kamlit.topics.selection import Candidate, RunScore

_FORMAT = "kamlit-topics-candidate-2"
_LIBRARIES = ("tomotopy", "gensim", "scikit-learn", "numpy", "scipy")


def read_candidate(
    dtm: DocTermMatrix, cache_dir: Path | None, *, k: int, seed: int, plan: FitPlan
) -> Candidate | None:
    """The cached candidate for K, or None (no cache, not there, or unreadable)."""
    if cache_dir is None:
        return None
    stored = read_blob(_path(dtm, cache_dir, k=k, seed=seed, plan=plan))
    if stored is None:
        return None
    try:
        return _from_blob(stored)
    except (KeyError, TypeError, ValueError):
        return None  # a blob of another layout: refit and overwrite it


def write_candidate(
    dtm: DocTermMatrix, cache_dir: Path | None, candidate: Candidate, *, seed: int, plan: FitPlan
) -> None:
    """Store a candidate (nothing without a cache folder)."""
    if cache_dir is not None:
        path = _path(dtm, cache_dir, k=candidate.k, seed=seed, plan=plan)
        write_blob(path, _to_blob(candidate))


def native_model(dtm: DocTermMatrix, cache_dir: Path | None, fit: LdaFit, plan: FitPlan) -> bytes:
    """The engine's native model of `fit`: the fit's own when it kept it, else refitted with the
    same seed (fits are deterministic, so it is the same model); cached like the candidates."""
    path = None
    if cache_dir is not None:
        key = candidate_key(dtm, {"native": True, "k": fit.k, "seed": fit.seed, **asdict(plan)})
        path = blob_path(Path(cache_dir), "topics", key)
    if fit.native:
        if path is not None:  # for a later run whose candidate comes from the cache
            write_blob(path, fit.native)
        return fit.native
    stored = read_blob(path) if path is not None else None
    if isinstance(stored, bytes):
        return stored
    again = fit_lda(
        dtm,
        k=fit.k,
        seed=fit.seed,
        engine=plan.engine,
        passes=plan.passes,
        iterations=plan.iterations,
        tolerance=plan.tolerance,
    )
    if path is not None:
        write_blob(path, again.native)
    return again.native


def candidate_key(dtm: DocTermMatrix, params: dict[str, Any]) -> str:
    """Hash of the matrix, the token lists (coherence reads them), parameters and versions."""
    counts = dtm.counts
    return cache_key(
        _FORMAT,
        {name: package_version(name) for name in _LIBRARIES},
        params,
        dtm.ids,
        dtm.vocabulary,
        [np.ascontiguousarray(a) for a in (counts.data, counts.indices, counts.indptr)],
        dtm.texts,
    )


def _path(dtm: DocTermMatrix, cache_dir: Path, *, k: int, seed: int, plan: FitPlan) -> Path:
    params = {"k": k, "seed": seed, **asdict(plan)}
    return blob_path(Path(cache_dir), "topics", candidate_key(dtm, params))


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
            "iterations": fit.iterations,
            "converged": fit.converged,
            "log_likelihood": fit.log_likelihood,
        },
        "top_ids": c.top_ids,
        "coherence": c.coherence,
        "npmi": c.npmi,
        "stability": c.stability,
        "seeds": c.seeds,
        "runs": [asdict(r) for r in c.runs],
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
            iterations=int(fit["iterations"]),
            converged=bool(fit["converged"]),
            log_likelihood=fit["log_likelihood"],
        ),
        top_ids=tuple(tuple(int(i) for i in row) for row in data["top_ids"]),
        coherence=tuple(data["coherence"]),
        npmi=tuple(data["npmi"]),
        stability=data["stability"],
        seeds=tuple(int(s) for s in data["seeds"]),
        runs=tuple(RunScore(**r) for r in data["runs"]),
    )
