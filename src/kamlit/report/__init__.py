"""The static report site of a run: `index.html` rendered from the results saved in a run folder.

It reads only files (records.jsonl, sectors.json, topics/, graph/, digests/, manifest.json),
so `kamlit report DIR` re-renders it without recomputing anything. The page is one file with
inline CSS and JS (package data in `data/report/`), works from a file:// URL, and escapes every
text it shows. Every record id on the page links to that record's row in the record table.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kamlit.errors import InputError
from kamlit.io import atomic_write_text

RECORDS = "records.jsonl"
SECTORS = "sectors.json"
TOPICS = "topics/topics.json"
GRAPH = "graph/graph.json"
DIGESTS = "digests/digests.json"
MANIFEST = "manifest.json"
SMALL_CORPUS = 100


RECORD_PAGE = "../index.html"  # where the run's sub-folder pages link record ids to


def record_anchor(record_id: str) -> str:
    """Return the fragment id of a record's row: `rec-` + the id as JS encodeURIComponent
    encodes it, so the pages' scripts build the same links."""
    return "rec-" + quote(record_id, safe="-_.!~*'()")


def record_href(record_id: str, *, page: str = "") -> str:
    """Return the link to a record's row; `page` is e.g. `../index.html` from a sub-folder."""
    return f"{page}#{record_anchor(record_id)}"


def render_site(out_dir: str | Path) -> Path:
    """Render `index.html` in a run folder from its saved results; return its path."""
    root = Path(out_dir)
    if not (root / RECORDS).is_file():
        raise InputError(f"not a kamlit run folder: {RECORDS} is missing", path=root)
    site = _Site(root)
    return atomic_write_text(root / "index.html", site.render())


def e(value: Any) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=path, line=number) from exc
    return rows


