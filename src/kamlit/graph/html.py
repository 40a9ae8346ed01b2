"""The offline concept-graph page: one HTML file, vis-network inlined, data as JSON, no network.

The page (jinja2 template `data/templates/graph.html`, CSS and script in `data/graph/`) reads
its data from `<script type="application/json" id="graph-data">` (with `<`, `>` and `&`
escaped as \\u003c… so no text can close the script element) and its messages, in the page's
language (`kamlit.i18n`), from `kamlit-i18n`. It draws the graph with vis-network, vendored as
package data with its licence (`data/vendor/vis-network/`), at the precomputed positions with
physics off, and builds every piece of text it shows with `textContent`, never `innerHTML`.
The subset of kamlit's CJK font that the page's text needs is embedded, so Chinese shows on
any machine. `window.kamlitGraph` exposes `select(term)`, `selectEdge(a, b)` and the network,
so tests and curious students can drive it from the console.

The page's size does not grow with the corpus. The structure (nodes, edges) is bounded by the
graph settings (`graph.top` nodes); the evidence, which grows with the corpus, is capped: each
link embeds at most `EDGE_SENTENCES` of its sentences (fewer when the graph has so many links
that `SENTENCE_BUDGET` would be exceeded, never fewer than `MIN_EDGE_SENTENCES`), chosen by
`pick_sentences`, and only the records those sentences cite. Every link carries its true
totals (`nr` records, `ns` sentences) and the sectors of all its records (`sec`, for the sector
filter), so the page says "showing 20 of 3,412 sentences" and points to `graph_evidence.jsonl`
and `kamlit graph show`, which have them all.
"""

from __future__ import annotations

import math
from typing import Any

from kamlit.graph.colors import MIXED_COLOR, community_color, sector_colors
from kamlit.graph.model import EVIDENCE_FILE, ConceptGraph, Edge
from kamlit.i18n import Catalogue, catalogue
from kamlit.templates import asset, render_page

QUADRANTS = ("motor", "basic", "niche", "emerging")
# At most this many sentences of one link are embedded in the page.
EDGE_SENTENCES = 20
# Sentences embedded over all links (counted per link); with more links than
# SENTENCE_BUDGET / EDGE_SENTENCES each link gets fewer, but at least MIN_EDGE_SENTENCES.
SENTENCE_BUDGET = 15_000
MIN_EDGE_SENTENCES = 3


