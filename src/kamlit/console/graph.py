"""Show the concept graph (`graph build`'s summary tables) and one concept's neighbours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kamlit.console import stderr_console, stdout_console

if TYPE_CHECKING:
    from pathlib import Path

    from kamlit.graph import ConceptGraph, Neighbourhood


def render_graph(graph: ConceptGraph, out: Path, written: list[Path], notes: list[str]) -> None:
    """The graph's facts, the filtering funnel, the most connected concepts and the themes."""
    console = stdout_console()
    s, st = graph.settings, graph.stats
    console.print(
        f"{st.nodes} concepts, {st.edges} links from {st.records} records ({st.units} "
        f"{s.window}s); weight: {s.measure}; min count {s.min_count}; backbone {s.backbone}; "
        f"{st.communities} communities; betweenness {st.betweenness}",
        markup=False,
        soft_wrap=True,
    )
    console.print(
        f"filtering: {st.concepts} distinct concepts → top {st.candidates} → {st.pairs} "
        f"co-occurring pairs → {st.edges_min_count} with count ≥ {s.min_count} → "
        f"{st.edges_backbone} after the backbone → {st.nodes} linked concepts",
        markup=False,
        soft_wrap=True,
    )
    table = Table(title="Most connected concepts", header_style="bold")
    for col in ("concept", "freq", "records", "degree", "betweenness", "community", "sectors"):
        table.add_column(col, justify="left" if col in ("concept", "sectors") else "right")
    labels = dict(graph.sectors)
    ranked = sorted(graph.nodes, key=lambda n: (-n.degree, -n.freq, n.term))[:15]
    for node in ranked:
        table.add_row(
            node.term,
            str(node.freq),
            str(node.df),
            str(node.degree),
            f"{node.betweenness:.3f}",
            str(node.community + 1),
            "、".join(f"{labels.get(k, k)} {n}" for k, n in node.sector_counts),
        )
    console.print(table)
    themes = Table(title="Thematic map (Callon centrality × density)", header_style="bold")
    for col in ("community", "theme", "quadrant", "centrality", "density", "concepts"):
        themes.add_column(col, justify="left" if col in ("theme", "quadrant") else "right")
    from kamlit.graph.model import QUADRANT_LABELS

    for t in graph.themes:
        themes.add_row(
            str(t.community + 1),
            t.label,
            f"{QUADRANT_LABELS[t.quadrant]} ({t.quadrant})",
            f"{t.centrality:.3f}",
            f"{t.density:.3f}",
            str(t.size),
        )
    console.print(themes)
    for note in notes:
        console.print(f"warning: {note}", markup=False, soft_wrap=True, style="yellow")
    names = ", ".join(p.name for p in written)
    console.print(f"written to {out}/: {names}", markup=False, soft_wrap=True)


def render_neighbours(hood: Neighbourhood, *, limit: int, quotes: int) -> None:
    """A concept's neighbours, strongest first, each with the sentences behind the link."""
    console = stdout_console()
    node = hood.node
    alias = f" (you typed {hood.query})" if hood.query != hood.term else ""
    seen = f"occurs {node.freq} times in {node.df} records"
    if hood.occurrences:
        total = sum(n for _, n in hood.occurrences)
        seen = (
            f"occurs {total} times in {len(hood.occurrences)} records' titles and abstracts "
            f"(as kwic finds it, inside longer words too), {node.freq} times in {node.df} "
            "records as a word of its own"
        )
    console.print(
        Text.assemble(
            (hood.term, "bold"),
            f"{alias}: {len(hood.neighbours)} neighbours, strongest evidence first (above chance, "
            f"then most co-occurrences, then {hood.measure} weight; {hood.window} window); "
            f"{seen}",
        ),
        soft_wrap=True,
    )
    if not hood.neighbours:
        console.print(
            f"no links: {hood.term} co-occurs fewer than {hood.min_count} times per "
            f"{hood.window} with every other concept of the graph (try --min-count 1 or "
            "--window document)",
            markup=False,
            soft_wrap=True,
        )
    shown = hood.neighbours[:limit] if limit else hood.neighbours
    for rank, nb in enumerate(shown, start=1):
        e = nb.edge
        console.print(
            f"\n[bold]{rank}. {escape(nb.term)}[/bold]  count {e.count}, weight {e.weight:g}  "
            f"(G² {nb.evidence:.1f}, association {e.association:g}, jaccard {e.jaccard:g}, "
            f"npmi {e.npmi:g}; {len(e.records)} records)",
            soft_wrap=True,
        )
        picked = nb.quotes[:quotes] if quotes else nb.quotes
        for q in picked:
            console.print(Text.assemble("   「", q.text, "」"), soft_wrap=True)
            year = f", {q.year}" if q.year else ""
            console.print(Text(f"      — {q.id}: {q.label}{year}", style="dim"), soft_wrap=True)
        if len(nb.quotes) > len(picked):
            console.print(
                Text(f"   … {len(nb.quotes) - len(picked)} more (--quotes 0)", style="dim"),
                soft_wrap=True,
            )
    if len(hood.neighbours) > len(shown):
        console.print(
            f"\n… {len(hood.neighbours) - len(shown)} more neighbours (--limit 0 shows all)",
            markup=False,
        )


# --------------------------------------------------------------------------- end graph


def render_warnings(notes: list[str]) -> None:
    """The graph's warnings on stderr, for when stdout carries JSON."""
    for note in notes:
        stderr_console().print(f"warning: {note}", markup=False, soft_wrap=True)
