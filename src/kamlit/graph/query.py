"""Look a concept up in the graph: its neighbours by weight and the sentences behind each link."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kamlit.errors import InputError
from kamlit.graph.model import ConceptGraph, Edge, Node
from kamlit.text.normalize import normalize_text

if TYPE_CHECKING:
    from kamlit.text import Lexicon


@dataclass(frozen=True)
class Quote:
    """A sentence behind a link, with the record it comes from."""

    id: str
    label: str
    year: int | None
    sentence: int
    text: str


@dataclass(frozen=True)
class Neighbour:
    """One neighbour of a concept: the linked term, the edge and its quotes."""

    term: str
    edge: Edge
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Neighbourhood:
    """A concept, its node, and its neighbours strongest first."""

    query: str
    term: str
    node: Node
    neighbours: tuple[Neighbour, ...]
    measure: str
    window: str
    min_count: int


def resolve_term(term: str, *, lexicon: Lexicon | None = None) -> str:
    """Return the canonical concept of what a user typed (normalised, synonyms applied)."""
    norm = normalize_text(term)
    return lexicon.canonical(norm) if lexicon is not None else norm


def neighbours(graph: ConceptGraph, term: str, *, lexicon: Lexicon | None = None) -> Neighbourhood:
    """Return a concept's neighbours ranked by weight (then count, then term), with evidence."""
    canonical = resolve_term(term, lexicon=lexicon)
    node = graph.node(canonical)
    if node is None:
        raise InputError(_unknown_message(graph, term, canonical))
    out = []
    for edge in graph.edges_of(canonical):
        quotes = []
        for i in edge.sentences:
            sentence = graph.sentences[i]
            record = graph.records[sentence.record]
            quotes.append(
                Quote(record.id, record.label, record.year, sentence.index, sentence.text)
            )
        out.append(Neighbour(edge.other(canonical), edge, tuple(quotes)))
    return Neighbourhood(
        query=term,
        term=canonical,
        node=node,
        neighbours=tuple(out),
        measure=graph.settings.measure,
        window=graph.settings.window,
        min_count=graph.settings.min_count,
    )


def suggest(graph: ConceptGraph, term: str, *, limit: int = 6) -> list[str]:
    """Concepts close to a term: concepts containing it or contained in it, then look-alikes.

    Graph nodes come first (they can be shown), then other concepts of the corpus.
    """
    in_graph = {n.term: n.df for n in graph.nodes}
    pool = {**graph.vocabulary, **in_graph}
    contains = [t for t in pool if t != term and (term in t or (len(t) > 1 and t in term))]
    contains.sort(key=lambda t: (t not in in_graph, -pool[t], t))
    close = difflib.get_close_matches(term, sorted(in_graph), n=limit, cutoff=0.5)
    return list(dict.fromkeys(contains + close))[:limit]


def _unknown_message(graph: ConceptGraph, typed: str, canonical: str) -> str:
    shown = typed if canonical == typed else f"{typed} (as {canonical})"
    if canonical in graph.vocabulary:
        s = graph.settings
        reason = (
            f"concept '{shown}' occurs in {graph.vocabulary[canonical]} record(s) but is not in "
            f"the graph (it is outside the --top {s.top} terms or has no link with "
            f"--min-count {s.min_count} and --backbone {s.backbone})"
        )
    else:
        reason = f"concept '{shown}' is not in the graph"
        if graph.vocabulary:
            reason = f"concept '{shown}' does not occur in the corpus"
    close = suggest(graph, canonical)
    if close:
        reason += "; close concepts: " + ", ".join(close)
    return reason


def neighbourhood_to_dict(hood: Neighbourhood) -> dict[str, Any]:
    """Return the JSON form printed by `kamlit graph show --json`."""
    return {
        "query": hood.query,
        "term": hood.term,
        "measure": hood.measure,
        "window": hood.window,
        "node": {
            "freq": hood.node.freq,
            "df": hood.node.df,
            "community": hood.node.community,
            "degree": hood.node.degree,
            "sectors": [{"key": k, "records": n} for k, n in hood.node.sector_counts],
        },
        "neighbours": [
            {
                "term": nb.term,
                "weight": nb.edge.weight,
                "count": nb.edge.count,
                "association": nb.edge.association,
                "jaccard": nb.edge.jaccard,
                "npmi": nb.edge.npmi,
                "evidence": [
                    {"id": q.id, "label": q.label, "sentence": q.sentence, "text": q.text}
                    for q in nb.quotes
                ],
            }
            for nb in hood.neighbours
        ],
    }
