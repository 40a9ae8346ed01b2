"""The report site: offline, no console error, no broken local link, record ids link to rows."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from browser import open_page, requires_chromium
from kamlit.report import record_anchor, record_href

PAGES = ["index.html", "topics/topics.html", "graph/graph.html"]


def test_record_anchor_matches_encode_uri_component() -> None:
    assert record_anchor("key-accounts-similar-literature:12") == (
        "rec-key-accounts-similar-literature%3A12"
    )
    assert record_anchor("我的 文献(1):3") == "rec-%E6%88%91%E7%9A%84%20%E6%96%87%E7%8C%AE(1)%3A3"
    assert record_href("a:1", page="../index.html") == "../index.html#rec-a%3A1"


def _local_links(page: object) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => Array.from(document.querySelectorAll('a[href], iframe[src], img[src]'))
              .map(e => e.getAttribute('href') || e.getAttribute('src'))"""
    )


@requires_chromium
def test_every_page_opens_offline_without_errors_or_broken_links(run_dir: Path) -> None:
    ids_by_page: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    for name in PAGES:
        path = run_dir / name
        with open_page(path) as (page, log):
            page.wait_for_timeout(500)
            assert log.console_errors == [], (name, log.console_errors)
            assert log.page_errors == [], (name, log.page_errors)
            assert log.remote_requests == [], (name, log.remote_requests)
            ids_by_page[path.resolve()] = set(
                page.evaluate("() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
            )
            links += [(path, href) for href in _local_links(page)]
    assert links
    for source, href in links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, f"{source.name}: remote link {href}"
        target = (source.parent / unquote(parts.path)).resolve() if parts.path else source.resolve()
        assert target.is_file(), f"{source.name}: broken link {href}"
        if parts.fragment and target.suffix == ".html":
            if target not in ids_by_page:
                with open_page(target) as (page, _):
                    ids_by_page[target] = set(
                        page.evaluate(
                            "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"
                        )
                    )
            assert parts.fragment in ids_by_page[target], f"{source.name}: no #{parts.fragment}"


@requires_chromium
def test_record_ids_everywhere_link_to_the_record_row(run_dir: Path, tmp_path: Path) -> None:
    with open_page(run_dir / "index.html") as (page, _):
        hrefs = page.evaluate(
            "() => Array.from(document.querySelectorAll('a.rid')).map(a => a.getAttribute('href'))"
        )
        assert len(hrefs) > 40  # topics, digests and the record table
        rows = set(
            page.evaluate(
                "() => Array.from(document.querySelectorAll('#record-table tbody tr'))"
                ".map(r => r.id)"
            )
        )
        assert {h.lstrip("#") for h in hrefs} <= rows
        page.fill("#filter", "美国邮政")
        shown = page.evaluate(
            "() => Array.from(document.querySelectorAll('#record-table tbody tr'))"
            ".filter(r => r.style.display !== 'none').map(r => r.id)"
        )
        assert shown == [record_anchor("key-accounts-similar-literature:12")]
        page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    with open_page(run_dir / "graph" / "graph.html") as (page, _):
        page.evaluate("() => window.kamlitGraph.select('大客户')")
        page.wait_for_timeout(200)
        link = page.locator("a[href^='../index.html#rec-']").first
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html#" + href.split("#", 1)[1])  # type: ignore[union-attr]
    with open_page(run_dir / "topics" / "topics.html") as (page, _):
        assert page.locator("a[href^='../index.html#rec-']").count() > 0


def test_untitled_records_are_cited_by_the_opening_of_their_abstract(run_dir: Path) -> None:
    """A cited record without a title shows its abstract's first words, not a bare id."""
    import json
    import re

    html = (run_dir / "index.html").read_text(encoding="utf-8")
    lines = (run_dir / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    untitled = [r for r in records if not r.get("title") and r.get("abstract")]
    assert untitled, "the default corpus has records without titles"
    cited = 0
    for r in untitled:
        href = re.escape(record_href(r["id"]))
        opening = " ".join(r["abstract"].split())[:12]
        if re.search(f'<li>[^<]*<a class="rid" href="{href}"', html):
            cited += 1
            assert re.search(re.escape(opening) + f'[^<]*<a class="rid" href="{href}"', html)
    assert cited, "the topics table cites at least one untitled record"