def edge_sentence_cap(edges: int) -> int:
    """How many sentences of each link the page embeds when the graph has `edges` links."""
    if edges <= 0:
        return EDGE_SENTENCES
    return max(MIN_EDGE_SENTENCES, min(EDGE_SENTENCES, SENTENCE_BUDGET // edges))


def pick_sentences(graph: ConceptGraph, edge: Edge, cap: int) -> tuple[int, ...]:
    """The sentences of a link the page shows (indices into graph.sentences, corpus order).

    All of them when there are at most `cap`; else one sentence per record first (the
    record's first sentence behind the link), `cap` of those spread evenly over the corpus
    order, so the sample spans the corpus rather than its first files; when fewer than
    `cap` records are behind the link, their first sentences and then the others in corpus
    order.
    """
    held = edge.sentences
    if len(held) <= cap:
        return held
    firsts: list[int] = []
    seen: set[int] = set()
    for i in held:
        record = graph.sentences[i].record
        if record not in seen:
            seen.add(record)
            firsts.append(i)
    if len(firsts) >= cap:
        picked = [firsts[(j * len(firsts)) // cap] for j in range(cap)]
    else:
        chosen = set(firsts)
        picked = firsts + [i for i in held if i not in chosen][: cap - len(firsts)]
    return tuple(sorted(picked))


def vis_network_js() -> str:
    """Return vis-network's minified JavaScript, vendored in kamlit's package data."""
    return str(asset("vendor/vis-network/vis-network.min.js"))


def page_data(
    graph: ConceptGraph,
    *,
    record_page: str | None = None,
    lang: str = "zh",
    evidence_file: str = EVIDENCE_FILE,
) -> dict[str, Any]:
    """Return the compact data the page draws: nodes, edges, sentences, records, legends.

    Sentences and records are the capped sample (`pick_sentences`); each edge's `nr` and `ns`
    are its true totals. `record_page` (e.g. `../index.html` inside a run folder) makes record
    ids links to `<record_page>#rec-<id>`; `lang` is the language of the labels (zh, en or
    auto); `evidence_file` the file beside the page that holds every sentence.
    """
    cat = catalogue(lang)
    index = {node.term: i for i, node in enumerate(graph.nodes)}
    sector_keys = [k for k, _ in graph.sectors]
    sector_rank = {k: i for i, k in enumerate(sector_keys)}
    colors = sector_colors(sector_keys)
    used_sectors = {k for n in graph.nodes for k in n.sectors}
    strengths = [_structural(graph, e.weight) for e in graph.edges]
    top_strength = max(strengths, default=1.0) or 1.0
    n = max(len(graph.nodes), 1)
    scale = max(320.0, 70.0 * math.sqrt(n))
    cap = edge_sentence_cap(len(graph.edges))
    picked = [pick_sentences(graph, e, cap) for e in graph.edges]
    # Only the sentences and records the sample cites, renumbered in corpus order.
    kept = sorted({i for p in picked for i in p})
    sentence_at = {old: new for new, old in enumerate(kept)}
    cited = sorted({graph.sentences[i].record for i in kept})
    record_at = {old: new for new, old in enumerate(cited)}
    capped = sum(1 for e, p in zip(graph.edges, picked, strict=True) if len(p) < len(e.sentences))
    return {
        "meta": {
            "window": graph.settings.window,
            "window_label": cat.t(f"graph.window.{graph.settings.window}"),
            "measure": graph.settings.measure,
            "measure_label": cat.t(f"graph.measure.{graph.settings.measure}"),
            "min_count": graph.settings.min_count,
            "backbone": cat.backbone(graph.settings.backbone),
            "records": graph.stats.records,
            "units": graph.stats.units,
            "nodes": graph.stats.nodes,
            "edges": graph.stats.edges,
            "warnings": cat.warnings(graph.notices, graph.warnings),
            "record_page": record_page,
            "evidence_cap": cap,
            "capped_edges": capped,
            "evidence_file": evidence_file,
        },
        "sectors": [
            {"key": k, "label": cat.sector(k, {k: label}), "color": colors[k]}
            for k, label in graph.sectors
            if k in used_sectors
        ],
        "mixed_color": MIXED_COLOR,
        "communities": [
            {
                "id": t.community,
                "label": t.label,
                "color": community_color(t.community),
                "quadrant": cat.t(f"quadrant.{t.quadrant}"),
                "size": t.size,
            }
            for t in graph.themes
        ],
        "records": [
            [r.id, r.label, r.year, list(r.sectors)] for r in (graph.records[i] for i in cited)
        ],
        "sentences": [
            [record_at[s.record], s.index, s.text] for s in (graph.sentences[i] for i in kept)
        ],
        "nodes": [
            {
                "term": node.term,
                "freq": node.freq,
                "df": node.df,
                "community": node.community,
                "sectors": [[k, c] for k, c in node.sector_counts],
                "main": node.main_sector,
                "years": [node.first_year, node.last_year],
                "degree": node.degree,
                "bc": node.betweenness,
                "ev": node.eigenvector,
                "x": round(node.x * scale, 1),
                "y": round(-node.y * scale, 1),
                **({"aliases": list(node.aliases)} if node.aliases else {}),
            }
            for node in graph.nodes
        ],
        "edges": [
            {
                "s": index[e.source],
                "t": index[e.target],
                "w": e.weight,
                "c": e.count,
                "v": round(strength / top_strength, 4),
                "nr": len(e.records),
                "ns": len(e.sentences),
                "sec": _edge_sectors(graph, e, sector_rank),
                "e": [sentence_at[i] for i in p],
                "a": 1 if e.association > 1.0 else 0,  # above chance: ranked first
            }
            for e, strength, p in zip(graph.edges, strengths, picked, strict=True)
        ],
    }


def _edge_sectors(graph: ConceptGraph, edge: Edge, rank: dict[str, int]) -> list[str]:
    """The sectors of every record behind a link, in sector order (the page's sector filter)."""
    found = {k for r in edge.records for k in graph.records[r].sectors}
    return sorted(found, key=lambda k: (rank.get(k, len(rank)), k))


def render_graph_html(
    graph: ConceptGraph,
    *,
    record_page: str | None = None,
    lang: str = "zh",
    evidence_file: str = EVIDENCE_FILE,
) -> str:
    """Return the self-contained graph.html page for a concept graph, in `lang`; the page
    names `evidence_file` as the file that holds every sentence of a capped link."""
    cat = catalogue(lang)
    top = sorted(graph.nodes, key=lambda n: (-n.freq, n.term))
    return render_page(
        "graph.html",
        html_lang=cat.html_lang,
        t=cat.t,
        title=cat.t("graph.title", nodes=graph.stats.nodes, edges=graph.stats.edges),
        example=top[0].term if top else "",
        quadrants=QUADRANTS,
        data=page_data(graph, record_page=record_page, lang=cat.lang, evidence_file=evidence_file),
        messages=_messages(cat),
    )


def _messages(cat: Catalogue) -> dict[str, str]:
    return {**cat.subset("graph.js."), "hint": cat.t("graph.hint")}


def _structural(graph: ConceptGraph, weight: float) -> float:
    if graph.settings.measure == "npmi":
        return (weight + 1.0) / 2.0
    return max(weight, 0.0)
