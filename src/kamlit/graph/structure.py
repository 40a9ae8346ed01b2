"""Structure of the concept graph: communities, centralities, layout and the thematic map.

- Communities: networkx Louvain (`louvain_communities`, seeded), on the edges' structural
  strength (the measure's weight; NPMI mapped to (npmi + 1) / 2). Numbered by size, largest
  first, ties by their first term.
- Degree centrality: degree / (n − 1). Eigenvector centrality: power iteration on the
  strength matrix plus the identity (same eigenvector, always converges), started from ones,
  unit Euclidean norm. Betweenness: networkx (Brandes), normalised, on hops, weights ignored,
  as Gephi and CiteSpace report it. It is exact while nodes × edges ≤ `betweenness_budget`
  (2,000,000: the default 150-term graphs are far below it); above it, it is estimated from
  k = budget // edges pivot nodes (at least 50, at most n; `k=`, `seed=`), which keeps a
  2,000-term, 27,000-link graph at a few seconds instead of minutes.
- Layout: Fruchterman–Reingold (vectorised numpy, seeded start), each connected component on
  its own, packed around the largest (see `layout`); weights scaled to (0, 1]. 100 iterations,
  fewer above 1,000 nodes (100 · 1000 / n, at least 30).
- Thematic map (Callon et al. 1991, as bibliometrix's `thematicMap`): on association strength
  weights a_ij whatever the graph's measure, for a community K with n_K terms
    centrality_K = Σ a_ij over edges with exactly one end in K
    density_K    = 100 · Σ a_ij over edges with both ends in K / n_K
  Both are ranked (average ranks, 1 = lowest); a theme is "high" on an axis when its rank is
  at least the mean rank. Quadrants: motor (high centrality, high density), niche (low, high),
  emerging or declining (low, low), basic (high, low).
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kamlit.graph.model import Quadrant, Theme
from kamlit.settings import GraphSettings

if TYPE_CHECKING:
    import numpy as np

LABEL_TERMS = 3
MIN_PIVOTS = 50
# Ideal edge length relative to networkx's 1/sqrt(n): a little more room keeps hub labels apart.
SPREAD = 1.5


@dataclass(frozen=True)
class Structure:
    """Per-node structure (in node order) and the themes."""

    community: tuple[int, ...]
    degree_centrality: tuple[float, ...]
    betweenness: tuple[float, ...]
    eigenvector: tuple[float, ...]
    positions: tuple[tuple[float, float], ...]
    themes: tuple[Theme, ...]
    betweenness_mode: str


def analyse_structure(
    terms: Sequence[str],
    src: np.ndarray,
    dst: np.ndarray,
    strength: np.ndarray,
    *,
    association: np.ndarray,
    freq: Sequence[int],
    settings: GraphSettings,
    seed: int,
    timings: MutableMapping[str, float] | None = None,
) -> Structure:
    """Compute communities, centralities, layout and themes of a graph given as edge arrays."""
    import networkx as nx

    timings = timings if timings is not None else {}
    n = len(terms)
    top = float(strength.max()) if len(strength) else 1.0
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for a, b, w in zip(src.tolist(), dst.tolist(), strength.tolist(), strict=True):
        graph.add_edge(a, b, weight=w, layout=w / top)

    clock = time.perf_counter()
    community = communities(graph, terms, resolution=settings.resolution, seed=seed)
    timings["communities"] = time.perf_counter() - clock

    clock = time.perf_counter()
    degree_c = [0.0] * n if n < 2 else [graph.degree(i) / (n - 1) for i in range(n)]
    m = graph.number_of_edges()
    if n * m <= settings.betweenness_budget:
        between = nx.betweenness_centrality(graph, normalized=True)
        mode = "exact"
    else:
        k = min(n, max(MIN_PIVOTS, settings.betweenness_budget // max(m, 1)))
        between = nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)
        mode = f"sampled k={k} seed={seed}"
    eigen = eigenvector_centrality(n, src, dst, strength)
    timings["centralities"] = time.perf_counter() - clock

    clock = time.perf_counter()
    themes = thematic_map(terms, src, dst, association, community, freq)
    timings["thematic"] = time.perf_counter() - clock

    clock = time.perf_counter()
    positions = layout(graph, terms, seed=seed)
    timings["layout"] = time.perf_counter() - clock
    return Structure(
        community=tuple(community),
        degree_centrality=tuple(degree_c),
        betweenness=tuple(float(between[i]) for i in range(n)),
        eigenvector=tuple(float(v) for v in eigen),
        positions=tuple((float(positions[i][0]), float(positions[i][1])) for i in range(n)),
        themes=themes,
        betweenness_mode=mode,
    )


def layout(graph: object, terms: Sequence[str], *, seed: int) -> dict[int, np.ndarray]:
    """Seeded spring layout per connected component, components packed around the largest.

    One spring layout of a disconnected graph throws the small components to the edges and
    squeezes the large one into the middle; laying each out alone, at a radius growing with
    the square root of its size (same density everywhere), and shelving the small ones in
    rows under the largest keeps every label readable. Positions end up within [-1, 1].
    """
    import networkx as nx
    import numpy as np

    assert isinstance(graph, nx.Graph)
    comps = sorted(
        (sorted(c) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), terms[c[0]]),
    )
    pos: dict[int, np.ndarray] = {}
    gap = 1.0
    row_x = row_y = row_h = width = 0.0
    for rank, comp in enumerate(comps):
        radius = float(np.sqrt(len(comp)))
        local = _component_layout(graph, comp, seed=seed)
        if rank == 0:
            centre = np.zeros(2)
            width = max(2.0 * radius, 4.0)
            row_x, row_y = -width / 2.0, -radius - 2.0 * gap
        else:
            if row_x > -width / 2.0 and row_x + 2.0 * radius > width / 2.0:
                row_x, row_y, row_h = -width / 2.0, row_y - row_h - gap, 0.0
            centre = np.array([row_x + radius, row_y - radius])
            row_x += 2.0 * radius + gap
            row_h = max(row_h, 2.0 * radius)
        for node, xy in local.items():
            pos[node] = centre + radius * xy
    if pos:
        points = np.array([pos[i] for i in sorted(pos)])
        mid = (points.max(axis=0) + points.min(axis=0)) / 2.0
        half = float(np.abs(points - mid).max()) or 1.0
        pos = {i: (xy - mid) / half for i, xy in pos.items()}
    return pos


def _component_layout(graph: object, nodes: list[int], *, seed: int) -> dict[int, np.ndarray]:
    """Positions of one component within the unit disc."""
    import networkx as nx
    import numpy as np

    assert isinstance(graph, nx.Graph)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    if len(nodes) == 2:
        return {nodes[0]: np.array([-0.5, 0.0]), nodes[1]: np.array([0.5, 0.0])}
    local = {node: k for k, node in enumerate(nodes)}
    edges = [(local[a], local[b], w) for a, b, w in graph.subgraph(nodes).edges(data="layout")]
    edges.sort()
    points = fruchterman_reingold(
        len(nodes),
        np.array([a for a, _, _ in edges], dtype=np.int64),
        np.array([b for _, b, _ in edges], dtype=np.int64),
        np.array([w for _, _, w in edges], dtype=np.float64),
        seed=seed,
    )
    points -= points.mean(axis=0)
    scale = float(np.linalg.norm(points, axis=1).max()) or 1.0
    return {node: points[k] / scale for k, node in enumerate(nodes)}


def fruchterman_reingold(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    *,
    seed: int,
    iterations: int | None = None,
    block: int = 2048,
) -> np.ndarray:
    """Force-directed positions (n × 2): repulsion k²/d between all pairs, attraction w·d²/k.

    The same model and cooling schedule as networkx's spring layout, written with numpy so the
    all-pairs repulsion runs in blocks of rows instead of networkx's per-node Python loop
    (which it uses from 500 nodes on and which takes tens of seconds at 2,000).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if iterations is None:
        iterations = 100 if n <= 1000 else max(30, 100 * 1000 // n)
    k = SPREAD * float(np.sqrt(1.0 / n))
    temperature = 0.1
    cool = temperature / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    kk = k * k
    for _ in range(iterations):
        disp_x = np.empty(n)
        disp_y = np.empty(n)
        for lo in range(0, n, block):
            hi = min(lo + block, n)
            dx = x[lo:hi, None] - x[None, :]
            dy = y[lo:hi, None] - y[None, :]
            force = kk / np.maximum(dx * dx + dy * dy, 1e-4)
            disp_x[lo:hi] = (dx * force).sum(axis=1)
            disp_y[lo:hi] = (dy * force).sum(axis=1)
        if len(src):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            pull = weight * np.maximum(np.sqrt(ex * ex + ey * ey), 0.01) / k
            px, py = ex * pull, ey * pull
            disp_x -= np.bincount(src, weights=px, minlength=n)
            disp_x += np.bincount(dst, weights=px, minlength=n)
            disp_y -= np.bincount(src, weights=py, minlength=n)
            disp_y += np.bincount(dst, weights=py, minlength=n)
        step = temperature / np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), 0.01)
        x += disp_x * step
        y += disp_y * step
        temperature -= cool
    pos = np.column_stack([x, y])
    return pos


