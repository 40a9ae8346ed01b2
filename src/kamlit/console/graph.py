"""Show the concept graph (`graph build`'s summary tables) and one concept's neighbours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kamlit.console import messages, sector_name, stderr_console, stdout_console
from kamlit.i18n import MESSAGES

if TYPE_CHECKING:
    from pathlib import Path

    from kamlit.graph import ConceptGraph, Neighbourhood
    from kamlit.i18n import Catalogue


def render_graph(
    graph: ConceptGraph, out: Path, written: list[Path], notes: list[str], *, lang: str = "auto"
) -> None:
    """The graph's facts, the filtering funnel, the most connected concepts and the themes."""
    console = stdout_console()
    cat = messages(lang)
    s, st = graph.settings, graph.stats
    facts = cat.t(
        "cli.graph.facts",
        nodes=st.nodes,
        edges=st.edges,
        records=st.records,
        units=st.units,
        window=_window(cat, s.window),
        measure=_measure(cat, s.measure),
        min=s.min_count,
        backbone=cat.backbone(s.backbone),
        communities=st.communities,
        betweenness=st.betweenness,
    )
    console.print(facts, markup=False, soft_wrap=True)
    funnel = cat.t(
        "cli.graph.funnel",
        concepts=st.concepts,
        candidates=st.candidates,
        pairs=st.pairs,
        edges_min=st.edges_min_count,
        min=s.min_count,
        edges_backbone=st.edges_backbone,
        nodes=st.nodes,
    )
    console.print(funnel, markup=False, soft_wrap=True)
    table = Table(title=cat.t("cli.graph.top"), header_style="bold")
    for col in ("concept", "freq", "records", "degree", "betweenness", "community", "sectors"):
        left = col in ("concept", "sectors")
        table.add_column(cat.t(f"cli.graph.{col}"), justify="left" if left else "right")
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
            "、".join(
                f"{sector_name(cat, k, labels.get(k, k))} {n}" for k, n in node.sector_counts
            ),
        )
    console.print(table)
    themes = Table(title=cat.t("cli.graph.themes"), header_style="bold")
    for col in ("community", "theme", "quadrant", "centrality", "density", "concepts"):
        left = col in ("theme", "quadrant")
        themes.add_column(cat.t(f"cli.graph.{col}"), justify="left" if left else "right")
    from kamlit.graph.model import QUADRANT_LABELS

    for t in graph.themes:
        themes.add_row(
            str(t.community + 1),
            t.label,
            cat.t("cli.graph.quadrant_cell", label=QUADRANT_LABELS[t.quadrant], key=t.quadrant),
            f"{t.centrality:.3f}",
            f"{t.density:.3f}",
            str(t.size),
        )
    console.print(themes)
    for note in notes:
        line = cat.t("cli.warning", message=note)
        console.print(line, markup=False, soft_wrap=True, style="yellow")
    names = ", ".join(p.name for p in written)
    console.print(cat.t("cli.written_files", folder=out, names=names), markup=False, soft_wrap=True)


def _window(cat: Catalogue, window: str) -> str:
    """The co-occurrence unit's name (句子 / sentence) in the catalogue's language."""
    key = f"graph.window.{window}"
    return cat.t(key) if key in MESSAGES else window


def _measure(cat: Catalogue, measure: str) -> str:
    """The edge weight's name: the option value in English (as typed after --measure), the
    catalogue's name (关联强度…) in Chinese."""
    key = f"graph.measure.{measure}"
    return cat.t(key) if cat.lang != "en" and key in MESSAGES else measure


def render_neighbours(hood: Neighbourhood, *, limit: int, quotes: int, lang: str = "auto") -> None:
    """A concept's neighbours, strongest first, each with the sentences behind the link."""
    console = stdout_console()
    cat = messages(lang)
    node = hood.node
    window = _window(cat, hood.window)
    alias = cat.t("cli.graph.alias", query=hood.query) if hood.query != hood.term else ""
    seen = cat.t("cli.graph.seen", freq=node.freq, df=node.df)
    if hood.occurrences:
        seen = cat.t(
            "cli.graph.seen_kwic",
            total=sum(n for _, n in hood.occurrences),
            records=len(hood.occurrences),
            freq=node.freq,
            df=node.df,
        )
    head = cat.t(
        "cli.graph.hood",
        n=len(hood.neighbours),
        measure=_measure(cat, hood.measure),
        window=window,
        seen=seen,
    )
    console.print(Text.assemble((hood.term, "bold"), alias + head), soft_wrap=True)
    if not hood.neighbours:
        none = cat.t("cli.graph.no_links", term=hood.term, min=hood.min_count, window=window)
        console.print(none, markup=False, soft_wrap=True)
    shown = hood.neighbours[:limit] if limit else hood.neighbours
    for rank, nb in enumerate(shown, start=1):
        e = nb.edge
        facts = cat.t(
            "cli.graph.neighbour",
            count=e.count,
            weight=f"{e.weight:g}",
            g2=f"{nb.evidence:.1f}",
            association=f"{e.association:g}",
            jaccard=f"{e.jaccard:g}",
            npmi=f"{e.npmi:g}",
            records=len(e.records),
        )
        console.print(
            f"\n[bold]{rank}. {escape(nb.term)}[/bold]  {escape(facts)}",
            soft_wrap=True,
        )
        picked = nb.quotes[:quotes] if quotes else nb.quotes
        for q in picked:
            console.print(Text.assemble("   「", q.text, "」"), soft_wrap=True)
            year = f", {q.year}" if q.year else ""
            console.print(Text(f"      — {q.id}: {q.label}{year}", style="dim"), soft_wrap=True)
        if len(nb.quotes) > len(picked):
            more = cat.t("cli.graph.more_quotes", n=len(nb.quotes) - len(picked))
            console.print(Text(more, style="dim"), soft_wrap=True)
    if len(hood.neighbours) > len(shown):
        more = cat.t("cli.graph.more_neighbours", n=len(hood.neighbours) - len(shown))
        console.print(more, markup=False)


# --------------------------------------------------------------------------- end graph


def render_warnings(notes: list[str], *, lang: str = "auto") -> None:
    """The graph's warnings on stderr, for when stdout carries JSON."""
    cat = messages(lang)
    for note in notes:
        stderr_console().print(cat.t("cli.warning", message=note), markup=False, soft_wrap=True)
