"""The offline concept-graph page: one HTML file, vis-network inlined, data as JSON, no network.

The page (template, CSS and script in `kamlit/data/graph/`) reads its data from
`<script type="application/json" id="graph-data">` (with `<`, `>` and `&` escaped as \\u003c…
so no text can close the script element), draws the graph with the vis-network build that
pyvis ships (read from the installed package, never fetched), at the precomputed positions
with physics off, and builds every piece of text it shows with `textContent`, never
`innerHTML`. `window.kamlitGraph` exposes `select(term)`, `selectEdge(a, b)` and the network,
so tests and curious students can drive it from the console.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

from kamlit.errors import KamlitError
from kamlit.graph.colors import MIXED_COLOR, community_color, sector_colors
from kamlit.graph.model import QUADRANT_LABELS, ConceptGraph

VIS_NETWORK = ("lib", "vis-9.1.2", "vis-network.min.js")
MEASURE_LABELS = {
    "association": "关联强度 association strength",
    "jaccard": "Jaccard 系数",
    "npmi": "NPMI 归一化点互信息",
    "count": "共现次数 count",
}
WINDOW_LABELS = {"sentence": "句子", "document": "文献"}


def vis_network_js() -> str:
    """Return vis-network's minified JavaScript from the installed pyvis package."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KamlitError("the graph page needs the 'pyvis' package (for vis-network.min.js)")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*VIS_NETWORK)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KamlitError(f"cannot read vis-network: {exc.strerror or exc}", path=path) from exc
    # No source map to fetch, and nothing that could end the inline script early (only
    # "</script" does; the library writes it split, this is a guard for other versions).
    # split("\n"), not splitlines(): the library holds U+0085 and U+2028 inside strings.
    lines = [ln for ln in text.split("\n") if not ln.startswith("//# sourceMappingURL=")]
    return re.sub(r"</(script)", r"<\\/\1", "\n".join(lines), flags=re.IGNORECASE)


def page_data(graph: ConceptGraph, *, record_page: str | None = None) -> dict[str, Any]:
    """Return the compact data the page draws: nodes, edges, sentences, records, legends.

    `record_page` (e.g. `../index.html` inside a run folder) makes record ids links to
    `<record_page>#rec-<id>`.
    """
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
            "window_label": WINDOW_LABELS[graph.settings.window],
            "measure": graph.settings.measure,
            "measure_label": MEASURE_LABELS[graph.settings.measure],
            "min_count": graph.settings.min_count,
            "backbone": graph.settings.backbone,
            "records": graph.stats.records,
            "units": graph.stats.units,
            "nodes": graph.stats.nodes,
            "edges": graph.stats.edges,
            "warnings": list(graph.warnings),
            "record_page": record_page,
        },
        "sectors": [
            {"key": k, "label": label, "color": colors[k]}
            for k, label in graph.sectors
            if k in used_sectors
        ],
        "mixed_color": MIXED_COLOR,
        "communities": [
            {
                "id": t.community,
                "label": t.label,
                "color": community_color(t.community),
                "quadrant": QUADRANT_LABELS[t.quadrant],
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


def render_graph_html(graph: ConceptGraph, *, record_page: str | None = None) -> str:
    """Return the self-contained graph.html page for a concept graph."""
    data = json.dumps(
        page_data(graph, record_page=record_page),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = html.escape(
        f"kamlit 概念共现网络 · {graph.stats.nodes} 个概念 · {graph.stats.edges} 条边"
    )
    assets = resources.files("kamlit").joinpath("data/graph")
    template = assets.joinpath("page.html").read_text(encoding="utf-8")
    # One pass over the template, so a placeholder-like string inside the data stays as is.
    parts = {
        "TITLE": title,
        "CSS": assets.joinpath("page.css").read_text(encoding="utf-8"),
        "DATA": data,
        "VIS": vis_network_js(),
        "APP": assets.joinpath("page.js").read_text(encoding="utf-8"),
    }
    return re.sub(r"%%(TITLE|CSS|DATA|VIS|APP)%%", lambda m: parts[m.group(1)], template)


def _structural(graph: ConceptGraph, weight: float) -> float:
    if graph.settings.measure == "npmi":
        return (weight + 1.0) / 2.0
    return max(weight, 0.0)
