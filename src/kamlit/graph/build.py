"""Build the concept co-occurrence graph from a segmented corpus, with sparse matrices.

Units are sentences (default) or documents. X is the binary unit × term matrix of the
segmenter's concept candidates (canonical after synonyms); C = XᵀX counts, for every pair of
candidate terms, the units where both occur. With N units, s_i units containing term i and
c_ij units containing both, the edge weights are

- count:        c_ij
- association:  c_ij · N / (s_i · s_j)   (association strength, van Eck & Waltman 2009: the
                observed co-occurrence over the one expected if the terms were independent;
                1 means "as often as chance", VOSviewer's default normalisation up to a constant)
- jaccard:      c_ij / (s_i + s_j − c_ij)
- npmi:         log(c_ij·N / (s_i·s_j)) / −log(c_ij / N)   (1 when c_ij = N)

N counts every unit of the corpus, including units without concepts.

Filtering, in this order: the `top` most frequent terms become candidate nodes (by records
containing them, then occurrences, then the term); pairs need `min_count` co-occurrences; the
disparity filter of Serrano, Boguñá & Vespignani (2009) keeps an edge when, for at least one
of its ends i (degree k_i ≥ 2, strength s_i = sum of its counts), (1 − c_ij/s_i)^(k_i−1) < alpha;
finally terms left without an edge are dropped (except terms asked for with `include`).

Defaults (GraphSettings), chosen so a 20-abstract corpus and a 14,000-document one both give a
graph a person can read:

- top = 150 candidate terms.
- min_count = 0 means auto: 2 co-occurrences (a link resting on one sentence is an anecdote),
  3 from 10,000 units on.
- backbone = "auto": the disparity filter runs when the corpus has at least 200 records and
  the graph is dense after min_count (mean degree above 6). On fewer records the counts are
  too small for the test to find anything significant (on the 20-abstract corpus it keeps 1
  of 129 links), so it stays off. Its alpha is the strictest of 0.05, 0.1, 0.2, 0.3 that
  keeps at least half of the linked concepts: where links are spread evenly (a few hundred
  abstracts, or a field whose concepts all meet each other) 0.05 can keep a handful of links
  and leave a graph of nine concepts, which says nothing; if even 0.3 keeps fewer than half,
  the filter stays off and the page's weight slider does the thinning. "off" never runs it; a
  number ("0.05") is the alpha to use, whatever it keeps.

On the 20-abstract default corpus this gives about 60 terms and 130 sentence links without the
backbone; on the 14,400 People's Daily documents 150 terms, 5,200 links after min_count and
about 340 after the backbone. The graph keeps the values it used in `settings`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kamlit.errors import UsageError, message
from kamlit.graph.model import (
    ConceptGraph,
    Edge,
    EvidenceSentence,
    GraphStats,
    Node,
    RecordRef,
)
from kamlit.i18n import Notice, catalogue
from kamlit.settings import GraphSettings, backbone_value

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

    from kamlit.corpus import PreparedCorpus
    from kamlit.sectors import SectorAssignment
    from kamlit.text import Corpus

# auto: from strictest to loosest, the first that keeps BACKBONE_MIN_LINKED of the concepts
AUTO_BACKBONE_ALPHAS = (0.05, 0.1, 0.2, 0.3)
AUTO_BACKBONE_ALPHA = AUTO_BACKBONE_ALPHAS[0]  # whether auto runs the filter at all
BACKBONE_MIN_LINKED = 0.5
DENSE_MEAN_DEGREE = 6.0
MANY_UNITS = 10_000
GENERAL_LABEL = "综合"
BACKBONE_MIN_RECORDS = 200


def resolve_min_count(settings: GraphSettings, *, units: int) -> int:
    """Return the minimum co-occurrence count to use (settings.min_count, or the auto rule)."""
    if settings.min_count > 0:
        return settings.min_count
    return 2 if units < MANY_UNITS else 3


def backbone_alpha(settings: GraphSettings, *, edges: int, nodes: int, records: int) -> float:
    """Return the disparity-filter alpha to use, 0.0 for none (settings.backbone, or auto)."""
    value = backbone_value(settings.backbone)
    if isinstance(value, float):
        return value
    if value == "auto":
        dense = nodes > 0 and 2.0 * edges / nodes > DENSE_MEAN_DEGREE
        return AUTO_BACKBONE_ALPHA if dense and records >= BACKBONE_MIN_RECORDS else 0.0
    return 0.0


def build_concept_graph(
    prepared: PreparedCorpus,
    *,
    settings: GraphSettings | None = None,
    seed: int = 42,
    include: Sequence[str] = (),
) -> ConceptGraph:
    """Build the co-occurrence graph of the prepared corpus's concepts with evidence and
    structure; node sectors follow the prepared corpus's sector assignment."""
    import numpy as np

    from kamlit.graph.structure import analyse_structure

    corpus = prepared.corpus
    settings = settings or GraphSettings()
    check_settings(settings)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    # ---- co-occurrence: the binary unit x term matrix and X^T X over candidate terms
    mats = _matrices(corpus)
    X = mats.sentences if settings.window == "sentence" else mats.documents
    n_units = X.shape[0]
    min_count = resolve_min_count(settings, units=n_units)
    unit_freq = np.asarray(X.sum(axis=0)).ravel().astype(np.int64)
    doc_freq = np.asarray(mats.documents.sum(axis=0)).ravel().astype(np.int64)
    wanted = [t for t in dict.fromkeys(include) if t in mats.index]
    candidates = _top_terms(mats.terms, doc_freq, mats.freq, settings.top, wanted)
    Xc = X.tocsc()[:, candidates]
    co = (Xc.T @ Xc).tocoo()
    upper = co.row < co.col
    src, dst = co.row[upper].astype(np.int64), co.col[upper].astype(np.int64)
    count = co.data[upper].astype(np.int64)
    order = np.lexsort((dst, src))
    src, dst, count = src[order], dst[order], count[order]
    n_pairs = len(count)
    timings["cooccurrence"] = time.perf_counter() - clock

    # ---- filtering: min count, backbone, isolates
    clock = time.perf_counter()
    keep = count >= min_count
    src, dst, count = src[keep], dst[keep], count[keep]
    n_min_count = len(count)
    linked_before = len(np.union1d(src, dst))
    alpha = backbone_alpha(
        settings, edges=n_min_count, nodes=linked_before, records=len(corpus.records)
    )
    if alpha > 0 and len(count):
        ladder = AUTO_BACKBONE_ALPHAS if settings.backbone == "auto" else (alpha,)
        alpha, keep = choose_backbone(src, dst, count, len(candidates), alphas=ladder)
        src, dst, count = src[keep], dst[keep], count[keep]
    settings = replace(settings, min_count=min_count, backbone=alpha if alpha > 0 else "off")
    n_backbone = len(count)
    forced = {mats.index[t] for t in wanted}
    cand_terms = [mats.terms[c] for c in candidates]
    linked = np.zeros(len(candidates), dtype=bool)
    linked[src] = True
    linked[dst] = True
    for i, c in enumerate(candidates):
        if c in forced:
            linked[i] = True
    node_pos = np.flatnonzero(linked)  # positions among candidates; candidates sorted by term
    remap = np.full(len(candidates), -1, dtype=np.int64)
    remap[node_pos] = np.arange(len(node_pos))
    src, dst = remap[src], remap[dst]
    node_cols = [candidates[i] for i in node_pos]
    terms = [cand_terms[i] for i in node_pos]
    s_i = unit_freq[node_cols].astype(np.float64)
    weights = edge_measures(count, s_i[src], s_i[dst], n_units)
    timings["filtering"] = time.perf_counter() - clock

    # ---- evidence: units (and sentences) where each kept pair occurs
    clock = time.perf_counter()
    assignment = prepared.sectors
    evidence = _evidence(mats, settings.window, node_cols, src, dst)
    timings["evidence"] = time.perf_counter() - clock

    # ---- structure: communities, centralities, layout, thematic map
    strength = structural_strength(weights, settings.measure)
    structure = analyse_structure(
        terms,
        src,
        dst,
        strength,
        association=weights["association"],
        freq=[int(mats.freq[c]) for c in node_cols],
        settings=settings,
        seed=seed,
        timings=timings,
    )

    # ---- assemble the plain-data result
    records, sentences, edge_records, edge_sentences = _evidence_tables(
        corpus, assignment, mats, evidence
    )
    sector_keys = _sector_keys(assignment)
    node_sectors = _node_sectors(mats, node_cols, assignment, sector_keys)
    node_years = _node_years(corpus, mats, node_cols)
    measure = weights[settings.measure]
    degree = np.bincount(np.concatenate([src, dst]), minlength=len(terms))
    node_strength = np.bincount(
        np.concatenate([src, dst]), weights=np.concatenate([measure, measure]), minlength=len(terms)
    )
    nodes = tuple(
        Node(
            term=terms[i],
            freq=int(mats.freq[col]),
            df=int(doc_freq[col]),
            units=int(unit_freq[col]),
            sector_counts=node_sectors[i],
            first_year=node_years[i][0],
            last_year=node_years[i][1],
            mean_year=node_years[i][2],
            community=structure.community[i],
            degree=int(degree[i]),
            strength=_r(node_strength[i]),
            degree_centrality=_r(structure.degree_centrality[i]),
            betweenness=_r(structure.betweenness[i]),
            eigenvector=_r(structure.eigenvector[i]),
            x=round(float(structure.positions[i][0]), 4),
            y=round(float(structure.positions[i][1]), 4),
            aliases=corpus.lexicon.variants(terms[i])[1:],
        )
        for i, col in enumerate(node_cols)
    )
    edges = tuple(
        Edge(
            source=terms[int(src[k])],
            target=terms[int(dst[k])],
            count=int(count[k]),
            association=_r(weights["association"][k]),
            jaccard=_r(weights["jaccard"][k]),
            npmi=_r(weights["npmi"][k]),
            weight=_r(measure[k]),
            records=edge_records[k],
            sentences=edge_sentences[k],
        )
        for k in range(len(count))
    )
    stats = GraphStats(
        records=len(corpus.records),
        units=n_units,
        concepts=len(mats.terms),
        candidates=len(candidates),
        pairs=n_pairs,
        edges_min_count=n_min_count,
        edges_backbone=n_backbone,
        nodes=len(nodes),
        edges=len(edges),
        communities=len(structure.themes),
        betweenness=structure.betweenness_mode,
    )
    notices = _warnings(stats, count, settings)
    return ConceptGraph(
        nodes=nodes,
        edges=edges,
        themes=structure.themes,
        records=records,
        sentences=sentences,
        sectors=tuple((k, _sector_label(assignment, k)) for k in sector_keys),
        settings=settings,
        seed=seed,
        stats=stats,
        warnings=tuple(catalogue("en").notice(n) for n in notices),
        notices=notices,
        vocabulary={t: int(doc_freq[i]) for i, t in enumerate(mats.terms)},
        timings=timings,
    )


