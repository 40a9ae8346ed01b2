"""The concept graph as plain data: nodes, edges with their evidence, themes, and the run's facts.

`ConceptGraph` is what `build_concept_graph` returns and what every writer reads. Its JSON form
(`ConceptGraph.to_dict` / `ConceptGraph.from_dict`, also as `graph_to_dict` / `graph_from_dict`)
is complete: the HTML page, the CSV tables and the `graph show` listing can all be rebuilt from
it without the corpus. The node-link shape carries its own version (`graph.format`,
`graph.version`), so it gets no separate schema key.

Version 2 keeps the evidence in one of two places, named by `graph.evidence`:

- `"inline"` (what `to_dict` returns and `kamlit graph build --json` prints): every edge carries
  its record ids (`records`) and its sentences (`evidence`), and `records` lists the cited
  records, as version 1 did;
- `"graph_evidence.jsonl"` (the `graph.json` of a run folder, `kamlit.graph.export`): the
  node-link structure only, whose size is bounded by the number of nodes and edges whatever the
  corpus size, and the evidence in that JSON Lines file beside it (`evidence_lines`), which
  grows with the corpus and can be streamed an edge at a time.

Either way every edge states its totals (`n_records`, `n_sentences`), so a reader of the
structure alone knows how much evidence each link rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from kamlit.codec import from_plain, to_plain
from kamlit.errors import InputError, Malformed, message
from kamlit.i18n import Notice, notices_from
from kamlit.settings import GraphSettings, settings_to_dict

if TYPE_CHECKING:
    import networkx as nx

Quadrant = Literal["motor", "niche", "emerging", "basic"]
QUADRANT_LABELS: Mapping[str, str] = {
    "motor": "动力主题",
    "niche": "利基主题",
    "emerging": "新兴或衰退主题",
    "basic": "基础主题",
}
FORMAT_VERSION = 2
# Where a version-2 graph.json keeps its evidence: inline, or in this file beside it.
INLINE = "inline"
EVIDENCE_FILE = "graph_evidence.jsonl"
EVIDENCE_FORMAT = "kamlit-graph-evidence"
EVIDENCE_VERSION = 1


@dataclass(frozen=True)
class RecordRef:
    """A record cited as evidence: id, printed label, year and sectors."""

    id: str
    label: str
    year: int | None
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence quoted verbatim (`Sentence.text`) from record `records[record]`."""

    record: int  # index into ConceptGraph.records
    index: int  # position of the sentence in its record's abstract
    text: str


@dataclass(frozen=True)
class Node:
    """A concept term with its counts, sectors, years, community, centralities and position."""

    term: str
    freq: int  # occurrences as a concept candidate
    df: int  # records whose abstract contains it
    units: int  # co-occurrence units (sentences or documents) containing it
    sector_counts: tuple[tuple[str, int], ...]  # (sector key, records), sector order
    first_year: int | None
    last_year: int | None
    mean_year: float | None
    community: int
    degree: int
    strength: float  # sum of the weights of its edges
    degree_centrality: float
    betweenness: float
    eigenvector: float
    x: float
    y: float
    aliases: tuple[str, ...] = ()  # the thesaurus's variants of the term (normalised), sorted

    @property
    def sectors(self) -> tuple[str, ...]:
        """Sector keys of the records it occurs in."""
        return tuple(key for key, _ in self.sector_counts)

    @property
    def main_sector(self) -> str:
        """The sector with most records, 'mixed' when several tie, '' when none."""
        if not self.sector_counts:
            return ""
        best = max(n for _, n in self.sector_counts)
        top = [key for key, n in self.sector_counts if n == best]
        return top[0] if len(top) == 1 else "mixed"


@dataclass(frozen=True)
class Edge:
    """Two concepts that co-occur, with every weight and the evidence behind the link."""

    source: str  # source < target
    target: str
    count: int  # units where both occur
    association: float
    jaccard: float
    npmi: float
    weight: float  # the measure the graph was built with
    records: tuple[int, ...]  # indices into ConceptGraph.records, in corpus order
    sentences: tuple[int, ...]  # indices into ConceptGraph.sentences, in corpus order

    def other(self, term: str) -> str:
        """Return the concept at the other end of the edge."""
        return self.target if term == self.source else self.source


