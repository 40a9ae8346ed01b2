"""The static report site of a run: `index.html` rendered from the typed results of a run folder.

`render_site` reads the folder with `kamlit.runfolder.load_run` (records, sectors, topics,
graph, digests, manifest) and renders from those objects, so `kamlit report DIR` re-renders it
without recomputing anything. The page is one file with
inline CSS and JS (package data in `data/report/`), works from a file:// URL, and escapes every
text it shows. Every record id on the page links to that record's row in the record table.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kamlit.io import atomic_write_text
from kamlit.runfolder import (
    DIGESTS,
    GRAPH,
    MANIFEST,
    RECORDS,
    SECTORS,
    TOPICS,
    RunFolder,
    load_run,
)
from kamlit.summarize.model import Practice, SectorDigests

__all__ = [
    "DIGESTS",
    "GRAPH",
    "MANIFEST",
    "RECORDS",
    "RECORD_PAGE",
    "SECTORS",
    "TOPICS",
    "record_anchor",
    "record_href",
    "render_index",
    "render_site",
]
SMALL_CORPUS = 100
THEME_SEPARATOR = "、"


RECORD_PAGE = "../index.html"  # where the run's sub-folder pages link record ids to


def record_anchor(record_id: str) -> str:
    """Return the fragment id of a record's row: `rec-` + the id as JS encodeURIComponent
    encodes it, so the pages' scripts build the same links."""
    return "rec-" + quote(record_id, safe="-_.!~*'()")


def record_href(record_id: str, *, page: str = "") -> str:
    """Return the link to a record's row; `page` is e.g. `../index.html` from a sub-folder."""
    return f"{page}#{record_anchor(record_id)}"


def render_site(run: RunFolder | str | Path) -> Path:
    """Render `index.html` of a run folder (loaded, or its path); return the page's path."""
    loaded = run if isinstance(run, RunFolder) else load_run(run)
    return atomic_write_text(loaded.folder / "index.html", render_index(loaded))


def render_index(run: RunFolder) -> str:
    """Return the HTML of a run folder's index.html."""
    return _Site(run).render()


