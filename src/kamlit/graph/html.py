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
"""

from __future__ import annotations

import math
from typing import Any

from kamlit.graph.colors import MIXED_COLOR, community_color, sector_colors
from kamlit.graph.model import ConceptGraph
from kamlit.i18n import Catalogue, catalogue
from kamlit.templates import asset, render_page

QUADRANTS = ("motor", "basic", "niche", "emerging")


def vis_network_js() -> str:
    """Return vis-network's minified JavaScript, vendored in kamlit's package data."""
    return str(asset("vendor/vis-network/vis-network.min.js"))


def page_data(
    graph: ConceptGraph, *, record_page: str | None = None, lang: str = "zh"
) -> dict[str, Any]:
    """Return the compact data the page draws: nodes, edges, sentences, records, legends.

    `record_page` (e.g. `../index.html` inside a run folder) makes record ids links to
    `<record_page>#rec-<id>`; `lang` is the language of the labels (zh, en or auto).
    """
    cat = catalogue(lang)
    index = {node.term: i for i, node in enumerate(graph.nodes)}
    sector_keys = [k for k, _ in graph.sectors]
    colors = sector_colors(sector_keys)
    used_sectors = {k for n in graph.nodes for k in n.sectors}
    strengths = [_structural(graph, e.weight) for e in graph.edges]
    top_strength = max(strengths, default=1.0) or 1.0
    n = max(len(graph.nodes), 1)
    scale = max(320.0, 70.0 * math.sqrt(n))
    return {
        "meta": {
            "window": graph.settings.window,
            "window_label": cat.t(f"graph.window.{graph.settings.window}"),
            "measure": graph.settings.measure,
            "measure_label": cat.t(f"graph.measure.{graph.settings.measure}"),
            "min_count": graph.settings.min_count,
            "backbone": graph.settings.backbone,
            "records": graph.stats.records,
            "units": graph.stats.units,
            "nodes": graph.stats.nodes,
            "edges": graph.stats.edges,
            "warnings": cat.warnings(graph.notices, graph.warnings),
            "record_page": record_page,
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
        "records": [[r.id, r.label, r.year, list(r.sectors)] for r in graph.records],
        "sentences": [[s.record, s.index, s.text] for s in graph.sentences],
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
                "r": list(e.records),
                "e": list(e.sentences),
                "a": 1 if e.association > 1.0 else 0,  # above chance: ranked first
            }
            for e, strength in zip(graph.edges, strengths, strict=True)
        ],
    }


def render_graph_html(
    graph: ConceptGraph, *, record_page: str | None = None, lang: str = "zh"
) -> str:
    """Return the self-contained graph.html page for a concept graph, in `lang`."""
    cat = catalogue(lang)
    top = sorted(graph.nodes, key=lambda n: (-n.freq, n.term))
    return render_page(
        "graph.html",
        html_lang=cat.html_lang,
        t=cat.t,
        title=cat.t("graph.title", nodes=graph.stats.nodes, edges=graph.stats.edges),
        example=top[0].term if top else "",
        quadrants=QUADRANTS,
        data=page_data(graph, record_page=record_page, lang=cat.lang),
        messages=_messages(cat),
    )


def _messages(cat: Catalogue) -> dict[str, str]:
    return {**cat.subset("graph.js."), "hint": cat.t("graph.hint")}


def _structural(graph: ConceptGraph, weight: float) -> float:
    if graph.settings.measure == "npmi":
        return (weight + 1.0) / 2.0
    return max(weight, 0.0)
