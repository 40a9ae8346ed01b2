"""topics.html: escaped, offline, and working in a real browser (map, λ slider, tables)."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from browser import open_page, requires_chromium
from kamlit.i18n import catalogue
from kamlit.settings import TopicSettings
from kamlit.text import Corpus
from kamlit.topics import build_topics
from kamlit.topics.explorer import choice_text
from kamlit.topics.explorer import render_explorer as _render_explorer
from kamlit.topics.result import TopicModelResult


def render_explorer(data: dict[str, Any]) -> str:
    """The page of a topics.json object, rendered (as `kamlit report` does) from its result, in
    English (the Chinese page is tested in tests/report/test_pages.py)."""
    return _render_explorer(TopicModelResult.from_dict(data), lang="en")


FAST = TopicSettings(passes=20, iterations=30, stability_runs=2, k_max=4)
EVIL = '</script><img src=x onerror="window.__pwned=1">&amp;'


@pytest.fixture(scope="module")
def data(themed: Corpus) -> dict[str, Any]:
    return build_topics(themed, settings=FAST, seed=4).to_dict()


def _page(data: dict[str, Any], tmp_path: Path, name: str = "topics.html") -> Path:
    path = tmp_path / name
    path.write_text(render_explorer(data), encoding="utf-8")
    return path


def _expected_terms(data: dict[str, Any], topic_id: int, lam: float, n: int = 30) -> list[str]:
    """The relevance ranking the page should show, computed independently in Python."""
    topic = data["topics"][topic_id - 1]
    tokens = data["corpus"]["tokens"]
    rows = []
    for item in topic["relevance_terms"]:
        phi = item["weight"]
        p_w = data["term_frequency"][item["term"]] / tokens
        rows.append((-(lam * math.log(phi) + (1 - lam) * math.log(phi / p_w)), item["term"]))
    return [term for _, term in sorted(rows)[:n]]


def test_page_is_self_contained(data: dict[str, Any]) -> None:
    page = render_explorer(data)
    assert "<script src" not in page
    assert '<link rel="stylesheet"' not in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def test_text_from_the_data_cannot_break_out(data: dict[str, Any]) -> None:
    evil = copy.deepcopy(data)
    evil["topics"][0]["label"] = EVIL
    evil["engine"] = EVIL
    page = render_explorer(evil)
    assert "</script><img" not in page
    assert "<img src=x" not in page
    assert "&lt;/script&gt;&lt;img" in page  # the title, escaped by Python
    # The embedded JSON still parses back to the same data.
    start = page.index('id="topics-data">') + len('id="topics-data">')
    end = page.index("</script>", start)
    evil.pop("schema")
    evil.pop("notices")  # rendered into `warnings` in the page's language (English here)
    why = choice_text(TopicModelResult.from_dict(evil), catalogue("en"))
    assert why.startswith("K=")  # the numbers behind the choice follow the rule
    evil.update(
        min_year_records=3, texts={}, rule_text=evil["model"]["selection_rule"] + "; " + why
    )  # what the page adds: no records were given
    for group in evil["sectors"]:  # one label per sector, in the page's language
        if group["key"] == "general":
            group["label"] = "general"
    assert json.loads(page[start:end]) == json.loads(json.dumps(evil))


@requires_chromium
def test_explorer_works_offline_in_chromium(data: dict[str, Any], tmp_path: Path) -> None:
    path = _page(data, tmp_path)
    with open_page(path) as (page, log):
        assert page.locator("#map circle").count() == data["k"]
        assert page.locator("#topics tbody tr").count() == data["k"]
        assert page.locator("#records tbody tr").count() == len(data["topics"][0]["top_records"])
        # Topic 1 is selected at λ = 0.6; the bars follow the relevance ranking.
        shown = page.locator("#bars .bar-term").all_text_contents()
        assert shown == _expected_terms(data, 1, 0.6)
        # Moving the slider re-ranks in the page.
        for lam in ("0", "1"):
            page.fill("#lambda", lam)
            page.dispatch_event("#lambda", "input")
            assert page.locator("#lambda-value").text_content() == f"{float(lam):.2f}"
            shown = page.locator("#bars .bar-term").all_text_contents()
            assert shown == _expected_terms(data, 1, float(lam))
        # Clicking a circle selects its topic everywhere.
        page.locator('#map circle[data-topic="2"]').click()
        assert page.locator("#topic-select").input_value() == "2"
        assert "topic 2" in (page.locator("#terms-title").text_content() or "")
        assert page.locator("#topics tbody tr.selected").get_attribute("data-topic") == "2"
        # Records show by title, the id beside it.
        first = data["topics"][1]["top_records"][0]
        first_record = page.locator("#records tbody tr td").nth(1)
        assert first_record.locator(".rec-title").text_content() == first["title"]
        assert first_record.locator(".rid").text_content() == first["id"]
        # The sector table has one column per sector, the selection table one row per K.
        assert page.locator("#sectors thead th").count() == 1 + len(data["sectors"])
        assert page.locator("#selection tbody tr").count() == len(data["selection"])
        page.screenshot(path=str(tmp_path / "topics.png"), full_page=True)
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.remote_requests == []


@requires_chromium
def test_hostile_text_and_a_page_without_years_or_selection(
    data: dict[str, Any], tmp_path: Path
) -> None:
    evil = copy.deepcopy(data)
    evil["topics"][0]["label"] = EVIL
    evil["topics"][0]["top_records"][0]["title"] = EVIL
    plain = copy.deepcopy(data)
    plain.pop("selection")
    plain["model"]["k_auto"] = False
    plain["years"] = []
    for topic in plain["topics"]:
        topic["years"] = {}
    with open_page(_page(evil, tmp_path, "evil.html")) as (page, log):
        assert page.evaluate("window.__pwned === undefined")
        assert page.locator("img").count() == 0
        assert EVIL in (page.locator("#topics tbody tr").first.text_content() or "")
        assert EVIL in (page.locator("#records tbody").text_content() or "")
        page.goto(_page(plain, tmp_path, "plain.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("#selection tbody tr").count() == 1
        assert "No years known" in (page.locator("#years").text_content() or "")
        assert "fixed" in (page.locator("#rule").text_content() or "")
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.remote_requests == []


def _embedded(page: str) -> dict[str, Any]:
    start = page.index('<script type="application/json" id="topics-data">')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    return dict(json.loads(body))


def test_a_large_model_embeds_each_topics_top_records_only(
    themed: Corpus, data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kamlit.topics.explorer as explorer

    result = TopicModelResult.from_dict(data)
    records = themed.records
    full = _embedded(_render_explorer(result, records=records, lang="en"))
    assert full["doc_ids"] == list(result.doc_ids)
    assert len(full["texts"]) == len(result.doc_ids)

    k = result.doc_topic.shape[1]
    monkeypatch.setattr(explorer, "EXPLORER_RECORDS", 2 * k)
    monkeypatch.setattr(explorer, "EXPLORER_TOPIC_RECORDS", 5)
    assert explorer.topic_records(k) == 2  # the page holds at most EXPLORER_RECORDS records
    small = _embedded(_render_explorer(result, records=records, lang="en"))
    # Each topic's two largest shares (ties by corpus order), in corpus order.
    wanted: set[str] = set()
    for col in range(k):
        ranked = sorted(range(len(result.doc_ids)), key=lambda i: (-result.doc_topic[i, col], i))
        wanted.update(result.doc_ids[i] for i in ranked[:2])
    assert len(wanted) < len(result.doc_ids)
    assert small["doc_ids"] == [i for i in result.doc_ids if i in wanted]
    assert set(small["doc_topics"]) == wanted
    assert set(small["texts"]) == wanted
    note = f"({len(wanted)} of {len(result.doc_ids)} records)"
    assert any(note in w for w in small["warnings"])
    # Everything else on the page is unchanged.
    for key in ("topics", "sectors", "years", "k"):
        assert small[key] == full[key]