def communities(graph: object, terms: Sequence[str], *, resolution: float, seed: int) -> list[int]:
    """Louvain communities numbered by size (largest first, ties by first term)."""
    import networkx as nx

    assert isinstance(graph, nx.Graph)
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    groups = sorted(
        (sorted(group) for group in found), key=lambda g: (-len(g), min(terms[i] for i in g))
    )
    out = [0] * len(terms)
    for cid, group in enumerate(groups):
        for i in group:
            out[i] = cid
    return out


def eigenvector_centrality(
    n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray, *, tol: float = 1e-10
) -> np.ndarray:
    """Eigenvector centrality by power iteration on (A + I), deterministic, unit L2 norm."""
    import numpy as np
    from scipy import sparse

    if n == 0:
        return np.zeros(0)
    A = sparse.coo_matrix(
        (
            np.concatenate([weight, weight]),
            (np.concatenate([src, dst]), np.concatenate([dst, src])),
        ),
        shape=(n, n),
    ).tocsr()
    if A.nnz == 0:
        return np.zeros(n)
    x = np.ones(n) / np.sqrt(n)
    for _ in range(10_000):
        nxt = A @ x + x
        nxt /= np.linalg.norm(nxt)
        if np.abs(nxt - x).sum() < n * tol:
            x = nxt
            break
        x = nxt
    result: np.ndarray = x
    return result