# --------------------------------------------------------------------------- weights


def edge_measures(
    count: np.ndarray, s_a: np.ndarray, s_b: np.ndarray, n_units: int
) -> dict[str, np.ndarray]:
    """Return every weight of pairs with `count` co-occurrences and unit frequencies s_a, s_b."""
    import numpy as np

    c = count.astype(np.float64)
    n = float(n_units)
    with np.errstate(divide="ignore", invalid="ignore"):
        association = c * n / (s_a * s_b)
        jaccard = c / (s_a + s_b - c)
        denom = -np.log(c / n)
        npmi = np.where(denom > 0, np.log(association) / np.where(denom > 0, denom, 1.0), 1.0)
    return {"count": c, "association": association, "jaccard": jaccard, "npmi": npmi}


def structural_strength(weights: dict[str, np.ndarray], measure: str) -> np.ndarray:
    """Positive edge strengths for communities, centralities and layout.

    The measure's own weight, except NPMI (in [-1, 1]) which is mapped to (npmi + 1) / 2 so
    that Louvain and eigenvector centrality see positive weights in the same order.
    """
    if measure == "npmi":
        return (weights["npmi"] + 1.0) / 2.0
    return weights[measure]


def choose_backbone(
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    n_nodes: int,
    *,
    alphas: Sequence[float],
) -> tuple[float, np.ndarray]:
    """Return (alpha, mask of kept edges): the first alpha of `alphas` whose backbone keeps at
    least BACKBONE_MIN_LINKED of the linked nodes; a single alpha is used whatever it keeps;
    (0.0, every edge) when none of several does."""
    import numpy as np

    linked_before = len(np.union1d(src, dst))
    for alpha in alphas:
        keep = disparity_filter(src, dst, weight, n_nodes, alpha=alpha)
        if len(alphas) == 1:
            return alpha, keep
        linked = len(np.union1d(src[keep], dst[keep]))
        if linked >= BACKBONE_MIN_LINKED * linked_before:
            return alpha, keep
    return 0.0, np.ones(len(weight), dtype=bool)


