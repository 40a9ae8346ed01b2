"""Group a sector's statements into practices, rank them, and select by MMR.

Statements of one sector are grouped by average-linkage clustering of their cosine similarity
(in the space of `features.py`), cut at `similarity`. A practice's support is the number of
distinct records among its statements; its centrality the mean cosine of its centroid with
the sector's other statements; its statement the member closest to its centroid (stronger
cues breaking near-ties); its theme its practice concepts and heaviest domain terms (1–3); its
evidence one quote per record, closest first, up to `max_evidence`. Practices are ranked by
support, then centrality, then cue score, and selected by maximal marginal relevance (MMR,
`mmr_lambda`), which also drops near-duplicates (`duplicate`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kamlit.settings import SummarizeSettings
from kamlit.summarize.features import FeatureSpace, Signature, cosine, same_practice
from kamlit.summarize.model import Evidence, Practice
from kamlit.summarize.statements import practice_name

if TYPE_CHECKING:
    import numpy as np

    from kamlit.summarize.statements import Statement

# Choosing a practice's statement: closeness to the centroid plus this much per cue point.
STATEMENT_CUE_BONUS = 0.05


def cluster(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of items whose similarity stays >= threshold, by first item."""
    import numpy as np

    n = similarity.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2.0
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass(frozen=True)
class Candidate:
    """A practice before selection, with its centroid for similarity to other practices."""

    practice: Practice
    centroid: Mapping[int, float]  # L2-normalised, {vocabulary index: weight}
    score: float
    # What the practice's statement does to what (nothing known: shares with no other).
    signature: Signature = field(
        default_factory=lambda: Signature(frozenset(), frozenset(), {}, frozenset())
    )


def build_practices(
    statements: Sequence[Statement],
    matrix: Any,
    *,
    space: FeatureSpace,
    titles: Mapping[str, str | None],
    abstracts: Mapping[str, str],
    settings: SummarizeSettings,
    actions: Mapping[str, str] | None = None,
) -> list[Candidate]:
    """Group a sector's statements into practices, ranked by support, centrality, cue score.

    A cluster of similar statements is split so that every statement of a practice states the
    same action on the same object as the practice's own statement (`same_practice`); the
    statements that do not start practices of their own. `actions`: verb -> action (see
    `cues.action_verbs`; the shipped cues and concept files when None)."""
    if not statements:
        return []
    import numpy as np

    similarity = (matrix @ matrix.T).toarray()
    # A record's position in the corpus (the same for all its statements): one look-up table
    # instead of a scan of the statements per record.
    where = {s.record: s.position for s in statements}
    if actions is None:  # the shipped cues and action groups
        from kamlit.summarize.cues import action_verbs, load_actions, load_cues

        actions = action_verbs(load_cues(settings.cues), load_actions(settings.concepts))
    verbs = actions
    signatures = [space.signature(s, verbs) for s in statements]
    families = space.families
    groups: list[list[int]] = []
    for members in cluster(similarity, settings.similarity):
        split: list[list[int]] = []
        for i in _ranked(members, matrix, statements):
            home = next(
                (g for g in split if same_practice(signatures[g[0]], signatures[i], families)),
                None,
            )
            if home is None:
                split.append([i])
            else:
                home.append(i)
        groups.extend(split)
    n = len(statements)
    column_sum = np.asarray(matrix.sum(axis=0)).ravel()
    candidates = []
    for group in groups:
        nonzero, values = _centroid(matrix, group)
        centroid = {int(i): float(w) for i, w in zip(nonzero, values, strict=True)}
        # Its statements' cosines with the centroid (a single row's is its norm: 1, or 0
        # for a statement without features).
        closeness = (
            np.asarray(matrix[group][:, nonzero] @ values).ravel()
            if len(group) > 1
            else np.array([1.0 if len(nonzero) else 0.0])
        )
        ranked = [statements[i] for i in group]  # the head first, then by closeness
        head = ranked[0]
        evidence: list[Evidence] = []
        seen: set[str] = set()
        for item in ranked:
            if item.record in seen:
                continue
            seen.add(item.record)
            evidence.append(_evidence(item, titles, abstracts))
            if len(evidence) >= settings.max_evidence:
                break
        records = tuple(sorted({s.record for s in ranked}, key=where.__getitem__))
        # Centrality: how close the practice is to the sector's other statements (the mean
        # cosine with each statement outside it): a practice the rest of the literature
        # keeps coming back to ranks above an isolated one.
        outside = n - len(group)
        # (The sum of every statement's cosine with the centroid is the column sum of the
        # matrix times the centroid: one product per practice, not one per statement.)
        everyone = float(column_sum[nonzero] @ values)
        centrality = float(everyone - closeness.sum()) / outside if outside else 0.0
        surfaces: dict[str, str] = {}
        for i in group:
            for token, word in signatures[i].surfaces.items():
                surfaces.setdefault(token, word)
        practice = Practice(
            statement=head.text,
            theme=_theme(centroid, space, [e.quote for e in evidence], surfaces),
            support=len(records),
            evidence=tuple(evidence),
            records=records,
            kind=head.kind,
            centrality=round(centrality, 6),
            source=Evidence(head.record, head.text, head.start, head.end, titles.get(head.record)),
            name=practice_name(head.text, head.cues, settings.max_name_chars),
        )
        candidates.append(
            Candidate(practice, centroid, max(s.score for s in ranked), signatures[group[0]])
        )
    candidates.sort(
        key=lambda c: (
            -c.practice.support,
            -c.practice.centrality,
            -c.score,
            where[c.practice.source.id],
            c.practice.source.start,
        )
    )
    return candidates


