"""Write a ConceptGraph to the formats other tools read, plus the thematic map and the HTML page.

Files (node ids are the concept terms unless said otherwise):

- `graph.gexf`, `graph.graphml`: typed scalar attributes (lists joined with ';'); GEXF carries
  `viz` positions, sizes and community colours for Gephi.
- `graph.net`: Pajek; vertices numbered 1..n in term order with coordinates scaled to [0, 1];
  edge values are the graph's weights.
- `vosviewer_map.txt` / `vosviewer_network.txt`: VOSviewer's tab-separated map file (header
  `id label x y cluster weight<…> … score<…> …`, ids 1..n in term order, cluster = community + 1)
  and network file (`id1 id2 strength`, no header). The strength is the raw co-occurrence
  count, because VOSviewer normalises counts itself (association strength by default).
- `nodes.csv`, `edges.csv`, `thematic_map.csv`: written by `kamlit.tables` (UTF-8 with a
  byte-order mark, so Excel shows the Chinese; lists joined with ';'), columns documented there.
- `graph.json`: the node-link structure (`kamlit.graph.model.graph_to_dict` with the evidence
  in a file): nodes, edges with their measures and evidence totals, themes; its size depends on
  the number of nodes and edges, not on the corpus.
- `graph_evidence.jsonl`: every record id and sentence behind every edge, one edge per line
  (`kamlit.graph.model.evidence_lines`); the one graph file that grows with the corpus.
  `read_graph` reads both back into the complete graph.
- `thematic_map.png`: the thematic map (matplotlib, CJK font from `kamlit.fonts`).
- `graph.html`: the offline page (`kamlit.graph.html`).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kamlit.graph.colors import community_color
from kamlit.graph.model import (
    EVIDENCE_FILE,
    QUADRANT_LABELS,
    ConceptGraph,
    edge_attributes,
    evidence_lines,
    graph_to_dict,
    node_attributes,
)
from kamlit.i18n import Catalogue
from kamlit.io import atomic_write_bytes, atomic_write_text, dumps_json, dumps_jsonl
from kamlit.tables import csv_text, header

NODE_COLUMNS = header("graph/nodes.csv")
EDGE_COLUMNS = header("graph/edges.csv")
THEME_COLUMNS = header("graph/thematic_map.csv")
_LASTMODIFIED = re.compile(rb'\s+lastmodifieddate="[^"]*"')


def write_graph(
    graph: ConceptGraph,
    out_dir: str | Path,
    *,
    html: bool = True,
    record_page: str | None = None,
    lang: str = "zh",
    figure_format: str = "png",
    data_files: bool = True,
) -> list[Path]:
    """Write every export of the graph into `out_dir`; return the paths written.

    `data_files=False` leaves graph.json and graph_evidence.jsonl as they are (`kamlit report`
    re-renders the pages of a run folder from them and never rewrites a run's results); the
    page then names graph_evidence.jsonl as the home of every sentence when it is there, else
    graph.json (a run folder of an older kamlit, evidence inline).

    `record_page` (e.g. `../index.html` in a run folder) turns record ids in graph.html into
    links to that page's record rows. `lang` is the language of graph.html and the thematic
    map; the map is always a 300 dpi PNG, plus `thematic_map.svg` or `.pdf` when
    `figure_format` asks for one.
    """
    out = Path(out_dir)
    written = []
    if data_files:
        written += [
            atomic_write_text(
                out / "graph.json", dumps_json(graph_to_dict(graph, evidence=EVIDENCE_FILE))
            ),
            atomic_write_text(out / EVIDENCE_FILE, dumps_jsonl(evidence_lines(graph))),
        ]
    evidence_file = EVIDENCE_FILE if (out / EVIDENCE_FILE).is_file() else "graph.json"
    written += [
        atomic_write_bytes(out / "graph.gexf", gexf_bytes(graph)),
        atomic_write_bytes(out / "graph.graphml", graphml_bytes(graph)),
        atomic_write_text(out / "graph.net", pajek_text(graph)),
        atomic_write_text(out / "vosviewer_map.txt", vosviewer_map_text(graph)),
        atomic_write_text(out / "vosviewer_network.txt", vosviewer_network_text(graph)),
        atomic_write_text(out / "nodes.csv", nodes_csv(graph)),
        atomic_write_text(out / "edges.csv", edges_csv(graph)),
        atomic_write_text(out / "thematic_map.csv", themes_csv(graph)),
        atomic_write_bytes(out / "thematic_map.png", thematic_map_png(graph, lang=lang)),
    ]
    if figure_format != "png":
        figure = thematic_map_figure(graph, figure_format, lang=lang)
        written.append(atomic_write_bytes(out / f"thematic_map.{figure_format}", figure))
    if html:
        from kamlit.graph.html import render_graph_html

        page = render_graph_html(
            graph, record_page=record_page, lang=lang, evidence_file=evidence_file
        )
        written.append(atomic_write_text(out / "graph.html", page))
    return written


# --------------------------------------------------------------------------- Gephi formats


def _export_graph(graph: ConceptGraph, *, viz: bool) -> Any:
    g = graph.to_networkx()
    if viz:
        max_freq = max((n.freq for n in graph.nodes), default=1)
        for node in graph.nodes:
            color = community_color(node.community)
            g.nodes[node.term]["viz"] = {
                "position": {"x": node.x * 1000.0, "y": node.y * 1000.0, "z": 0.0},
                "size": round(5.0 + 25.0 * (node.freq / max_freq) ** 0.5, 3),
                "color": {
                    "r": int(color[1:3], 16),
                    "g": int(color[3:5], 16),
                    "b": int(color[5:7], 16),
                    "a": 1.0,
                },
            }
    return g


def gexf_bytes(graph: ConceptGraph) -> bytes:
    """Return GEXF 1.2 bytes; the writer's date stamp is dropped so output is reproducible."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(_export_graph(graph, viz=True), buffer, encoding="utf-8", prettyprint=True)
    return _LASTMODIFIED.sub(b"", buffer.getvalue())


def graphml_bytes(graph: ConceptGraph) -> bytes:
    """Return GraphML bytes with typed keys (int, double, string)."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml_xml(
        _export_graph(graph, viz=False), buffer, encoding="utf-8", prettyprint=True
    )
    return buffer.getvalue()


def pajek_text(graph: ConceptGraph) -> str:
    """Return a Pajek .net file: quoted labels with [0, 1] coordinates, then weighted edges."""
    number = {node.term: i for i, node in enumerate(graph.nodes, start=1)}
    xs = [n.x for n in graph.nodes] or [0.0]
    ys = [n.y for n in graph.nodes] or [0.0]

    def scale(v: float, lo: float, hi: float) -> float:
        return round((v - lo) / (hi - lo), 4) if hi > lo else 0.5

    lines = [f"*Vertices {len(graph.nodes)}"]
    for node in graph.nodes:
        label = _one_line(node.term).replace('"', "'")
        x = scale(node.x, min(xs), max(xs))
        # Pajek's y axis points down; flip so the picture matches the HTML page.
        y = scale(-node.y, -max(ys), -min(ys))
        lines.append(f'{number[node.term]} "{label}" {x:.4f} {y:.4f}')
    lines.append("*Edges")
    for edge in graph.edges:
        lines.append(f"{number[edge.source]} {number[edge.target]} {_num(edge.weight)}")
    return "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------- VOSviewer


def vosviewer_map_text(graph: ConceptGraph) -> str:
    """Return a VOSviewer map file (tab-separated, header line, ids 1..n)."""
    years_known = bool(graph.nodes) and all(n.mean_year is not None for n in graph.nodes)
    header = [
        "id",
        "label",
        "x",
        "y",
        "cluster",
        "weight<Links>",
        "weight<Total link strength>",
        "weight<Occurrences>",
        "weight<Documents>",
    ]
    if years_known:
        header.append("score<Avg. pub. year>")
    header.append("score<Eigenvector centrality>")
    link_strength: dict[str, int] = {n.term: 0 for n in graph.nodes}
    for edge in graph.edges:
        link_strength[edge.source] += edge.count
        link_strength[edge.target] += edge.count
    rows = ["\t".join(header)]
    for i, node in enumerate(graph.nodes, start=1):
        cluster = str(node.community + 1) if node.community < 1000 else ""
        cells = [
            str(i),
            _vos_label(node.term),
            f"{node.x:.4f}",
            f"{node.y:.4f}",
            cluster,
            str(node.degree),
            str(link_strength[node.term]),
            str(node.freq),
            str(node.df),
        ]
        if years_known:
            cells.append(f"{node.mean_year:.2f}")
        cells.append(_num(node.eigenvector))
        rows.append("\t".join(cells))
    return "\n".join(rows) + "\n"


def vosviewer_network_text(graph: ConceptGraph) -> str:
    """Return a VOSviewer network file: `id1<TAB>id2<TAB>strength` per link, no header."""
    number = {node.term: i for i, node in enumerate(graph.nodes, start=1)}
    return "".join(f"{number[e.source]}\t{number[e.target]}\t{e.count}\n" for e in graph.edges)


def _vos_label(label: str) -> str:
    text = _one_line(label)
    # VOSviewer: a label containing a comma or semicolon is enclosed in double quotes.
    if any(c in text for c in ',;"'):
        return '"' + text.replace('"', "'") + '"'
    return text


# --------------------------------------------------------------------------- CSV tables


def nodes_csv(graph: ConceptGraph) -> str:
    """Return nodes.csv: one row per concept, NODE_COLUMNS."""
    rows = []
    for node in graph.nodes:
        attrs = node_attributes(graph, node)
        attrs["term"] = node.term
        rows.append([_cell(attrs.get(col)) for col in NODE_COLUMNS])
    return _csv(NODE_COLUMNS, rows)


def edges_csv(graph: ConceptGraph) -> str:
    """Return edges.csv: one row per link, EDGE_COLUMNS (record ids joined with ';')."""
    rows = []
    for edge in graph.edges:
        attrs = edge_attributes(graph, edge)
        attrs["source"], attrs["target"] = edge.source, edge.target
        rows.append([_cell(attrs[col]) for col in EDGE_COLUMNS])
    return _csv(EDGE_COLUMNS, rows)


def themes_csv(graph: ConceptGraph) -> str:
    """Return thematic_map.csv: one row per community with Callon centrality and density."""
    rows = []
    for t in graph.themes:
        rows.append(
            [
                str(t.community),
                t.label,
                t.quadrant,
                QUADRANT_LABELS[t.quadrant],
                _num(t.centrality),
                _num(t.density),
                _num(t.centrality_rank),
                _num(t.density_rank),
                str(t.size),
                str(t.freq),
                ";".join(t.terms),
            ]
        )
    return _csv(THEME_COLUMNS, rows)


def _csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    return csv_text(columns, rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _num(value)
    return str(value)


def _num(value: float) -> str:
    """Format a number the same way everywhere: up to 6 decimals, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


# --------------------------------------------------------------------------- thematic map


def thematic_map_png(graph: ConceptGraph, *, lang: str = "zh") -> bytes:
    """Draw the thematic map (centrality rank × density rank, four quadrants) as PNG bytes."""
    return thematic_map_figure(graph, "png", lang=lang)


def thematic_map_figure(graph: ConceptGraph, fmt: str, *, lang: str = "zh") -> bytes:
    """Draw the thematic map as `fmt` (png at 300 dpi, svg or pdf) bytes, labels in `lang`."""
    import matplotlib

    from kamlit.fonts import cjk_font
    from kamlit.i18n import catalogue

    font = cjk_font()
    families = font.families if font else ["DejaVu Sans"]
    with matplotlib.rc_context({"font.family": families}):
        return _draw_thematic_map(graph, fmt, catalogue(lang), no_font=font is None)


def _draw_thematic_map(graph: ConceptGraph, fmt: str, cat: Catalogue, *, no_font: bool) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from kamlit.fonts import figure_bytes

    props = FontProperties()
    fig = Figure(figsize=(9, 7))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    themes = graph.themes
    if not themes:
        ax.text(0.5, 0.5, cat.t("figure.no_themes"), ha="center", va="center", fontproperties=props)
        ax.set_axis_off()
    else:
        xs = [t.centrality_rank for t in themes]
        ys = [t.density_rank for t in themes]
        x_mid = sum(xs) / len(xs)
        y_mid = sum(ys) / len(ys)
        x_half = max(max(xs) - x_mid, x_mid - min(xs), 0.5) * 1.4
        y_half = max(max(ys) - y_mid, y_mid - min(ys), 0.5) * 1.4
        top = max(t.freq for t in themes)
        ax.set_xlim(x_mid - x_half, x_mid + x_half)
        ax.set_ylim(y_mid - y_half, y_mid + y_half)
        ax.axvline(x_mid, color="#999999", linewidth=1, linestyle="--", zorder=1)
        ax.axhline(y_mid, color="#999999", linewidth=1, linestyle="--", zorder=1)
        for t in themes:
            ax.scatter(
                [t.centrality_rank],
                [t.density_rank],
                s=300 + 2700 * (t.freq / top),
                color=community_color(t.community),
                alpha=0.55,
                edgecolors="#333333",
                linewidths=0.6,
                zorder=2,
            )
            ax.annotate(
                "\n".join(t.terms[:3]),
                (t.centrality_rank, t.density_rank),
                ha="center",
                va="center",
                fontsize=9,
                fontproperties=props,
                zorder=3,
            )
        corners = (
            ("niche", 0.02, 0.98, "left", "top"),
            ("motor", 0.98, 0.98, "right", "top"),
            ("emerging", 0.02, 0.02, "left", "bottom"),
            ("basic", 0.98, 0.02, "right", "bottom"),
        )
        for quadrant, x, y, ha, va in corners:
            ax.text(
                x,
                y,
                cat.t(f"quadrant.{quadrant}"),
                transform=ax.transAxes,
                ha=ha,
                va=va,
                fontsize=11,
                color="#555555",
                fontproperties=props,
            )
    ax.set_xlabel(cat.t("figure.centrality"), fontproperties=props)
    ax.set_ylabel(cat.t("figure.density"), fontproperties=props)
    props_title = props.copy()
    props_title.set_size(14)
    ax.set_title(cat.t("figure.thematic_map"), fontproperties=props_title)
    with warnings.catch_warnings():
        if no_font:
            # Without a CJK font the labels become boxes; the CLI says so once, instead of
            # matplotlib warning once per missing glyph.
            warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.tight_layout()
        return figure_bytes(fig, fmt)


def read_graph(path: str | Path) -> ConceptGraph:
    """Read a graph.json written by `write_graph` back into a ConceptGraph, with the evidence
    file beside it when graph.json keeps its evidence there (version 1 files hold it inline)."""
    import json

    from kamlit.errors import InputError, detail, message, os_reason
    from kamlit.errors import text as plain_text

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(message("error.graph_unreadable", reason=os_reason(exc)), path=p) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(message("error.graph_not_json", error=plain_text(exc)), path=p) from exc
    try:
        return graph_from_saved(data, p.parent)
    except InputError as exc:
        raise InputError(exc.notice, path=exc.path or p, line=exc.line) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(message("error.graph_foreign", what=detail(exc)), path=p) from exc


def graph_from_saved(data: Any, folder: str | Path) -> ConceptGraph:
    """Rebuild a graph from graph.json's data, reading its evidence file from `folder` when
    graph.json names one; InputError (naming the file and line) when that file is unreadable,
    KeyError/ValueError when the data is malformed."""
    from kamlit.graph.model import graph_from_dict

    meta = data["graph"] if isinstance(data, dict) and isinstance(data.get("graph"), dict) else {}
    if meta.get("evidence") == EVIDENCE_FILE and meta.get("format") == "kamlit-concept-graph":
        return graph_from_dict(data, evidence=read_evidence(Path(folder) / EVIDENCE_FILE))
    return graph_from_dict(data)


def read_evidence(path: str | Path) -> list[dict[str, Any]]:
    """Read the rows of a graph_evidence.jsonl (lines split on "\\n" only: a sentence may
    hold U+2028); InputError naming the file and line when it is missing or not JSON Lines."""
    import json

    from kamlit.errors import InputError, json_reason, message, os_reason
    from kamlit.errors import text as plain_text

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            message("error.evidence_unreadable", reason=os_reason(exc)), path=p
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(message("error.not_utf8_because", error=plain_text(exc)), path=p) from exc
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                message("error.not_json", reason=json_reason(exc.msg)), path=p, line=number
            ) from exc
        if not isinstance(row, dict):
            raise InputError(message("error.not_json_object"), path=p, line=number)
        rows.append(row)
    return rows