def disparity_filter(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, n_nodes: int, *, alpha: float
) -> np.ndarray:
    """Serrano et al. (2009) backbone: a mask of edges significant at `alpha` for either end."""
    import numpy as np

    w = weight.astype(np.float64)
    ends = np.concatenate([src, dst])
    degree = np.bincount(ends, minlength=n_nodes)
    strength = np.bincount(ends, weights=np.concatenate([w, w]), minlength=n_nodes)

    def significant(node: np.ndarray) -> np.ndarray:
        k = degree[node]
        p = w / strength[node]
        # A node with one edge gives no evidence either way: that edge's p-value is 1.
        pvalue = np.where(k > 1, np.power(1.0 - p, np.maximum(k - 1, 1)), 1.0)
        return pvalue < alpha

    mask: np.ndarray = significant(src) | significant(dst)
    return mask


# --------------------------------------------------------------------------- matrices


class _Matrices:
    """The corpus as sparse matrices: sentence x term and document x term (binary)."""

    def __init__(
        self,
        terms: list[str],
        index: dict[str, int],
        freq: np.ndarray,
        sentences: sparse.csr_matrix,
        documents: sparse.csr_matrix,
        sentence_doc: np.ndarray,
        sentence_pos: np.ndarray,
    ) -> None:
        self.terms = terms
        self.index = index
        self.freq = freq
        self.sentences = sentences
        self.documents = documents
        self.sentence_doc = sentence_doc
        self.sentence_pos = sentence_pos