def _centroid(matrix: Any, group: Sequence[int]) -> tuple[Any, Any]:
    """The L2-normalised mean of some rows: its non-zero columns and their values (a single
    row is read straight from the sparse matrix)."""
    import numpy as np

    if len(group) == 1:
        start, end = matrix.indptr[group[0]], matrix.indptr[group[0] + 1]
        nonzero = np.asarray(matrix.indices[start:end])
        values = np.asarray(matrix.data[start:end], dtype=float)
        order = np.argsort(nonzero)
        nonzero, values = nonzero[order], values[order]
    else:
        mean = np.asarray(matrix[group].mean(axis=0)).ravel()
        nonzero = np.flatnonzero(mean)
        values = mean[nonzero]
    # The norm over the non-zero entries only (np.linalg.norm goes through BLAS, which is
    # slow on short-lived, contended threads).
    norm = math.sqrt(float(np.square(values).sum()))
    return nonzero, (values / norm if norm > 0 else values)


def _ranked(members: Sequence[int], matrix: Any, statements: Sequence[Statement]) -> list[int]:
    """A cluster's statements, closest to its centroid first (stronger cues breaking
    near-ties): the first speaks for the practice."""
    if len(members) == 1:
        return list(members)
    import numpy as np

    mean = np.asarray(matrix[members].mean(axis=0)).ravel()
    nonzero = np.flatnonzero(mean)
    norm = math.sqrt(float(np.square(mean[nonzero]).sum()))
    mean = mean / norm if norm > 0 else mean
    closeness = np.asarray(matrix[members] @ mean).ravel()
    order = sorted(
        range(len(members)),
        key=lambda i: (
            -round(float(closeness[i]) + STATEMENT_CUE_BONUS * statements[members[i]].score, 9),
            statements[members[i]].position,
            statements[members[i]].order,
        ),
    )
    return [members[i] for i in order]


def select_practices(
    candidates: Sequence[Candidate], settings: SummarizeSettings
) -> list[Candidate]:
    """Maximal marginal relevance: relevance (rank) against similarity to practices already
    chosen; practices at least `duplicate` similar to a chosen one are dropped."""
    if not candidates:
        return []
    top = max(c.practice.support for c in candidates) + 1.0
    relevance = [(c.practice.support + max(c.practice.centrality, 0.0)) / top for c in candidates]
    remaining = list(range(len(candidates)))
    chosen: list[int] = []
    lam = settings.mmr_lambda
    while remaining and len(chosen) < settings.max_practices:
        best: tuple[float, int] | None = None
        keep = []
        for i in remaining:
            redundancy = max(
                (cosine(candidates[i].centroid, candidates[j].centroid) for j in chosen),
                default=0.0,
            )
            if redundancy >= settings.duplicate:
                continue  # a near-duplicate of a chosen practice
            keep.append(i)
            value = lam * relevance[i] - (1 - lam) * redundancy
            if best is None or value > best[0] + 1e-12:
                best = (value, i)
        if best is None:
            break
        chosen.append(best[1])
        remaining = [i for i in keep if i != best[1]]
    return [candidates[i] for i in chosen]


def _theme(
    centroid: Mapping[int, float],
    space: FeatureSpace,
    quotes: Sequence[str],
    surfaces: Mapping[str, str],
) -> tuple[str, ...]:
    """Up to 3 terms: the practice concepts of the centroid (they name the practice), then
    its heaviest domain terms (大客户经理); other concept words only when there are neither.
    Terms weigh at least half the heaviest of their kind; other words in more than a fifth of
    all sentences (客户) characterise nothing and are left out.

    Every term is one the quotes support: a practice concept (客户保持) is shown by its name
    only when a quote holds the name or its head, the first two characters (客户: the name
    says what the practice acts on), else as the word of the statements that stands for it
    (维系, 分类); any other term no quote holds is left out. So a theme never speaks of 客户
    unless a quote does."""
    weighted = [
        (w, space.vocabulary[i])
        for i, w in centroid.items()
        if w > 0
        and (space.vocabulary[i] in space.families or not space.is_common(space.vocabulary[i]))
    ]
    weighted.sort(key=lambda wt: (-round(wt[0], 9), wt[1]))
    named = [t for _, t in weighted if t in space.families]
    domain = [(w, t) for w, t in weighted if t not in space.families and t in space.domain]
    if not named and not domain:
        domain = [(w, t) for w, t in weighted if t in space.concepts]
    top = max((w for w, _ in domain), default=0.0)
    said = [q.lower() for q in quotes]
    out: list[str] = []
    for term in [*named, *(t for w, t in domain if w >= 0.5 * top)]:
        head = term[:2] if term in space.families else term
        shown = term if any(head in q for q in said) else surfaces.get(term, "")
        supported = shown == term and term in space.families
        if shown and shown not in out and (supported or any(shown.lower() in q for q in said)):
            out.append(shown)
    return tuple(out[:3])


def _evidence(
    statement: Statement, titles: Mapping[str, str | None], abstracts: Mapping[str, str]
) -> Evidence:
    abstract = abstracts[statement.record]
    quote = abstract[statement.quote_start : statement.quote_end]
    return Evidence(
        statement.record,
        quote,
        statement.quote_start,
        statement.quote_end,
        titles.get(statement.record),
    )