def e(value: Any) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


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
    """The typed results of a run folder, and the HTML of each section of index.html."""

    def __init__(self, run: RunFolder) -> None:
        self.root = run.folder
        self.run = run
        self.records = run.records
        self.by_id = {r.id: r for r in run.records}
        self.sector_of = {r.id: r.sectors for r in run.sectors.records}
        # Only the defined sectors have a label here; `general` shows as its key.
        self.sector_labels = {s.key: s.label for s in run.sectors.sectors}

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def rec_link(self, record_id: str) -> str:
        record = self.by_id.get(record_id)
        title = (record.title if record else None) or ""
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
        years = Counter(r.year for r in records if r.year)
        journals = Counter(r.journal for r in records if r.journal)
        formats = Counter(r.source.format for r in records)
        files = {r.source.file for r in records}
        sectors = Counter(k for r in records for k in self.sector_of.get(r.id, ()))
        year_text = "unknown"
        if years:
            year_text = f"{min(years)}–{max(years)} ({sum(years.values())} dated)"
        format_text = ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
        cards = [
            ("Records", str(n)),
            ("Files", f"{len(files)} ({format_text})"),
            ("Years", year_text),
            ("With title", f"{sum(1 for r in records if r.title)} of {n}"),
            ("Abstracts cut by the source", f"{sum(1 for r in records if r.truncated)} of {n}"),
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
        topics = self.run.topics
        if topics is None:
            return _section("topics", "Topics", '<p class="muted">No topic model in this run.</p>')
        head = (
            f"<p>{e(topics.engine)} LDA, K = {e(topics.k)}, seed "
            f"{e(topics.seed)}; mean coherence (c_v) {_num(topics.coherence_mean)}"
        )
        if topics.stability is not None:
            head += f"; stability across seeds (top-term Jaccard) {_num(topics.stability)}"
        head += ".</p>"
        head += "".join(f'<p class="warn">{e(w)}</p>' for w in topics.warnings)
        rows = []
        for topic in topics.topics:
            terms = "、".join(t.term for t in topic.terms[:8])
            ids = [r.id for r in topic.top_records][:3]
            rows.append(
                [
                    e(topic.id),
                    e(topic.label),
                    e(terms),
                    _pct(topic.prevalence),
                    _num(topic.coherence),
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
        if topics.auto and topics.selection:  # topics.json lists the sweep only when K was auto
            sel = _table(
                ["K", "Coherence", "Stability"],
                ([e(s.k), _num(s.coherence), _num(s.stability)] for s in topics.selection),
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
        nodes = self.run.graph.nodes if self.run.graph else ()
        if nodes:
            top = sorted(nodes, key=lambda nd: (-nd.freq, nd.term))
            table = _table(
                ["Concept", "Frequency", "Records", "Community"],
                ([e(nd.term), e(nd.freq), e(nd.df), e(nd.community)] for nd in top[:15]),
            )
            parts.append(f"<details><summary>Most frequent concepts</summary>{table}</details>")
        if self.exists("graph/thematic_map.png"):
            parts.append(
                '<p><img class="chart" src="graph/thematic_map.png" alt="Thematic map"></p>'
            )
        return _section("graph", "Concept graph", "".join(parts))

    def digest_section(self) -> str:
        digests = self.run.digests
        if digests is None:
            return _section(
                "digests", "Sector digests", '<p class="muted">No digests in this run.</p>'
            )
        parts = []
        for sector in digests.digests:
            n = len(sector.records)
            parts.append(
                f'<h3 id="sector-{e(sector.sector)}">{e(sector.label)} '
                f'<span class="muted">({e(sector.sector)}, '
                f"based on {_abstracts(n)})</span></h3>"
            )
            if n < 5:
                parts.append(
                    f'<p class="warn">Only {_abstracts(n)}: read these as leads, not findings.</p>'
                )
            items = [self._practice(p) for p in sector.practices]
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

    def _comparison(self, digests: SectorDigests) -> str:
        """Practices shared by sectors versus distinctive to one, by practice number."""
        rows = digests.comparison
        sectors = [d.sector for d in digests.digests]
        if not rows or len(sectors) < 2:
            return ""
        body = []
        for row in rows:
            numbers = row.practices
            cells = [f"#{numbers[k]}" if k in numbers else "–" for k in sectors]
            body.append(
                [
                    e(row.statement),
                    e(THEME_SEPARATOR.join(row.theme)),
                    *(e(c) for c in cells),
                    "shared" if row.shared else "distinctive",
                ]
            )
        headers = ["Practice", "Theme", *(digests.labels.get(k, k) for k in sectors), ""]
        table = _table(headers, body)
        return f"<h3>Shared versus distinctive practices</h3>{table}"

    def _practice(self, practice: Practice) -> str:
        quotes = []
        for ev in practice.evidence:
            record = self.by_id.get(ev.id)
            title = record.title if record else None
            cite = self.rec_link(ev.id) + (f" 《{e(title)}》" if title else "")
            quotes.append(f"<blockquote>{e(ev.quote)}<footer>— {cite}</footer></blockquote>")
        return (
            f'<li><p class="stmt">{e(practice.statement)}</p>'
            f'<p class="muted">Theme: {e(THEME_SEPARATOR.join(practice.theme))} · support: '
            f"{_abstracts(practice.support)}</p>{''.join(quotes)}</li>"
        )

    def records_section(self) -> str:
        rows = []
        for r in self.records:
            rid = r.id
            source = ", ".join(str(x) for x in (r.journal, r.year) if x)
            sectors = " · ".join(
                e(self.sector_labels.get(k, k)) for k in self.sector_of.get(rid, ())
            )
            rows.append(
                f'<tr id="{e(record_anchor(rid))}"><td><a class="rid" href="{e(record_href(rid))}">'
                f"{e(rid)}</a></td><td>{e(r.title)}</td>"
                f"<td>{e('; '.join(r.authors))}</td><td>{e(source)}</td>"
                f"<td>{sectors}</td><td>{'cut' if r.truncated else ''}</td>"
                f'<td class="abs">{e(r.abstract)}</td></tr>'
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
        manifest = self.run.manifest
        inputs = "".join(
            f"<li><code>{e(i.path)}</code> ({e(i.format)}, {e(i.encoding)}) "
            f"sha256 <code>{e(i.sha256[:16])}</code>…</li>"
            for i in manifest.inputs
        )
        versions = ", ".join(f"{e(k)} {e(v)}" for k, v in sorted(manifest.versions.items()))
        notes = "".join(f"<li>{e(p)}</li>" for p in manifest.problems)
        notes_html = f"<h3>Input notes</h3><ul>{notes}</ul>" if notes else ""
        return _section(
            "about",
            "About this run",
            (
                f"<p>Seed {e(manifest.seed)}. Versions: {versions}.</p>"
                f"<h3>Inputs</h3><ul>{inputs}</ul>{notes_html}"
                + _links([("manifest.json", "manifest.json (inputs, settings, versions, timings)")])
            ),
        )