def _matrices(corpus: Corpus) -> _Matrices:
    import numpy as np
    from scipy import sparse

    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    occurrences: list[int] = []
    sentence_doc: list[int] = []
    sentence_pos: list[int] = []
    row = 0
    for d, document in enumerate(corpus.documents):
        for k, sentence in enumerate(document.sentences):
            ids = [index.setdefault(term, len(index)) for term in sentence.concepts]
            occurrences.extend(ids)
            unique = set(ids)
            rows.extend([row] * len(unique))
            cols.extend(unique)
            sentence_doc.append(d)
            sentence_pos.append(k)
            row += 1
    n_terms = len(index)
    data = np.ones(len(rows), dtype=np.int32)
    S = sparse.csr_matrix((data, (rows, cols)), shape=(row, n_terms), dtype=np.int32)
    doc_of = np.asarray(sentence_doc, dtype=np.int64)
    M = sparse.csr_matrix(
        (np.ones(row, dtype=np.int32), (doc_of, np.arange(row))),
        shape=(len(corpus.documents), row),
        dtype=np.int32,
    )
    D = (M @ S).tocsr()
    D.data[:] = 1
    freq = np.bincount(np.asarray(occurrences, dtype=np.int64), minlength=n_terms)
    terms = [""] * n_terms
    for term, i in index.items():
        terms[i] = term
    return _Matrices(terms, index, freq, S, D, doc_of, np.asarray(sentence_pos, dtype=np.int64))


