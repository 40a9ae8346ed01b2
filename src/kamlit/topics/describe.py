"""What a fitted model says about its topics: relevance, labels, the intertopic map, shares.

Relevance is LDAvis's (Sievert & Shirley 2014):
    relevance(w, t | λ) = λ·log p(w|t) + (1 − λ)·log(p(w|t) / p(w)),
with p(w) the term's share of all corpus tokens. λ = 1 ranks by probability within the topic;
smaller λ favours terms distinctive of the topic. Labels use λ = 0.6, the value Sievert &
Shirley found users preferred.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

LABEL_LAMBDA = 0.6
LABEL_TERMS = 3
# The explorer's λ slider re-ranks this pool: the top terms at every λ on a 0.05 grid.
POOL_TERMS = 30
POOL_GRID = tuple(i / 20 for i in range(21))


def relevance(topic_term: np.ndarray, p_w: np.ndarray, lam: float) -> np.ndarray:
    """LDAvis relevance of every term for every topic (K × V)."""
    with np.errstate(divide="ignore"):
        log_phi = np.log(topic_term)
        log_lift = log_phi - np.log(p_w)[None, :]
    out: np.ndarray = lam * log_phi + (1.0 - lam) * log_lift
    return out


def ranked(scores: np.ndarray, vocabulary: Sequence[str], n: int) -> list[int]:
    """Indices of the n best scores of one row; ties go to the term that sorts first.

    The vocabulary of a DocTermMatrix is sorted, so term order is index order.
    """
    order = np.lexsort((np.arange(len(vocabulary)), -scores))
    return [int(i) for i in order[:n]]


def label_topics(
    topic_term: np.ndarray, p_w: np.ndarray, vocabulary: Sequence[str]
) -> tuple[str, ...]:
    """Each topic's 2–3 most relevant terms at λ = 0.6, extended until labels are unique."""
    rel = relevance(topic_term, p_w, LABEL_LAMBDA)
    orders = [ranked(row, vocabulary, len(vocabulary)) for row in rel]
    width = min(LABEL_TERMS, len(vocabulary))
    labels = [" · ".join(vocabulary[i] for i in order[:width]) for order in orders]
    extra = width
    while len(set(labels)) < len(labels) and extra < len(vocabulary):
        extra += 1
        seen: dict[str, int] = {}
        for label in labels:
            seen[label] = seen.get(label, 0) + 1
        labels = [
            " · ".join(vocabulary[i] for i in orders[t][:extra]) if seen[label] > 1 else label
            for t, label in enumerate(labels)
        ]
    return tuple(labels)


def relevance_pool(
    topic_term: np.ndarray, p_w: np.ndarray, vocabulary: Sequence[str]
) -> tuple[tuple[int, ...], ...]:
    """Per topic, every term in the top POOL_TERMS at some λ of POOL_GRID (sorted by id)."""
    pools: list[set[int]] = [set() for _ in range(topic_term.shape[0])]
    for lam in POOL_GRID:
        rel = relevance(topic_term, p_w, lam)
        for t, row in enumerate(rel):
            pools[t].update(ranked(row, vocabulary, POOL_TERMS))
    return tuple(tuple(sorted(p)) for p in pools)


def intertopic_map(topic_term: np.ndarray) -> np.ndarray:
    """2-D positions of topics: classical MDS of their Jensen–Shannon distances (K × 2)."""
    k = topic_term.shape[0]
    dist = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            dist[i, j] = dist[j, i] = js_distance(topic_term[i], topic_term[j])
    if k < 2:
        return np.zeros((k, 2))
    centre = np.eye(k) - np.ones((k, k)) / k
    gram = -0.5 * centre @ (dist**2) @ centre
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(values)[::-1][:2]
    coords = vectors[:, order] * np.sqrt(np.clip(values[order], 0.0, None))[None, :]
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((k, 2 - coords.shape[1]))])
    # An eigenvector's sign is arbitrary: point each axis's largest coordinate the positive way.
    for axis in range(2):
        col = coords[:, axis]
        if col.size and col[np.argmax(np.abs(col))] < 0:
            coords[:, axis] = -col
    coords[np.abs(coords) < 1e-12] = 0.0
    result: np.ndarray = coords
    return result


def js_distance(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen–Shannon distance (base 2, so in [0, 1]) between two distributions."""
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum()
        kl_q = np.where(q > 0, q * np.log2(q / m), 0.0).sum()
    return float(np.sqrt(max(0.0, 0.5 * (kl_p + kl_q))))


def group_prevalence(
    doc_topic: np.ndarray, groups: Sequence[Sequence[str]], keys: Sequence[str]
) -> dict[str, np.ndarray]:
    """Mean topic shares of the documents in each group (a document may be in several)."""
    out: dict[str, np.ndarray] = {}
    for key in keys:
        rows = [i for i, g in enumerate(groups) if key in g]
        if rows:
            out[key] = doc_topic[rows].mean(axis=0)
    return out
