"""graph.html's search finds a concept under any of its thesaurus names, as the CLI does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from browser import open_page, requires_chromium
from kamlit.graph import ConceptGraph, graph_from_dict, graph_to_dict
from kamlit.graph.html import page_data


def test_nodes_carry_their_synonyms_into_the_page_and_graph_json(
    default_graph: ConceptGraph,
) -> None:
    node = default_graph.node("大客户")
    assert node is not None and "key account" in node.aliases
    data = page_data(default_graph)
    by_term = {n["term"]: n for n in data["nodes"]}
    assert "key account" in by_term["大客户"]["aliases"]
    assert graph_from_dict(json.loads(json.dumps(graph_to_dict(default_graph)))) == default_graph


@requires_chromium
def test_search_box_matches_synonyms(default_out: Path) -> None:
    with open_page(default_out / "graph.html", width=1400, height=900) as (page, log):
        page.wait_for_selector("body[data-ready=true]", state="attached")
        for typed, concept in (
            ("Key Account", "大客户"),
            ("ＫＥＹ　ＡＣＣＯＵＮＴ", "大客户"),
            ("中移动", "中国移动"),
            ("80/20法则", "二八法则"),
        ):
            page.fill("#search", typed)
            page.press("#search", "Enter")
            assert page.inner_text("#details h2") == concept, typed
            assert page.inner_text("#search-msg") == ""
        page.fill("#search", "account")
        page.press("#search", "Enter")
        assert re.search("相近：.*大客户", page.inner_text("#search-msg"))
        assert log.console_errors == [] and log.page_errors == []
