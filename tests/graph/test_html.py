"""graph.html: self-contained, escaped, and usable in headless Chromium (click → evidence)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from browser import open_page, requires_chromium
from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.graph import ConceptGraph, build_concept_graph, neighbours
from kamlit.graph.html import render_graph_html
from kamlit.settings import GraphSettings

HOSTILE_TITLE = '<img src=x onerror="window.pwned=1">'
HOSTILE_TEXT = "大客户</script><script>window.pwned=2</script>与<b>服务</b>。"


def _data(page_html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', page_html, re.S
    )
    assert match, "the data block is missing"
    return json.loads(match.group(1))


def test_page_is_self_contained(default_out: Path) -> None:
    text = (default_out / "graph.html").read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text
    assert "sourceMappingURL" not in text
    # Every <script> is inline (the data and the messages); no raw '<' could end one early.
    assert text.count('<script type="application/json"') == 2
    data = _data(text)
    assert {n["term"] for n in data["nodes"]} >= {"大客户"}
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_text_is_escaped_in_the_data_block(corpus_from: Callable) -> None:
    corpus, _ = corpus_from(
        [
            ("x:1", None, ("general",), ((HOSTILE_TEXT, ("大客户", "服务")),)),
            ("x:2", None, ("general",), ((HOSTILE_TEXT, ("大客户", "服务")),)),
        ]
    )
    corpus = _retitle(corpus, HOSTILE_TITLE)
    graph = build_concept_graph(corpus, settings=GraphSettings(min_count=1))
    page = render_graph_html(graph)
    block = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "window.pwned" in block  # the text is there, escaped as \u003c…
    assert _data(page)["sentences"][0][2] == HOSTILE_TEXT


def _retitle(prepared: PreparedCorpus, title: str) -> PreparedCorpus:
    from dataclasses import replace

    records = tuple(replace(r, title=title) for r in prepared.records)
    return from_corpus(replace(prepared.corpus, records=records), sectors=prepared.sectors)


@requires_chromium
def test_hostile_text_is_shown_as_text_in_the_browser(
    corpus_from: Callable, tmp_path: Path
) -> None:
    corpus, _ = corpus_from(
        [
            ("x:1", None, ("general",), ((HOSTILE_TEXT, ("大客户", "服务")),)),
            ("x:2", None, ("general",), ((HOSTILE_TEXT, ("大客户", "服务")),)),
        ]
    )
    corpus = _retitle(corpus, HOSTILE_TITLE)
    graph = build_concept_graph(corpus, settings=GraphSettings(min_count=1))
    path = tmp_path / "graph.html"
    path.write_text(render_graph_html(graph), encoding="utf-8")
    with open_page(path) as (page, log):
        page.wait_for_selector("body[data-ready=true]", state="attached")
        assert page.evaluate("window.kamlitGraph.select('大客户')") is True
        details = page.inner_text("#details")
        assert HOSTILE_TEXT in details and HOSTILE_TITLE in details
        assert page.evaluate("document.querySelectorAll('#details img, #details b').length") == 0
        assert page.evaluate("window.pwned === undefined")
        assert log.page_errors == [] and log.console_errors == []
        assert log.remote_requests == []


@requires_chromium
def test_default_graph_page_opens_offline_and_a_click_shows_evidence(
    default_out: Path, default_graph: ConceptGraph, tmp_path: Path
) -> None:
    hood = neighbours(default_graph, "大客户")
    first = hood.neighbours[0]
    with open_page(default_out / "graph.html", width=1400, height=900) as (page, log):
        page.wait_for_selector("body[data-ready=true]", state="attached")
        # Canvas drawn: some pixels are painted.
        painted = page.evaluate(
            """() => { const c = document.querySelector('#canvas canvas');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""
        )
        assert painted > 1000
        # The JS hook, as the search box uses it.
        assert page.evaluate("window.kamlitGraph.select('大客户')") is True
        assert page.inner_text("#details h2") == "大客户"
        details = page.inner_text("#details")
        assert first.term in details
        assert first.quotes[0].text in details and first.quotes[0].id in details
        assert first.quotes[0].label in details
        page.screenshot(path=str(tmp_path / "selected.png"))
        # A real mouse click at another node's canvas position.
        other = next(nb.term for nb in hood.neighbours[1:] if nb.edge.count >= 2)
        page.evaluate("window.kamlitGraph.clear()")
        x, y = page.evaluate(
            """(term) => { const g = window.kamlitGraph, n = g.network;
                 const id = g.data.nodes.findIndex(d => d.term === term);
                 n.moveTo({ position: n.getPositions([id])[id], scale: 1.5, animation: false });
                 const p = n.canvasToDOM(n.getPositions([id])[id]);
                 const r = document.getElementById('canvas').getBoundingClientRect();
                 return [r.left + p.x, r.top + p.y]; }""",
            other,
        )
        page.mouse.click(x, y)
        page.wait_for_function(
            "(t) => document.querySelector('#details h2')?.textContent === t", arg=other
        )
        assert "邻居" in page.inner_text("#details")
        assert log.console_errors == [] and log.page_errors == []
        assert log.remote_requests == []


@requires_chromium
def test_search_filters_and_colouring(default_out: Path, default_graph: ConceptGraph) -> None:
    with open_page(default_out / "graph.html", width=1400, height=900) as (page, log):
        page.wait_for_selector("body[data-ready=true]", state="attached")
        total = page.evaluate("window.kamlitGraph.counts()")
        assert total == {"nodes": len(default_graph.nodes), "edges": len(default_graph.edges)}
        # Search box
        page.fill("#search", "大客户")
        page.press("#search", "Enter")
        assert page.inner_text("#details h2") == "大客户"
        page.fill("#search", "不存在的概念")
        page.press("#search", "Enter")
        assert "不存在的概念" in page.inner_text("#search-msg")
        # Neighbours only
        page.check("#neighbours-only")
        focus = page.evaluate("window.kamlitGraph.counts()")
        node = default_graph.node("大客户")
        assert node is not None and focus["nodes"] == node.degree + 1
        page.uncheck("#neighbours-only")
        # Sector filter: only postal concepts and links from postal records stay.
        page.select_option("#sector", "postal")
        postal = page.evaluate("window.kamlitGraph.counts()")
        assert 0 < postal["edges"] < total["edges"]
        assert postal["nodes"] <= sum(1 for n in default_graph.nodes if "postal" in n.sectors)
        page.select_option("#sector", "")
        # Minimum weight slider
        page.fill("#min-weight", "60")
        page.dispatch_event("#min-weight", "input")
        heavy = page.evaluate("window.kamlitGraph.counts()")
        assert heavy["edges"] < total["edges"]
        # Colour by sector shows the sector legend.
        page.select_option("#color-by", "sector")
        assert "电信" in page.inner_text("#legend") and "邮政" in page.inner_text("#legend")
        # An edge's evidence
        edge = default_graph.edges_of("大客户")[0]
        assert page.evaluate(
            "([a, b]) => window.kamlitGraph.selectEdge(a, b)", [edge.source, edge.target]
        )
        assert default_graph.sentences[edge.sentences[0]].text in page.inner_text("#details")
        assert log.console_errors == [] and log.page_errors == [] and log.remote_requests == []


@pytest.mark.parametrize("measure", ["npmi", "count"])
def test_page_data_weights_follow_the_measure(
    build: Callable[..., ConceptGraph], measure: str
) -> None:
    graph = build(measure=measure)
    data = _data(render_graph_html(graph))
    assert [e["w"] for e in data["edges"]] == [e.weight for e in graph.edges]
    assert all(0 < e["v"] <= 1 for e in data["edges"])