def _top_terms(
    terms: list[str], doc_freq: np.ndarray, freq: np.ndarray, top: int, wanted: list[str]
) -> list[int]:
    """Column ids of the `top` terms by (records, occurrences, term) plus `wanted`, by term."""
    ranked = sorted(range(len(terms)), key=lambda i: (-int(doc_freq[i]), -int(freq[i]), terms[i]))
    chosen = set(ranked[:top])
    index = {t: i for i, t in enumerate(terms)}
    chosen.update(index[t] for t in wanted)
    return sorted(chosen, key=lambda i: terms[i])


class _Evidence:
    """Per kept edge: the documents and the global sentence ids behind it."""

    def __init__(self, docs: list[np.ndarray], sentences: list[np.ndarray]) -> None:
        self.docs = docs
        self.sentences = sentences


def _evidence(
    mats: _Matrices, window: str, node_cols: list[int], src: np.ndarray, dst: np.ndarray
) -> _Evidence:
    """Find, with sparse products, the units where each edge's two terms occur together."""
    import numpy as np

    n_edges = len(src)
    if n_edges == 0:
        return _Evidence([], [])
    S = mats.sentences.tocsc()[:, node_cols]
    if window == "sentence":
        both = S[:, src].multiply(S[:, dst]).tocsc()
        sent_lists = _columns(both, n_edges)
        doc_lists = [np.unique(mats.sentence_doc[s]) for s in sent_lists]
        return _Evidence(doc_lists, sent_lists)
    D = mats.documents.tocsc()[:, node_cols]
    docs_both = D[:, src].multiply(D[:, dst]).tocsc()
    doc_lists = _columns(docs_both, n_edges)
    # Quote the sentences that mention either concept, in the records where both occur.
    either = (S[:, src] + S[:, dst]).tocoo()
    sent, edge = either.row.astype(np.int64), either.col.astype(np.int64)
    n_docs = mats.documents.shape[0]
    edge_keys = np.repeat(np.arange(n_edges, dtype=np.int64), [len(d) for d in doc_lists])
    allowed = np.unique(edge_keys * n_docs + np.concatenate(doc_lists))
    keys = edge * n_docs + mats.sentence_doc[sent]
    ok = np.isin(keys, allowed)
    sent, edge = sent[ok], edge[ok]
    order = np.lexsort((sent, edge))
    sent, edge = sent[order], edge[order]
    bounds = np.searchsorted(edge, np.arange(n_edges + 1))
    sent_lists = [sent[bounds[e] : bounds[e + 1]] for e in range(n_edges)]
    return _Evidence(doc_lists, sent_lists)


def _columns(matrix: sparse.csc_matrix, n_cols: int) -> list[np.ndarray]:
    """Row ids of the non-zeros of each column, sorted."""
    import numpy as np

    matrix.sort_indices()
    indptr, indices = matrix.indptr, matrix.indices.astype(np.int64)
    return [indices[indptr[e] : indptr[e + 1]] for e in range(n_cols)]


def _evidence_tables(
    corpus: Corpus, assignment: SectorAssignment, mats: _Matrices, evidence: _Evidence
) -> tuple[
    tuple[RecordRef, ...],
    tuple[EvidenceSentence, ...],
    list[tuple[int, ...]],
    list[tuple[int, ...]],
]:
    """Number the cited records and sentences in corpus order; edges refer to them by index."""
    import numpy as np

    all_docs = (
        np.unique(np.concatenate(evidence.docs)) if evidence.docs else np.empty(0, dtype=np.int64)
    )
    all_sents = (
        np.unique(np.concatenate(evidence.sentences))
        if evidence.sentences
        else np.empty(0, dtype=np.int64)
    )
    sector_of = {item.id: item.sectors for item in assignment.records}
    records = []
    for d in all_docs:
        record = corpus.records[int(d)]
        records.append(
            RecordRef(record.id, record.label, record.year, sector_of.get(record.id, ()))
        )
    doc_local = {int(d): i for i, d in enumerate(all_docs)}
    sentences = []
    for g in all_sents:
        d = int(mats.sentence_doc[g])
        k = int(mats.sentence_pos[g])
        sentences.append(EvidenceSentence(doc_local[d], k, corpus.documents[d].sentences[k].text))
    sent_local = np.full(len(mats.sentence_doc), -1, dtype=np.int64)
    sent_local[all_sents] = np.arange(len(all_sents))
    edge_records = [tuple(doc_local[int(d)] for d in docs) for docs in evidence.docs]
    edge_sentences = [tuple(int(i) for i in sent_local[s]) for s in evidence.sentences]
    return tuple(records), tuple(sentences), edge_records, edge_sentences


