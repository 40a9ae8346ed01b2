"""The files write_graph writes: Gephi formats, Pajek, VOSviewer, CSV, JSON, thematic map."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from kamlit.graph import ConceptGraph, graph_to_dict, read_graph, write_graph
from kamlit.graph.html import render_graph_html

EXPECTED_FILES = {
    "graph.json",
    "graph_evidence.jsonl",
    "graph.gexf",
    "graph.graphml",
    "graph.net",
    "vosviewer_map.txt",
    "vosviewer_network.txt",
    "nodes.csv",
    "edges.csv",
    "thematic_map.csv",
    "thematic_map.png",
    "graph.html",
}


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a BOM so Excel reads UTF-8"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_write_graph_writes_every_file(default_out: Path) -> None:
    assert {p.name for p in default_out.iterdir()} == EXPECTED_FILES


@pytest.mark.parametrize("name", ["graph.gexf", "graph.graphml"])
def test_gephi_files_load_with_the_nodes_edges_and_weights_of_edges_csv(
    default_out: Path, default_graph: ConceptGraph, name: str
) -> None:
    path = default_out / name
    loaded = nx.read_gexf(path) if name.endswith("gexf") else nx.read_graphml(path)
    rows = _csv(default_out / "edges.csv")
    nodes = _csv(default_out / "nodes.csv")
    assert set(loaded.nodes) == {r["term"] for r in nodes} == {n.term for n in default_graph.nodes}
    assert {frozenset((r["source"], r["target"])) for r in rows} == {
        frozenset(e) for e in loaded.edges
    }
    assert len(rows) == loaded.number_of_edges() == len(default_graph.edges)
    for row in rows:
        attrs = loaded.edges[row["source"], row["target"]]
        assert attrs["weight"] == pytest.approx(float(row["weight"]), abs=1e-6)
        assert int(attrs["count"]) == int(row["count"])
        assert attrs["records"] == row["records"]
    for term, attrs in loaded.nodes(data=True):
        for key, value in attrs.items():
            assert isinstance(value, (str, int, float, dict)), (term, key, value)
        assert isinstance(attrs["freq"], int) and isinstance(attrs["eigenvector"], float)
        assert isinstance(attrs["sectors"], str)


def test_gexf_has_positions_and_no_date_stamp(default_out: Path) -> None:
    text = (default_out / "graph.gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text
    loaded = nx.read_gexf(default_out / "graph.gexf")
    viz = loaded.nodes["大客户"]["viz"]
    assert set(viz) >= {"position", "size", "color"}


def test_graphml_keys_are_typed(default_out: Path) -> None:
    text = (default_out / "graph.graphml").read_text(encoding="utf-8")
    assert 'attr.name="freq" attr.type="int"' in text or 'attr.name="freq" attr.type="long"' in text
    assert 'attr.name="weight" attr.type="double"' in text
    assert 'attr.name="sectors" attr.type="string"' in text


def test_pajek_file_reads_back(default_out: Path, default_graph: ConceptGraph) -> None:
    loaded = nx.read_pajek(default_out / "graph.net")
    assert set(loaded.nodes) == {n.term for n in default_graph.nodes}
    assert loaded.number_of_edges() == len(default_graph.edges)
    first = default_graph.edges[0]
    weights = [d["weight"] for d in loaded.get_edge_data(first.source, first.target).values()]
    assert weights == [pytest.approx(first.weight, abs=1e-6)]


def test_vosviewer_files_follow_the_documented_layout(
    default_out: Path, default_graph: ConceptGraph
) -> None:
    map_lines = (default_out / "vosviewer_map.txt").read_text(encoding="utf-8").splitlines()
    header = map_lines[0].split("\t")
    # VOSviewer map file: a header line naming each column: id, label, x, y, cluster, then
    # weight<…> and score<…> columns; one item per line after it, tab-separated.
    assert header[:5] == ["id", "label", "x", "y", "cluster"]
    assert all(h.startswith(("weight<", "score<")) and h.endswith(">") for h in header[5:])
    assert "weight<Links>" in header and "weight<Total link strength>" in header
    assert any(h.startswith("score<") for h in header)
    items = [line.split("\t") for line in map_lines[1:]]
    assert len(items) == len(default_graph.nodes)
    ids = set()
    for cells, node in zip(items, default_graph.nodes, strict=True):
        assert len(cells) == len(header)
        row = dict(zip(header, cells, strict=True))
        ids.add(int(row["id"]))
        assert row["label"] == node.term
        float(row["x"]), float(row["y"])
        assert 1 <= int(row["cluster"]) <= 1000
        assert int(row["cluster"]) == node.community + 1
        assert int(row["weight<Links>"]) == node.degree
        for h in header[5:]:
            float(row[h])
            if h.startswith("weight<"):
                assert float(row[h]) >= 0
    assert ids == set(range(1, len(items) + 1))
    # Network file: no header; id1, id2 and a positive strength (the co-occurrence count).
    net_lines = (default_out / "vosviewer_network.txt").read_text(encoding="utf-8").splitlines()
    assert len(net_lines) == len(default_graph.edges)
    label = {int(c[0]): c[1] for c in items}
    for line, edge in zip(net_lines, default_graph.edges, strict=True):
        a, b, strength = line.split("\t")
        assert {label[int(a)], label[int(b)]} == {edge.source, edge.target}
        assert int(strength) == edge.count > 0


def test_vosviewer_quotes_labels_with_commas_and_adds_years(
    corpus_from: Callable, tmp_path: Path
) -> None:
    from kamlit.graph import build_concept_graph
    from kamlit.graph.export import vosviewer_map_text
    from kamlit.settings import GraphSettings

    corpus, _ = corpus_from(
        [
            ("y:1", 2010, ("general",), (("甲,乙与丙。", ("甲,乙", "丙")),)),
            ("y:2", 2012, ("general",), (("甲,乙与丙。", ("甲,乙", "丙")),)),
        ]
    )
    graph = build_concept_graph(corpus, settings=GraphSettings(min_count=1))
    text = vosviewer_map_text(graph)
    header, *rows = text.splitlines()
    assert header.split("\t")[-2:] == ["score<Avg. pub. year>", "score<Eigenvector centrality>"]
    cells = [r.split("\t") for r in rows]
    assert [c[1] for c in cells] == ["丙", '"甲,乙"']
    assert [c[-2] for c in cells] == ["2011.00", "2011.00"]


def test_csv_tables(default_out: Path, default_graph: ConceptGraph) -> None:
    nodes = _csv(default_out / "nodes.csv")
    assert [r["term"] for r in nodes] == [n.term for n in default_graph.nodes]
    big = next(r for r in nodes if r["term"] == "大客户")
    assert int(big["freq"]) > 0 and "telecom" in big["sectors"].split(";")
    themes = _csv(default_out / "thematic_map.csv")
    assert len(themes) == len(default_graph.themes)
    assert {r["quadrant"] for r in themes} <= {"motor", "niche", "emerging", "basic"}
    assert {r["quadrant_label"] for r in themes} <= {
        "动力主题",
        "利基主题",
        "新兴或衰退主题",
        "基础主题",
    }


def test_thematic_map_png(default_out: Path) -> None:
    data = (default_out / "thematic_map.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_graph_json_is_node_link_and_the_evidence_file_has_verbatim_evidence(
    default_out: Path, default_graph: ConceptGraph, default_corpus: object
) -> None:
    data = json.loads((default_out / "graph.json").read_text(encoding="utf-8"))
    loaded = nx.node_link_graph(data, edges="edges")
    assert set(loaded.nodes) == {n.term for n in default_graph.nodes}
    assert loaded.number_of_edges() == len(default_graph.edges)
    # graph.json is the structure: no list of records or sentences, only their totals.
    assert data["graph"]["version"] == 2 and data["graph"]["evidence"] == "graph_evidence.jsonl"
    assert "records" not in data
    for edge, built in zip(data["edges"], default_graph.edges, strict=True):
        assert "evidence" not in edge and "records" not in edge
        assert edge["n_records"] == len(built.records) > 0
        assert edge["n_sentences"] == len(built.sentences) > 0
    rows = [
        json.loads(line)
        for line in (default_out / "graph_evidence.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    head, rest = rows[0], rows[1:]
    assert head == {
        "format": "kamlit-graph-evidence",
        "version": 1,
        "records": len(default_graph.records),
        "edges": len(default_graph.edges),
    }
    refs, lines = rest[: head["records"]], rest[head["records"] :]
    assert [r["record"]["id"] for r in refs] == [r.id for r in default_graph.records]
    assert len(lines) == len(data["edges"])
    by_id = default_corpus.by_id  # type: ignore[attr-defined]
    checked = 0
    for edge, line in zip(data["edges"], lines, strict=True):
        assert (line["source"], line["target"]) == (edge["source"], edge["target"])
        assert len(line["records"]) == edge["n_records"]
        assert len(line["evidence"]) == edge["n_sentences"]
        assert {ev["id"] for ev in line["evidence"]} == set(line["records"])
        for ev in line["evidence"]:
            record, document = by_id[ev["id"]]
            sentence = document.sentences[ev["sentence"]]
            assert ev["text"] == sentence.text == record.abstract[sentence.start : sentence.end]
            assert edge["source"] in sentence.concepts and edge["target"] in sentence.concepts
            checked += 1
    assert checked >= len(data["edges"])


def test_read_graph_round_trips_and_renders_the_same_page(
    default_out: Path, default_graph: ConceptGraph
) -> None:
    again = read_graph(default_out / "graph.json")
    assert again == default_graph
    assert graph_to_dict(again) == graph_to_dict(default_graph)
    assert render_graph_html(again) == (default_out / "graph.html").read_text(encoding="utf-8")


def test_read_graph_rejects_other_json(tmp_path: Path) -> None:
    from kamlit.errors import InputError

    path = tmp_path / "x.json"
    path.write_text('{"graph": {}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"not a kamlit graph\.json"):
        read_graph(path)


def test_writing_twice_gives_identical_bytes(default_graph: ConceptGraph, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_graph(default_graph, a)
    write_graph(default_graph, b)
    for path in sorted(a.iterdir()):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_empty_graph_still_writes_every_file(corpus_from: Callable, tmp_path: Path) -> None:
    from kamlit.graph import build_concept_graph

    corpus, _ = corpus_from([("e:1", None, ("general",), (("大客户。", ("大客户",)),))])
    graph = build_concept_graph(corpus)
    written = write_graph(graph, tmp_path)
    assert {p.name for p in written} == EXPECTED_FILES
    assert (tmp_path / "vosviewer_network.txt").read_text(encoding="utf-8") == ""
    assert nx.read_graphml(tmp_path / "graph.graphml").number_of_nodes() == 0