@dataclass(frozen=True)
class Theme:
    """A community as a theme of the thematic map (Callon centrality and density)."""

    community: int
    label: str
    terms: tuple[str, ...]  # most frequent first
    size: int
    freq: int
    centrality: float
    density: float
    centrality_rank: float
    density_rank: float
    quadrant: Quadrant


@dataclass(frozen=True)
class GraphStats:
    """How many records, units, concepts and pairs each step of the build saw and kept."""

    records: int
    units: int
    concepts: int  # distinct concept terms in the corpus
    candidates: int  # terms kept as candidate nodes (the --top most frequent)
    pairs: int  # candidate pairs that co-occur at least once
    edges_min_count: int  # pairs left after --min-count
    edges_backbone: int  # pairs left after the backbone filter
    nodes: int
    edges: int
    communities: int
    betweenness: str  # "exact" or "sampled k=N seed=S"


@dataclass(frozen=True)
class ConceptGraph:
    """The result of `build_concept_graph`: plain data plus the networkx graph it came from."""

    nodes: tuple[Node, ...]  # sorted by term
    edges: tuple[Edge, ...]  # sorted by (source, target)
    themes: tuple[Theme, ...]  # by community id
    records: tuple[RecordRef, ...]
    sentences: tuple[EvidenceSentence, ...]
    sectors: tuple[tuple[str, str], ...]  # (key, label) in sector order
    settings: GraphSettings  # with every "auto" value resolved
    seed: int
    stats: GraphStats
    warnings: tuple[str, ...] = ()  # in English; `notices` are the same in any language
    notices: tuple[Notice, ...] = ()
    # Not part of the saved form: the corpus-wide concept vocabulary (term -> records), used to
    # tell "not in the corpus" from "filtered out" and to suggest close terms.
    vocabulary: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    timings: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)

    def node(self, term: str) -> Node | None:
        """Return the node of a term, or None."""
        return self._nodes_by_term.get(term)

    @cached_property
    def _nodes_by_term(self) -> dict[str, Node]:
        return {n.term: n for n in self.nodes}

    def edges_of(self, term: str) -> tuple[Edge, ...]:
        """Return the edges touching a term, strongest first (ties: the other term)."""
        found = [e for e in self.edges if term in (e.source, e.target)]
        found.sort(key=lambda e: (-e.weight, -e.count, e.other(term)))
        return tuple(found)

    def to_networkx(self) -> nx.Graph:
        """Return a networkx graph with scalar attributes (lists joined with ';')."""
        import networkx as nx

        graph = nx.Graph()
        for node in self.nodes:
            graph.add_node(node.term, **node_attributes(self, node))
        for edge in self.edges:
            graph.add_edge(edge.source, edge.target, **edge_attributes(self, edge))
        return graph

    def to_dict(self) -> dict[str, Any]:
        """Return the complete node-link JSON form, the evidence inline."""
        return graph_to_dict(self)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, evidence: Iterable[Mapping[str, Any]] | None = None
    ) -> ConceptGraph:
        """Rebuild a graph from `to_dict()` data (or a structure-only graph.json and the rows
        of its evidence file); raises InputError for a newer version, KeyError/ValueError when
        malformed or another format."""
        return graph_from_dict(data, evidence=evidence)


def community_label(graph: ConceptGraph, community: int) -> str:
    """Return the label of a community's theme ('' when unknown)."""
    for theme in graph.themes:
        if theme.community == community:
            return theme.label
    return ""