def thematic_map(
    terms: Sequence[str],
    src: np.ndarray,
    dst: np.ndarray,
    association: np.ndarray,
    community: Sequence[int],
    freq: Sequence[int],
) -> tuple[Theme, ...]:
    """Callon centrality and density of each community, ranked into the four quadrants."""
    import numpy as np

    k = max(community) + 1 if len(community) else 0
    if k == 0:
        return ()
    comm = np.asarray(community, dtype=np.int64)
    ca, cb = comm[src], comm[dst]
    internal = np.bincount(ca[ca == cb], weights=association[ca == cb], minlength=k)
    cross = ca != cb
    external = np.bincount(ca[cross], weights=association[cross], minlength=k) + np.bincount(
        cb[cross], weights=association[cross], minlength=k
    )
    sizes = np.bincount(comm, minlength=k)
    centrality = external
    density = 100.0 * internal / sizes
    c_rank = average_ranks(np.round(centrality, 9))
    d_rank = average_ranks(np.round(density, 9))
    c_mean, d_mean = float(c_rank.mean()), float(d_rank.mean())
    themes = []
    for cid in range(k):
        members = [i for i in range(len(terms)) if community[i] == cid]
        members.sort(key=lambda i: (-freq[i], terms[i]))
        high_c = c_rank[cid] >= c_mean
        high_d = d_rank[cid] >= d_mean
        quadrant: Quadrant = (
            ("motor" if high_d else "basic") if high_c else ("niche" if high_d else "emerging")
        )
        themes.append(
            Theme(
                community=cid,
                label="、".join(terms[i] for i in members[:LABEL_TERMS]),
                terms=tuple(terms[i] for i in members),
                size=len(members),
                freq=int(sum(freq[i] for i in members)),
                centrality=round(float(centrality[cid]), 6),
                density=round(float(density[cid]), 6),
                centrality_rank=float(c_rank[cid]),
                density_rank=float(d_rank[cid]),
                quadrant=quadrant,
            )
        )
    return tuple(themes)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank (R's `rank`, scipy's 'average')."""
    import numpy as np

    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_vals = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks
