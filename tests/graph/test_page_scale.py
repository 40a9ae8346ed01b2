"""graph.html and graph.json stop growing with the corpus (issue 18): the page embeds a capped
sample of each link's sentences with the true totals, graph.json holds the structure and
graph_evidence.jsonl every sentence."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from browser import open_page, requires_chromium
from kamlit.errors import InputError
from kamlit.graph import (
    ConceptGraph,
    build_concept_graph,
    graph_from_dict,
    graph_to_dict,
    read_graph,
)
from kamlit.graph.html import (
    EDGE_SENTENCES,
    MIN_EDGE_SENTENCES,
    SENTENCE_BUDGET,
    edge_sentence_cap,
    page_data,
    pick_sentences,
    render_graph_html,
)
from kamlit.graph.model import EVIDENCE_FILE, evidence_lines
from kamlit.io import dumps_json, dumps_jsonl
from kamlit.settings import GraphSettings

POSTAL_AT = 1  # the one postal record: never in the page's sample (see test below)


def _spec(records: int, sentences: int = 1) -> list[tuple[Any, ...]]:
    """`records` records whose every sentence links 大客户 and 服务 (one link, many sentences)."""
    return [
        (
            f"r:{i:04d}",
            2000 + i % 20,
            ("postal",) if i == POSTAL_AT else ("telecom",),
            tuple(
                (f"第{i}篇第{j}句：大客户的服务。", ("大客户", "服务")) for j in range(sentences)
            ),
        )
        for i in range(records)
    ]


def _graph(corpus_from: Callable, records: int, sentences: int = 1) -> ConceptGraph:
    corpus, _ = corpus_from(_spec(records, sentences))
    return build_concept_graph(corpus, settings=GraphSettings(min_count=1, backbone="off"))


def _save(graph: ConceptGraph, folder: Path) -> Path:
    """graph.json and graph_evidence.jsonl as write_graph writes them (without the figures)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "graph.json"
    path.write_text(dumps_json(graph_to_dict(graph, evidence=EVIDENCE_FILE)), "utf-8")
    (folder / EVIDENCE_FILE).write_text(dumps_jsonl(evidence_lines(graph)), "utf-8")
    return path