def node_attributes(graph: ConceptGraph, node: Node) -> dict[str, Any]:
    """Scalar attributes of a node for GEXF/GraphML/CSV; missing years are left out."""
    attrs: dict[str, Any] = {
        "label": node.term,
        "freq": node.freq,
        "df": node.df,
        "units": node.units,
        "sectors": ";".join(node.sectors),
        "main_sector": node.main_sector,
        "community": node.community,
        "community_label": community_label(graph, node.community),
        "degree": node.degree,
        "strength": node.strength,
        "degree_centrality": node.degree_centrality,
        "betweenness": node.betweenness,
        "eigenvector": node.eigenvector,
        "x": node.x,
        "y": node.y,
    }
    if node.first_year is not None:
        attrs["first_year"] = node.first_year
    if node.last_year is not None:
        attrs["last_year"] = node.last_year
    if node.mean_year is not None:
        attrs["mean_year"] = node.mean_year
    return attrs


def edge_attributes(graph: ConceptGraph, edge: Edge) -> dict[str, Any]:
    """Scalar attributes of an edge for GEXF/GraphML/CSV (record ids joined with ';')."""
    return {
        "weight": edge.weight,
        "count": edge.count,
        "association": edge.association,
        "jaccard": edge.jaccard,
        "npmi": edge.npmi,
        "records": ";".join(graph.records[i].id for i in edge.records),
        "n_records": len(edge.records),
        "n_sentences": len(edge.sentences),
    }


# --------------------------------------------------------------------------- JSON form


def graph_to_dict(graph: ConceptGraph, *, evidence: str = INLINE) -> dict[str, Any]:
    """Return the node-link JSON form (networkx's `node_link_graph` reads it).

    `evidence` is `INLINE` (the complete form: every edge with its record ids and sentences)
    or `EVIDENCE_FILE` (the structure only, as a run folder's graph.json: the evidence goes to
    that file, written from `evidence_lines`).
    """
    if evidence not in (INLINE, EVIDENCE_FILE):
        raise ValueError(f"evidence must be {INLINE!r} or {EVIDENCE_FILE!r}, not {evidence!r}")
    inline = evidence == INLINE
    sectors = dict(graph.sectors)
    nodes = []
    for node in graph.nodes:
        nodes.append(
            {
                "id": node.term,
                "freq": node.freq,
                "df": node.df,
                "units": node.units,
                "sectors": [
                    {"key": k, "label": sectors.get(k, k), "records": n}
                    for k, n in node.sector_counts
                ],
                "first_year": node.first_year,
                "last_year": node.last_year,
                "mean_year": node.mean_year,
                "community": node.community,
                "degree": node.degree,
                "strength": node.strength,
                "degree_centrality": node.degree_centrality,
                "betweenness": node.betweenness,
                "eigenvector": node.eigenvector,
                "x": node.x,
                "y": node.y,
                "aliases": list(node.aliases),
            }
        )
    edges = []
    for edge in graph.edges:
        item: dict[str, Any] = {
            "source": edge.source,
            "target": edge.target,
            "weight": edge.weight,
            "count": edge.count,
            "association": edge.association,
            "jaccard": edge.jaccard,
            "npmi": edge.npmi,
            "n_records": len(edge.records),
            "n_sentences": len(edge.sentences),
        }
        if inline:
            item.update(_edge_evidence(graph, edge))
        edges.append(item)
    data: dict[str, Any] = {
        "directed": False,
        "multigraph": False,
        "graph": {
            "format": "kamlit-concept-graph",
            "version": FORMAT_VERSION,
            "evidence": evidence,
            "settings": settings_to_dict(graph.settings),
            "seed": graph.seed,
            "stats": _stats_dict(graph.stats),
            "warnings": list(graph.warnings),
            "notices": [n.to_dict() for n in graph.notices],
            "sectors": [{"key": k, "label": v} for k, v in graph.sectors],
        },
        "nodes": nodes,
        "edges": edges,
        "themes": [_theme_dict(t) for t in graph.themes],
    }
    if inline:
        data["records"] = to_plain(graph.records)
    return data


def _edge_evidence(graph: ConceptGraph, edge: Edge) -> dict[str, Any]:
    """An edge's record ids and sentences, as the complete form and the evidence file hold them."""
    evidence = []
    for i in edge.sentences:
        sentence = graph.sentences[i]
        evidence.append(
            {
                "id": graph.records[sentence.record].id,
                "sentence": sentence.index,
                "text": sentence.text,
            }
        )
    return {"records": [graph.records[i].id for i in edge.records], "evidence": evidence}