# --------------------------------------------------------------------------- node facts


def _sector_keys(assignment: SectorAssignment) -> list[str]:
    keys = [s.key for s in assignment.sectors]
    extra = sorted({k for r in assignment.records for k in r.sectors} - set(keys))
    return keys + extra


def _sector_label(assignment: SectorAssignment, key: str) -> str:
    label = assignment.label(key)
    # Records that match no sector lexicon are "general"; show that in Chinese like the others.
    return GENERAL_LABEL if key == "general" and label == key else label


def _node_sectors(
    mats: _Matrices, node_cols: list[int], assignment: SectorAssignment, keys: list[str]
) -> list[tuple[tuple[str, int], ...]]:
    import numpy as np
    from scipy import sparse

    column = {k: j for j, k in enumerate(keys)}
    rows, cols = [], []
    for d, item in enumerate(assignment.records):
        for key in item.sectors:
            rows.append(d)
            cols.append(column[key])
    G = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)),
        shape=(mats.documents.shape[0], len(keys)),
    )
    counts = (mats.documents.tocsc()[:, node_cols].T @ G).toarray()
    return [
        tuple((keys[j], int(n)) for j, n in enumerate(counts[i]) if n > 0)
        for i in range(len(node_cols))
    ]


def _node_years(
    corpus: Corpus, mats: _Matrices, node_cols: list[int]
) -> list[tuple[int | None, int | None, float | None]]:
    import numpy as np

    years = np.array(
        [np.nan if r.year is None else float(r.year) for r in corpus.records], dtype=np.float64
    )
    if not np.isfinite(years).any():
        return [(None, None, None)] * len(node_cols)
    D = mats.documents.tocsc()[:, node_cols]
    D.sort_indices()
    out: list[tuple[int | None, int | None, float | None]] = []
    for i in range(len(node_cols)):
        ys = years[D.indices[D.indptr[i] : D.indptr[i + 1]]]
        ys = ys[np.isfinite(ys)]
        if len(ys) == 0:
            out.append((None, None, None))
        else:
            out.append((int(ys.min()), int(ys.max()), round(float(ys.mean()), 2)))
    return out


# --------------------------------------------------------------------------- checks


def check_settings(settings: GraphSettings) -> None:
    """Raise UsageError when a graph setting is out of range (before any work is done)."""
    if settings.top < 1:
        raise UsageError(message("error.graph_top", value=settings.top))
    if settings.min_count < 0:
        raise UsageError(message("error.graph_min_count", value=settings.min_count))
    backbone_value(settings.backbone)  # 'auto', 'off' or an alpha in (0, 1), else UsageError
    if settings.resolution <= 0:
        raise UsageError(
            message("error.setting_positive", name="graph.resolution", value=settings.resolution)
        )
    if settings.betweenness_budget < 1:
        raise UsageError(
            message(
                "error.setting_positive",
                name="graph.betweenness_budget",
                value=settings.betweenness_budget,
            )
        )


def _warnings(stats: GraphStats, count: Any, settings: GraphSettings) -> tuple[Notice, ...]:
    """The graph's warnings as catalogue notices (`graph.warn.*`; the graph also keeps them as
    English sentences)."""
    import numpy as np

    window = {"window": f"graph.window.{settings.window}"}
    if stats.records == 0 or stats.units == 0:
        return (Notice.of("graph.warn.no_text"),)
    if stats.edges == 0:
        return (Notice.of("graph.warn.no_edges", terms=window, min=settings.min_count),)
    if stats.records < 100:
        median = float(np.median(count))
        notice = Notice.of(
            "graph.warn.small",
            terms=window,
            records=stats.records,
            units=stats.units,
            median=f"{median:g}",
        )
        return (notice,)
    return ()


def _r(value: Any) -> float:
    number = float(value)
    return round(number, 6) if math.isfinite(number) else 0.0