def _read_json(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, table_id: str = "") -> str:
    """A data table; cells are already-escaped HTML."""
    ident = f' id="{e(table_id)}"' if table_id else ""
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="data"{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _section(anchor: str, title: str, inner: str) -> str:
    return f'<section id="{e(anchor)}"><h2>{e(title)}</h2>{inner}</section>'


def _links(pairs: Iterable[tuple[str, str]]) -> str:
    items = [f'<a href="{e(href)}">{e(label)}</a>' for href, label in pairs]
    return f'<p class="links">{" · ".join(items)}</p>' if items else ""


def _bars(title: str, items: Sequence[tuple[Any, int]]) -> str:
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    rows = "".join(
        f'<div class="bar"><span class="bl" title="{e(k)}">{e(k)}</span>'
        f'<span class="bv" style="width:{8 * v / top:.2f}rem"></span>'
        f'<span class="bn">{v}</span></div>'
        for k, v in items
    )
    return f'<div class="bars"><h3>{e(title)}</h3>{rows}</div>'


def _abstracts(count: Any) -> str:
    return f"{e(count)} abstract" + ("" if count == 1 else "s")


def _num(value: Any) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


class _Site:
    """Everything saved in a run folder, and the HTML of each section of index.html."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.records = _read_jsonl(root / RECORDS)
        self.by_id = {r["id"]: r for r in self.records}
        sectors = _read_json(root / SECTORS) or {}
        self.topics = _read_json(root / TOPICS)
        self.graph = _read_json(root / GRAPH)
        self.digests = _read_json(root / DIGESTS)
        self.manifest = _read_json(root / MANIFEST) or {}
        self.sector_of = {r["id"]: r.get("sectors", []) for r in sectors.get("records", [])}
        self.sector_labels = {
            s["key"]: s.get("label", s["key"]) for s in sectors.get("sectors", [])
        }

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def rec_link(self, record_id: str) -> str:
        title = self.by_id.get(record_id, {}).get("title") or ""
        tip = f' title="{e(title)}"' if title else ""
        return f'<a class="rid" href="{e(record_href(record_id))}"{tip}>{e(record_id)}</a>'

    def render(self) -> str:
        n = len(self.records)
        warning = ""
        if n < SMALL_CORPUS:
            warning = (
                f'<p class="warn">This corpus has {n} abstracts. Topics, graph communities and '
                "digests from so few texts are exploratory: read the evidence, check the "
                "coherence and stability figures, and do not over-claim.</p>"
            )
        nav = "".join(
            f'<a href="#{anchor}">{label}</a>'
            for anchor, label in (
                ("overview", "Overview"),
                ("topics", "Topics"),
                ("graph", "Concept graph"),
                ("digests", "Sector digests"),
                ("records", "Records"),
                ("about", "About this run"),
            )
        )
        body = "\n".join(
            [
                self.overview(),
                self.topics_section(),
                self.graph_section(),
                self.digest_section(),
                self.records_section(),
                self.about_section(),
            ]
        )
        assets = resources.files("kamlit").joinpath("data/report")
        page = assets.joinpath("page.html").read_text(encoding="utf-8")
        fills = {
            "%%CSS%%": assets.joinpath("page.css").read_text(encoding="utf-8"),
            "%%JS%%": assets.joinpath("page.js").read_text(encoding="utf-8"),
            "%%TITLE%%": e(f"kamlit report — {n} abstracts"),
            "%%NAV%%": nav,
            "%%WARNING%%": warning,
            "%%BODY%%": body,
        }
        for key, value in fills.items():
            page = page.replace(key, value)
        return page

    def overview(self) -> str:
        records = self.records
        n = len(records)
        years = Counter(r["year"] for r in records if r.get("year"))
        journals = Counter(r["journal"] for r in records if r.get("journal"))
        formats = Counter(r["source"]["format"] for r in records)
        files = {r["source"]["file"] for r in records}
        sectors = Counter(k for r in records for k in self.sector_of.get(r["id"], []))
        year_text = "unknown"
        if years:
            year_text = f"{min(years)}–{max(years)} ({sum(years.values())} dated)"
        format_text = ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
        cards = [
            ("Records", str(n)),
            ("Files", f"{len(files)} ({format_text})"),
            ("Years", year_text),
            ("With title", f"{sum(1 for r in records if r.get('title'))} of {n}"),
            (
                "Abstracts cut by the source",
                f"{sum(1 for r in records if r.get('truncated'))} of {n}",
            ),
        ]
        card_html = "".join(
            f'<div class="card"><div class="k">{e(k)}</div><div class="v">{e(v)}</div></div>'
            for k, v in cards
        )
        sector_items = [
            (self.sector_labels.get(k, k), v)
            for k, v in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return _section(
            "overview",
            "Corpus overview",
            (
                f'<div class="cards">{card_html}</div>'
                + _bars("Sectors", sector_items)
                + _bars("Years", sorted(years.items()))
                + _bars("Journals", journals.most_common(12))
            ),
        )

    def topics_section(self) -> str:
        topics = self.topics
        if not topics:
            return _section("topics", "Topics", '<p class="muted">No topic model in this run.</p>')
        coherence = topics.get("coherence") or {}
        head = (
            f"<p>{e(topics.get('engine'))} LDA, K = {e(topics.get('k'))}, seed "
            f"{e(topics.get('seed'))}; mean coherence ({e(coherence.get('measure'))}) "
            f"{_num(coherence.get('mean'))}"
        )
        stability = topics.get("stability")
        if isinstance(stability, Mapping):
            stability = stability.get("mean")
        if stability is not None:
            head += f"; stability across seeds (top-term Jaccard) {_num(stability)}"
        head += ".</p>"
        head += "".join(f'<p class="warn">{e(w)}</p>' for w in topics.get("warnings", []))
        rows = []
        for topic in topics.get("topics", []):
            terms = "、".join(t["term"] for t in topic.get("terms", [])[:8])
            top = topic.get("top_records") or topic.get("records") or []
            ids = [t["id"] if isinstance(t, Mapping) else t for t in top][:3]
            rows.append(
                [
                    e(topic.get("id")),
                    e(topic.get("label")),
                    e(terms),
                    _pct(topic.get("prevalence", topic.get("share"))),
                    _num(topic.get("coherence")),
                    " ".join(self.rec_link(i) for i in ids),
                ]
            )
        table = _table(["#", "Label", "Top terms", "Share", "Coherence", "Top records"], rows)
        links = _links(
            (rel, label)
            for rel, label in (
                ("topics/topics.html", "Open the topic explorer"),
                ("topics/selection.csv", "K selection table (CSV)"),
                ("topics/topic_terms.csv", "Topic terms (CSV)"),
                ("topics/doc_topics.csv", "Document–topic shares (CSV)"),
            )
            if self.exists(rel)
        )
        selection = ""
        if topics.get("selection"):
            sel = _table(
                ["K", "Coherence", "Stability"],
                (
                    [e(s.get("k")), _num(s.get("coherence")), _num(s.get("stability"))]
                    for s in topics["selection"]
                ),
            )
            selection = f"<details><summary>How K was chosen</summary>{sel}</details>"
        image = ""
        if self.exists("topics/topics.png"):
            image = '<p><img class="chart" src="topics/topics.png" alt="Top terms per topic"></p>'
        return _section("topics", "Topics", head + table + links + selection + image)

    def graph_section(self) -> str:
        if not self.exists("graph/graph.html"):
            return _section(
                "graph", "Concept graph", '<p class="muted">No concept graph in this run.</p>'
            )
        parts = [
            _links(
                (rel, label)
                for rel, label in (
                    ("graph/graph.html", "Open the graph browser full-page"),
                    ("graph/graph.gexf", "GEXF (Gephi)"),
                    ("graph/graph.graphml", "GraphML"),
                    ("graph/vosviewer_map.txt", "VOSviewer map"),
                    ("graph/nodes.csv", "nodes.csv"),
                    ("graph/edges.csv", "edges.csv"),
                )
                if self.exists(rel)
            )
        ]
        parts.append(
            '<iframe class="graph" src="graph/graph.html" title="Concept graph browser"></iframe>'
        )
        nodes = (self.graph or {}).get("nodes", [])
        if nodes:
            top = sorted(nodes, key=lambda nd: (-float(nd.get("freq") or 0), str(nd.get("id"))))
            table = _table(
                ["Concept", "Frequency", "Records", "Community"],
                (
                    [e(nd.get("id")), e(nd.get("freq")), e(nd.get("df")), e(nd.get("community"))]
                    for nd in top[:15]
                ),
            )
            parts.append(f"<details><summary>Most frequent concepts</summary>{table}</details>")
        if self.exists("graph/thematic_map.png"):
            parts.append(
                '<p><img class="chart" src="graph/thematic_map.png" alt="Thematic map"></p>'
            )
        return _section("graph", "Concept graph", "".join(parts))

    def digest_section(self) -> str:
        digests = self.digests
        if not digests:
            return _section(
                "digests", "Sector digests", '<p class="muted">No digests in this run.</p>'
            )
        parts = []
        for sector in digests.get("sectors", []):
            n = len(sector.get("records", []))
            parts.append(
                f'<h3 id="sector-{e(sector.get("sector"))}">{e(sector.get("label"))} '
                f'<span class="muted">({e(sector.get("sector"))}, '
                f"based on {_abstracts(n)})</span></h3>"
            )
            if n < 5:
                parts.append(
                    f'<p class="warn">Only {_abstracts(n)}: read these as leads, not findings.</p>'
                )
            items = [self._practice(p) for p in sector.get("practices", [])]
            parts.append(
                f"<ol class='practices'>{''.join(items)}</ol>"
                if items
                else "<p class='muted'>No recommending statements found.</p>"
            )
        parts.append(self._comparison(digests))
        parts.append(
            _links(
                [("digests/digests.md", "Digests as Markdown")]
                if self.exists("digests/digests.md")
                else []
            )
        )
        return _section("digests", "Sector digests: recommended practices", "".join(parts))

    def _comparison(self, digests: Mapping[str, Any]) -> str:
        """Practices shared by sectors versus distinctive to one, by practice number."""
        rows = digests.get("comparison") or []
        sectors = [d.get("sector") for d in digests.get("sectors", [])]
        if not rows or len(sectors) < 2:
            return ""
        labels = digests.get("labels", {})
        body = []
        for row in rows:
            numbers = row.get("sectors", {})
            cells = [f"#{numbers[k]}" if k in numbers else "–" for k in sectors]
            body.append(
                [
                    e(row.get("statement")),
                    e(row.get("theme")),
                    *(e(c) for c in cells),
                    "shared" if row.get("shared") else "distinctive",
                ]
            )
        headers = ["Practice", "Theme", *(labels.get(k, k) for k in sectors), ""]
        table = _table(headers, body)
        return f"<h3>Shared versus distinctive practices</h3>{table}"

    def _practice(self, practice: Mapping[str, Any]) -> str:
        quotes = []
        for ev in practice.get("evidence", []):
            record_id = ev.get("id", "")
            title = self.by_id.get(record_id, {}).get("title")
            cite = self.rec_link(record_id) + (f" 《{e(title)}》" if title else "")
            quotes.append(f"<blockquote>{e(ev.get('quote'))}<footer>— {cite}</footer></blockquote>")
        return (
            f'<li><p class="stmt">{e(practice.get("statement"))}</p>'
            f'<p class="muted">Theme: {e(practice.get("theme"))} · support: '
            f"{_abstracts(practice.get('support'))}</p>{''.join(quotes)}</li>"
        )

    def records_section(self) -> str:
        rows = []
        for r in self.records:
            rid = r["id"]
            source = ", ".join(str(x) for x in (r.get("journal"), r.get("year")) if x)
            sectors = " · ".join(
                e(self.sector_labels.get(k, k)) for k in self.sector_of.get(rid, [])
            )
            rows.append(
                f'<tr id="{e(record_anchor(rid))}"><td><a class="rid" href="{e(record_href(rid))}">'
                f"{e(rid)}</a></td><td>{e(r.get('title'))}</td>"
                f"<td>{e('; '.join(r.get('authors') or []))}</td><td>{e(source)}</td>"
                f"<td>{sectors}</td><td>{'cut' if r.get('truncated') else ''}</td>"
                f'<td class="abs">{e(r.get("abstract"))}</td></tr>'
            )
        headers = ["Id", "Title", "Authors", "Source", "Sector", "Abstract cut", "Abstract"]
        head = "".join(f"<th>{h}</th>" for h in headers)
        search = (
            '<p><input id="filter" type="search" aria-label="Search records" '
            'placeholder="Search titles, authors, abstracts…"> '
            '<span id="count" class="muted"></span></p>'
        )
        table = (
            f'<table class="data" id="record-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        return _section("records", "Records", search + table)

    def about_section(self) -> str:
        manifest = self.manifest
        if not manifest:
            return ""
        inputs = "".join(
            f"<li><code>{e(i.get('path'))}</code> ({e(i.get('format'))}, {e(i.get('encoding'))}) "
            f"sha256 <code>{e(str(i.get('sha256'))[:16])}</code>…</li>"
            for i in manifest.get("inputs", [])
        )
        versions = ", ".join(
            f"{e(k)} {e(v)}" for k, v in sorted(manifest.get("versions", {}).items())
        )
        notes = "".join(f"<li>{e(p)}</li>" for p in manifest.get("problems", []))
        notes_html = f"<h3>Input notes</h3><ul>{notes}</ul>" if notes else ""
        return _section(
            "about",
            "About this run",
            (
                f"<p>Seed {e(manifest.get('seed'))}. Versions: {versions}.</p>"
                f"<h3>Inputs</h3><ul>{inputs}</ul>{notes_html}"
                + _links([("manifest.json", "manifest.json (inputs, settings, versions, timings)")])
            ),
        )