def evidence_lines(graph: ConceptGraph) -> Iterator[dict[str, Any]]:
    """The rows of `graph_evidence.jsonl`, one JSON object per line, in this order:

    1. a header: `{"format": "kamlit-graph-evidence", "version": 1, "records": R, "edges": E}`;
    2. R lines `{"record": {"id", "label", "year", "sectors"}}`, the records cited, in corpus
       order;
    3. E lines `{"source", "target", "records": [id, …], "evidence": [{"id", "sentence",
       "text"}, …]}`, one per edge in graph.json's edge order, every record and sentence behind
       the link in corpus order.

    A reader can stream it: the records come before any edge that cites them, and each edge's
    evidence is one line.
    """
    yield {
        "format": EVIDENCE_FORMAT,
        "version": EVIDENCE_VERSION,
        "records": len(graph.records),
        "edges": len(graph.edges),
    }
    for ref in graph.records:
        yield {"record": to_plain(ref)}
    for edge in graph.edges:
        yield {"source": edge.source, "target": edge.target, **_edge_evidence(graph, edge)}


def merge_evidence(data: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the complete (inline) form of a structure-only graph.json and the rows of its
    evidence file; raises ValueError when they do not belong together."""
    meta = data["graph"]
    rows = iter(rows)
    head = next(rows, None)
    if head is None or head.get("format") != EVIDENCE_FORMAT:
        raise Malformed(
            message("error.evidence_header", file=EVIDENCE_FILE, format=EVIDENCE_FORMAT)
        )
    if int(head.get("version", 1)) > EVIDENCE_VERSION:
        raise InputError(
            message(
                "error.evidence_newer",
                file=EVIDENCE_FILE,
                version=str(head["version"]),
                ours=EVIDENCE_VERSION,
            )
        )
    n_records, n_edges = int(head["records"]), int(head["edges"])
    if n_edges != len(data["edges"]):
        raise Malformed(
            message("error.evidence_edges", file=EVIDENCE_FILE, n=n_edges, graph=len(data["edges"]))
        )
    records = []
    for _ in range(n_records):
        row = next(rows, None)
        if row is None or "record" not in row:
            raise Malformed(message("error.evidence_short", file=EVIDENCE_FILE))
        records.append(dict(row["record"]))
    edges = []
    for edge in data["edges"]:
        row = next(rows, None)
        if row is None:
            raise Malformed(
                message(
                    "error.evidence_ends",
                    file=EVIDENCE_FILE,
                    edge=f"{edge['source']}–{edge['target']}",
                )
            )
        if (row["source"], row["target"]) != (edge["source"], edge["target"]):
            raise Malformed(
                message(
                    "error.evidence_edge",
                    file=EVIDENCE_FILE,
                    found=f"{row['source']}–{row['target']}",
                    expected=f"{edge['source']}–{edge['target']}",
                )
            )
        edges.append({**edge, "records": row["records"], "evidence": row["evidence"]})
    if next(rows, None) is not None:
        raise Malformed(message("error.evidence_long", file=EVIDENCE_FILE))
    return {
        **data,
        "graph": {**meta, "evidence": INLINE},
        "edges": edges,
        "records": records,
    }


def graph_from_dict(
    data: Mapping[str, Any], *, evidence: Iterable[Mapping[str, Any]] | None = None
) -> ConceptGraph:
    """Rebuild a ConceptGraph from its JSON form; raises KeyError/ValueError when malformed.

    Reads versions 1 and 2. A structure-only form (`graph.evidence` names a file) needs the
    rows of that file as `evidence` (`kamlit.graph.export.read_evidence` reads them).
    """
    meta = data["graph"]
    if meta.get("format") != "kamlit-concept-graph":
        raise Malformed(message("error.graph_format"))
    if int(meta.get("version", 1)) > FORMAT_VERSION:
        raise InputError(
            message("error.graph_newer", version=str(meta["version"]), ours=FORMAT_VERSION)
        )
    where = meta.get("evidence", INLINE)
    if where not in (INLINE, EVIDENCE_FILE):
        raise Malformed(
            message(
                "error.graph_evidence",
                value=repr(where),
                inline=repr(INLINE),
                file=repr(EVIDENCE_FILE),
            )
        )
    if where != INLINE:
        if evidence is None:
            raise ValueError(f"the evidence is in {where}, which was not read")
        data = merge_evidence(data, evidence)
    records = from_plain(tuple[RecordRef, ...], data["records"], where="records")
    record_index = {r.id: i for i, r in enumerate(records)}
    nodes = tuple(
        Node(
            term=str(n["id"]),
            freq=int(n["freq"]),
            df=int(n["df"]),
            units=int(n["units"]),
            sector_counts=tuple((str(s["key"]), int(s["records"])) for s in n["sectors"]),
            first_year=_opt_int(n.get("first_year")),
            last_year=_opt_int(n.get("last_year")),
            mean_year=None if n.get("mean_year") is None else float(n["mean_year"]),
            community=int(n["community"]),
            degree=int(n["degree"]),
            strength=float(n["strength"]),
            degree_centrality=float(n["degree_centrality"]),
            betweenness=float(n["betweenness"]),
            eigenvector=float(n["eigenvector"]),
            x=float(n["x"]),
            y=float(n["y"]),
            aliases=tuple(str(a) for a in n.get("aliases") or ()),
        )
        for n in data["nodes"]
    )
    sentences: list[EvidenceSentence] = []
    sentence_index: dict[tuple[int, int], int] = {}
    edges = []
    for e in data["edges"]:
        refs = []
        for ev in e["evidence"]:
            key = (record_index[str(ev["id"])], int(ev["sentence"]))
            if key not in sentence_index:
                sentence_index[key] = len(sentences)
                sentences.append(EvidenceSentence(key[0], key[1], str(ev["text"])))
            refs.append(sentence_index[key])
        edges.append(
            Edge(
                source=str(e["source"]),
                target=str(e["target"]),
                count=int(e["count"]),
                association=float(e["association"]),
                jaccard=float(e["jaccard"]),
                npmi=float(e["npmi"]),
                weight=float(e["weight"]),
                records=tuple(record_index[str(r)] for r in e["records"]),
                sentences=tuple(refs),
            )
        )
        for name, held in (("n_records", e["records"]), ("n_sentences", e["evidence"])):
            if name in e and int(e[name]) != len(held):
                raise Malformed(
                    message(
                        "error.graph_edge_count",
                        edge=f"{e['source']}–{e['target']}",
                        name=name,
                        value=str(e[name]),
                        n=len(held),
                    )
                )
    # Sentences in corpus order, as build_concept_graph makes them, so a reloaded graph
    # renders the same pages as the original.
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].record, sentences[i].index))
    remap = {old: new for new, old in enumerate(order)}
    edges = [
        Edge(**{**e.__dict__, "sentences": tuple(sorted(remap[i] for i in e.sentences))})
        for e in edges
    ]
    themes = from_plain(tuple[Theme, ...], data["themes"], where="themes")
    settings = from_plain(GraphSettings, meta["settings"], where="graph.settings")
    stats = from_plain(GraphStats, meta["stats"], where="graph.stats")
    return ConceptGraph(
        nodes=nodes,
        edges=tuple(edges),
        themes=themes,
        records=records,
        sentences=tuple(sentences[i] for i in order),
        sectors=tuple((str(s["key"]), str(s["label"])) for s in meta["sectors"]),
        settings=settings,
        seed=int(meta["seed"]),
        stats=stats,
        warnings=tuple(str(w) for w in meta.get("warnings", ())),
        notices=notices_from(meta.get("notices")),
    )


def _stats_dict(stats: GraphStats) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(stats)
    return data


def _theme_dict(theme: Theme) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(theme)
    data["quadrant_label"] = QUADRANT_LABELS[theme.quadrant]
    return data


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)