def _data(page_html: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', page_html, re.S
    )
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_the_cap_shrinks_with_many_links_but_never_below_its_floor() -> None:
    assert edge_sentence_cap(0) == edge_sentence_cap(1) == EDGE_SENTENCES
    assert edge_sentence_cap(SENTENCE_BUDGET // EDGE_SENTENCES) == EDGE_SENTENCES
    assert edge_sentence_cap(SENTENCE_BUDGET // 10) == 10
    assert edge_sentence_cap(10 * SENTENCE_BUDGET) == MIN_EDGE_SENTENCES
    caps = [edge_sentence_cap(n) for n in range(1, 20_000, 37)]
    assert caps == sorted(caps, reverse=True)
    # The page's sentence references stay within the budget while the floor allows.
    assert all(n * edge_sentence_cap(n) <= SENTENCE_BUDGET for n in range(1, 5_000, 7))


def test_pick_spreads_one_sentence_per_record_over_the_corpus(corpus_from: Callable) -> None:
    graph = _graph(corpus_from, 45, sentences=2)
    (edge,) = graph.edges
    assert len(edge.sentences) == 90 and len(edge.records) == 45
    picked = pick_sentences(graph, edge, 20)
    assert len(picked) == 20 and list(picked) == sorted(picked)
    records = [graph.sentences[i].record for i in picked]
    assert len(set(records)) == 20  # one sentence per record
    assert all(graph.sentences[i].index == 0 for i in picked)  # each record's first sentence
    assert records[0] == 0 and records[-1] >= 40  # from the start to the end of the corpus
    assert POSTAL_AT not in records
    # Few records: all their first sentences, then the others in corpus order.
    few = _graph(corpus_from, 3, sentences=10)
    (edge,) = few.edges
    chosen = [
        (few.sentences[i].record, few.sentences[i].index) for i in pick_sentences(few, edge, 5)
    ]
    assert chosen == [(0, 0), (0, 1), (0, 2), (1, 0), (2, 0)]
    # Under the cap: everything.
    assert pick_sentences(few, edge, 30) == edge.sentences


def test_the_page_holds_the_sample_and_states_the_true_totals(corpus_from: Callable) -> None:
    graph = _graph(corpus_from, 45)
    data = page_data(graph)
    (edge,) = data["edges"]
    assert edge["ns"] == 45 and edge["nr"] == 45 and len(edge["e"]) == EDGE_SENTENCES
    # The sector filter knows every record's sector, the postal one left out of the sample too.
    assert edge["sec"] == ["telecom", "postal"]
    assert len(data["sentences"]) == len(data["records"]) == EDGE_SENTENCES
    assert all(0 <= s[0] < len(data["records"]) for s in data["sentences"])
    assert "r:0001" not in {r[0] for r in data["records"]}
    assert data["meta"]["evidence_cap"] == EDGE_SENTENCES and data["meta"]["capped_edges"] == 1
    assert data["meta"]["evidence_file"] == "graph_evidence.jsonl"
    # Every quote the page holds is a sentence of the graph, with its record.
    texts = {s.text: graph.records[s.record].id for s in graph.sentences}
    for record, _, text in data["sentences"]:
        assert texts[text] == data["records"][record][0]


def test_page_size_does_not_grow_with_the_corpus(corpus_from: Callable) -> None:
    sizes = {}
    for n in (40, 400):
        data = page_data(_graph(corpus_from, n))
        assert len(data["sentences"]) == EDGE_SENTENCES and data["edges"][0]["ns"] == n
        sizes[n] = len(json.dumps(data, ensure_ascii=False).encode())
    assert sizes[400] < sizes[40] * 1.05


def test_a_small_graph_page_holds_everything(default_graph: ConceptGraph) -> None:
    data = page_data(default_graph)
    assert data["meta"]["capped_edges"] == 0
    for edge, built in zip(data["edges"], default_graph.edges, strict=True):
        assert len(edge["e"]) == edge["ns"] == len(built.sentences)
        assert edge["nr"] == len(built.records)
    assert len(data["sentences"]) == len(default_graph.sentences)


def test_graph_json_is_bounded_and_the_evidence_file_complete(
    corpus_from: Callable, tmp_path: Path
) -> None:
    sizes = {}
    for n in (40, 400):
        graph = _graph(corpus_from, n)
        out = tmp_path / str(n)
        sizes[n] = _save(graph, out).stat().st_size
        assert read_graph(out / "graph.json") == graph
        lines = (out / "graph_evidence.jsonl").read_text("utf-8").split("\n")
        assert len([line for line in lines if line]) == 1 + n + 1  # header, records, one edge
    # Only the digits of the totals differ.
    assert sizes[400] - sizes[40] < 10


def test_a_version_1_graph_json_with_inline_evidence_still_reads(
    default_graph: ConceptGraph,
) -> None:
    data = graph_to_dict(default_graph)
    data["graph"]["version"] = 1
    del data["graph"]["evidence"]
    for edge in data["edges"]:
        del edge["n_records"], edge["n_sentences"]
    assert graph_from_dict(data) == default_graph


def test_structure_without_its_evidence_is_refused(default_graph: ConceptGraph) -> None:
    data = graph_to_dict(default_graph, evidence="graph_evidence.jsonl")
    with pytest.raises(ValueError, match=r"graph_evidence\.jsonl, which was not read"):
        graph_from_dict(data)
    data["graph"]["evidence"] = "../../etc/passwd"
    with pytest.raises(ValueError, match="neither"):
        graph_from_dict(data, evidence=[])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda lines: [*lines[:1], "{oops", *lines[2:]],
            r"graph_evidence\.jsonl:2: not valid JSON",
        ),
        (lambda lines: lines[:-2], r"ends before the edge"),
        (lambda lines: [*lines[:-1], lines[-2]], r"different runs"),
        (lambda lines: [], r"does not start with its kamlit-graph-evidence header"),
    ],
)
def test_a_damaged_evidence_file_is_one_line_naming_it(
    default_graph: ConceptGraph, tmp_path: Path, damage: Callable, message: str
) -> None:
    _save(default_graph, tmp_path)
    path = tmp_path / "graph_evidence.jsonl"
    lines = path.read_text("utf-8").split("\n")[:-1]
    path.write_text("".join(line + "\n" for line in damage(lines)), "utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_graph(tmp_path / "graph.json")
    assert "\n" not in str(info.value)
    assert "graph_evidence.jsonl" in str(info.value)


def test_a_missing_evidence_file_is_named(default_graph: ConceptGraph, tmp_path: Path) -> None:
    _save(default_graph, tmp_path)
    (tmp_path / "graph_evidence.jsonl").unlink()
    with pytest.raises(InputError, match=r"graph_evidence\.jsonl: cannot read"):
        read_graph(tmp_path / "graph.json")


@requires_chromium
@pytest.mark.parametrize(
    ("lang", "held_of", "show_held", "capped"),
    [
        (
            "en",
            "This page holds 20 of the 1,203 sentences; all of them are in graph_evidence.jsonl "
            "(or run kamlit graph show 大客户)",
            "Show the 20 sentences this page holds",
            "at most 20 sentences per link embedded (1 of the links have more",
        ),
        (
            "zh",
            "本页收录 20 句，共 1,203 句；全部句子见 graph_evidence.jsonl"
            "（或运行 kamlit graph show 大客户）",
            "显示本页收录的 20 句",
            "每条连线最多收录 20 句原文（1 条连线的句子更多",
        ),
    ],
    ids=["en", "zh"],
)
def test_a_capped_page_shows_true_counts_in_the_browser(
    corpus_from: Callable, tmp_path: Path, lang: str, held_of: str, show_held: str, capped: str
) -> None:
    graph = _graph(corpus_from, 1203)
    path = tmp_path / f"graph-{lang}.html"
    path.write_text(render_graph_html(graph, lang=lang), encoding="utf-8")
    with open_page(path) as (page, log):
        page.wait_for_selector("body[data-drawn=true]", state="attached")
        assert capped in page.inner_text("#summary")
        assert page.evaluate("window.kamlitGraph.select('大客户')") is True
        details = page.inner_text("#details")
        assert held_of in details
        assert "1,203" in details  # the link's records, as the facts line counts them
        assert page.evaluate("document.querySelectorAll('#details ol.evidence li').length") == 10
        page.click(f"text={show_held}")
        assert page.evaluate("document.querySelectorAll('#details ol.evidence li').length") == 20
        # The sector filter keeps the link: its one postal record is outside the sample.
        page.select_option("#sector", "postal")
        assert page.evaluate("window.kamlitGraph.counts()") == {"nodes": 2, "edges": 1}
        assert log.page_errors == [] and log.console_errors == []
        assert log.remote_requests == []


def test_report_keeps_an_older_run_folders_graph_json_and_names_it_on_the_page(
    run_dir: Path, tmp_path: Path
) -> None:
    """A run folder written before graph_evidence.jsonl (graph.json version 1, evidence
    inline) re-renders with its results untouched, again and again."""
    import hashlib
    import shutil

    from kamlit.pipeline import render_report

    copy = tmp_path / "old"
    shutil.copytree(run_dir, copy)
    graph = read_graph(copy / "graph" / "graph.json")
    data = graph_to_dict(graph)
    data["graph"]["version"] = 1
    del data["graph"]["evidence"]
    for edge in data["edges"]:
        del edge["n_records"], edge["n_sentences"]
    old = copy / "graph" / "graph.json"
    old.write_text(dumps_json(data), encoding="utf-8")
    (copy / "graph" / EVIDENCE_FILE).unlink()
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    del manifest["outputs"]["graph/" + EVIDENCE_FILE]
    manifest["outputs"]["graph/graph.json"] = hashlib.sha256(old.read_bytes()).hexdigest()
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = old.read_bytes()
    for _ in range(2):
        render_report(copy)
        assert old.read_bytes() == before
        assert not (copy / "graph" / EVIDENCE_FILE).exists()
    page = (copy / "graph" / "graph.html").read_text(encoding="utf-8")
    assert _data(page)["meta"]["evidence_file"] == "graph.json"
    assert read_graph(old) == graph
