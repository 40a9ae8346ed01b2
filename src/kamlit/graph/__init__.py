"""The concept graph: co-occurrence of strategy concepts, with evidence, structure and exports.

`build_concept_graph(corpus, *, settings, seed)` computes a `ConceptGraph`;
`write_graph(graph, out_dir)` writes GEXF, GraphML, Pajek, VOSviewer, CSV, JSON, the thematic
map and the offline HTML page; `read_graph(path)` reads a saved graph.json back;
`neighbours(graph, term)` lists a concept's links with the sentences behind them.
"""

from __future__ import annotations

from kamlit.graph.build import (
    backbone_alpha,
    build_concept_graph,
    check_settings,
    resolve_min_count,
)
from kamlit.graph.export import read_graph, write_graph
from kamlit.graph.model import (
    ConceptGraph,
    Edge,
    EvidenceSentence,
    GraphStats,
    Node,
    RecordRef,
    Theme,
    graph_from_dict,
    graph_to_dict,
)
from kamlit.graph.query import Neighbourhood, neighbourhood_to_dict, neighbours, resolve_term

__all__ = [
    "ConceptGraph",
    "Edge",
    "EvidenceSentence",
    "GraphStats",
    "Neighbourhood",
    "Node",
    "RecordRef",
    "Theme",
    "backbone_alpha",
    "build_concept_graph",
    "check_settings",
    "graph_from_dict",
    "graph_to_dict",
    "neighbourhood_to_dict",
    "neighbours",
    "read_graph",
    "resolve_min_count",
    "resolve_term",
    "write_graph",
]
