"""Look a concept up in the graph: its neighbours, strongest evidence first, and the sentences
behind each link.

Ranking: links whose pair co-occurs more often than chance (association strength above 1,
i.e. NPMI above 0) come first, by co-occurrence count (the number of units, so of sentences a
student can read, behind the link), ties broken by the link's weight in the chosen measure,
then by the term; links at or below chance follow in the same order. On a small corpus the
association strength ties many rare pairs at one high value (a term seen only with the concept
gets N / units of the concept whatever its count); ranking by count puts the links resting on
most sentences first. Each neighbour also carries the signed log-likelihood ratio G² of its
2×2 table (Dunning 1993), which weighs strength and evidence together, for the JSON form.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kamlit.errors import InputError, message
from kamlit.graph.model import ConceptGraph, Edge, Node
from kamlit.i18n import Notice
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
    evidence: float = 0.0  # signed log-likelihood ratio G² of the link


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
    # (record id, occurrences) as `kamlit kwic` finds them in titles and abstracts, when given
    occurrences: tuple[tuple[str, int], ...] = ()


def resolve_term(term: str, *, lexicon: Lexicon | None = None) -> str:
    """Return the canonical concept of what a user typed (normalised, synonyms applied)."""
    norm = normalize_text(term)
    return lexicon.canonical(norm) if lexicon is not None else norm


def g2(count: int, units_a: int, units_b: int, units: int) -> float:
    """Signed log-likelihood ratio G² of a pair seen together in `count` of `units` units.

    Positive when the pair co-occurs more often than chance (`units_a * units_b / units`),
    negative when less often; 0 when the counts say nothing.
    """
    if units <= 0:
        return 0.0
    a = count
    b = units_a - count
    c = units_b - count
    d = units - units_a - units_b + count
    observed = (a, b, c, d)
    if min(observed) < 0:
        return 0.0
    rows = (a + b, c + d)
    cols = (a + c, b + d)
    expected = (
        rows[0] * cols[0] / units,
        rows[0] * cols[1] / units,
        rows[1] * cols[0] / units,
        rows[1] * cols[1] / units,
    )
    total = sum(2.0 * o * math.log(o / e) for o, e in zip(observed, expected, strict=True) if o > 0)
    return round(total if a >= expected[0] else -total, 6)


def rank_key(nb: Neighbour) -> tuple[bool, int, float, str]:
    """Above chance first; then more co-occurrences; then higher weight; then the term."""
    return (nb.edge.association <= 1.0, -nb.edge.count, -nb.edge.weight, nb.term)


def neighbours(
    graph: ConceptGraph,
    term: str,
    *,
    lexicon: Lexicon | None = None,
    occurrences: Sequence[tuple[str, int]] = (),
) -> Neighbourhood:
    """Return a concept's neighbours, strongest evidence first (see `rank_key`), with the
    sentences behind each link.

    `occurrences` (record id, occurrences), as `kamlit.kwic` counts them in titles and
    abstracts, lets the message for a term that is not a node say where it does occur.
    """
    canonical = resolve_term(term, lexicon=lexicon)
    node = graph.node(canonical)
    if node is None:
        raise InputError(_unknown_message(graph, term, canonical, occurrences))
    units = {n.term: n.units for n in graph.nodes}
    out = []
    for edge in graph.edges_of(canonical):
        quotes = []
        for i in edge.sentences:
            sentence = graph.sentences[i]
            record = graph.records[sentence.record]
            quotes.append(
                Quote(record.id, record.label, record.year, sentence.index, sentence.text)
            )
        other = edge.other(canonical)
        score = g2(edge.count, node.units, units[other], graph.stats.units)
        out.append(Neighbour(other, edge, tuple(quotes), score))
    out.sort(key=rank_key)
    return Neighbourhood(
        query=term,
        term=canonical,
        node=node,
        neighbours=tuple(out),
        measure=graph.settings.measure,
        window=graph.settings.window,
        min_count=graph.settings.min_count,
        occurrences=tuple(occurrences),
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


def _unknown_message(
    graph: ConceptGraph, typed: str, canonical: str, occurrences: Sequence[tuple[str, int]]
) -> Notice:
    shown: str | Notice = typed
    if canonical != typed:
        shown = message("error.concept_as", typed=typed, canonical=canonical)
    if canonical not in graph.vocabulary and occurrences:
        within = [t for t in suggest(graph, canonical) if canonical in t and t != canonical]
        reason = message(
            "error.concept_uncut",
            shown=shown,
            total=sum(n for _, n in occurrences),
            records=len(occurrences),
            inside=message("error.concept_inside", within=", ".join(within[:3])) if within else "",
            typed=typed,
        )
    elif canonical in graph.vocabulary:
        s = graph.settings
        reason = message(
            "error.concept_filtered",
            shown=shown,
            n=graph.vocabulary[canonical],
            top=s.top,
            min_count=s.min_count,
            backbone=f"{s.backbone}",
        )
    elif graph.vocabulary:
        reason = message("error.concept_absent", shown=shown)
    else:
        reason = message("error.concept_not_in_graph", shown=shown)
    close = suggest(graph, canonical)
    if close:
        reason = message("error.concept_close", reason=reason, close=", ".join(close))
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
        "occurrences": {
            "total": sum(n for _, n in hood.occurrences),
            "records": len(hood.occurrences),
        },
        "neighbours": [
            {
                "term": nb.term,
                "evidence_g2": nb.evidence,
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
