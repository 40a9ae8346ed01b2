"""The static report site of a run: `index.html` rendered from the typed results of a run folder.

`render_site` reads the folder with `kamlit.runfolder.load_run` (records, sectors, topics,
graph, digests, manifest) and renders from those objects, so `kamlit report DIR` re-renders it
without recomputing anything. The page is one jinja2 template (`data/templates/report.html`,
autoescaped) with inline CSS and JS (package data in `data/report/`) and the subset of kamlit's
CJK font its text needs; it works from a file:// URL on any machine. Its language is the run's
`[report] lang` (`kamlit.i18n`). Every record is shown by title with its id as a link to its
row in the record table; every sector has one label (`general` is 综合 / general).

A large corpus does not make a page no browser opens: the record table embeds at most
`RECORD_TABLE_ROWS` records (those the report and the topic explorer cite first, then the
rest in corpus order), says how many it shows of how many, and points at `records.jsonl`, which
holds every record; a link to a record the table leaves out says so instead of landing nowhere.
The limits of every page are in `docs/scale-notes.md`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kamlit.i18n import Catalogue, catalogue, notices_from
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
from kamlit.summarize.model import SectorDigests
from kamlit.templates import render_page
from kamlit.types import Record

__all__ = [
    "DIGESTS",
    "GRAPH",
    "MANIFEST",
    "RECORDS",
    "RECORD_PAGE",
    "RECORD_TABLE_ROWS",
    "SECTORS",
    "TOPICS",
    "record_anchor",
    "record_href",
    "render_index",
    "render_site",
]
SMALL_CORPUS = 100
# The most records the index's table embeds (~1.1 KB each: about 2 MB of HTML).
RECORD_TABLE_ROWS = 2000
FEW_RECORDS = 5
THEME_SEPARATOR = "、"
QUADRANTS = ("motor", "basic", "niche", "emerging")


RECORD_PAGE = "../index.html"  # where the run's sub-folder pages link record ids to


def record_anchor(record_id: str) -> str:
    """Return the fragment id of a record's row: `rec-` + the id as JS encodeURIComponent
    encodes it, so the pages' scripts build the same links."""
    return "rec-" + quote(record_id, safe="-_.!~*'()")


def record_href(record_id: str, *, page: str = "") -> str:
    """Return the link to a record's row; `page` is e.g. `../index.html` from a sub-folder."""
    return f"{page}#{record_anchor(record_id)}"


class _AbstractLeads:
    """The opening words of an untitled record's abstract, made only for the ids a page cites."""

    LENGTH = 36

    def __init__(self, records: Sequence[Record]) -> None:
        self._untitled = {r.id: r for r in records if not r.title}

    def get(self, record_id: str) -> str:
        record = self._untitled.get(record_id)
        if record is None or not record.abstract:
            return ""
        text = " ".join(record.abstract.split())
        return text if len(text) <= self.LENGTH else text[: self.LENGTH].rstrip() + "…"

    def __getitem__(self, record_id: str) -> str:
        return self.get(record_id)


def render_site(run: RunFolder | str | Path, *, lang: str | None = None) -> Path:
    """Render `index.html` of a run folder (loaded, or its path); return the page's path.

    `lang` (zh, en, auto) defaults to the run's `[report] lang`."""
    loaded = run if isinstance(run, RunFolder) else load_run(run)
    return atomic_write_text(loaded.folder / "index.html", render_index(loaded, lang=lang))


def render_index(run: RunFolder, *, lang: str | None = None) -> str:
    """Return the HTML of a run folder's index.html."""
    return _Site(run, catalogue(lang or run.manifest.settings.report.lang)).render()


def _bars(items: Sequence[tuple[Any, int]]) -> list[dict[str, Any]]:
    top = max((v for _, v in items), default=1) or 1
    return [{"label": k, "value": v, "width": f"{8 * v / top:.2f}"} for k, v in items]


def _num(value: Any) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


class _Site:
    """The typed results of a run folder, as the plain values the report template shows."""

    def __init__(self, run: RunFolder, cat: Catalogue) -> None:
        self.root = run.folder
        self.run = run
        self.t = cat.t
        self.cat = cat
        self.records = run.records
        self.sector_of = {r.id: r.sectors for r in run.sectors.records}
        labels = {s.key: s.label for s in run.sectors.sectors}
        self.labels = labels

    def sector(self, key: str) -> str:
        return self.cat.sector(key, self.labels)

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def existing(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(rel, label) for rel, label in pairs if self.exists(rel)]

    def render(self) -> str:
        t = self.t
        n = len(self.records)
        records = self.record_rows()
        return render_page(
            "report.html",
            html_lang=self.cat.html_lang,
            t=t,
            href=record_href,
            titles={r.id: r.title for r in self.records if r.title},
            leads=_AbstractLeads(self.records),
            title=t("report.title", n=n),
            n=n,
            small=n < SMALL_CORPUS,
            nav=[
                (anchor, t(f"report.nav.{anchor}"))
                for anchor in ("overview", "topics", "graph", "digests", "records", "about")
            ],
            quadrants=QUADRANTS,
            **self.overview(),
            topics=self.topics(),
            graph=self.graph(),
            digests=self.digests(),
            records=records,
            records_note=(
                t("report.records_shown", shown=len(records), total=n) if len(records) < n else ""
            ),
            about=self.about(),
            messages={"count": t("report.count"), "missing": t("report.record_missing")},
        )

    def overview(self) -> dict[str, Any]:
        t = self.t
        records = self.records
        n = len(records)
        years = Counter(r.year for r in records if r.year)
        journals = Counter(r.journal for r in records if r.journal)
        formats = Counter(r.source.format for r in records)
        files = {r.source.file for r in records}
        sectors = Counter(k for r in records for k in self.sector_of.get(r.id, ()))
        year_text = t("report.unknown")
        if years:
            year_text = t(
                "report.years_range",
                first=min(years),
                last=max(years),
                dated=sum(years.values()),
            )
        format_text = ", ".join(f"{k} {v}" for k, v in sorted(formats.items()))
        titled = sum(1 for r in records if r.title)
        cut = sum(1 for r in records if r.truncated)
        cards = [
            (t("report.card.records"), str(n)),
            (t("report.card.files"), f"{len(files)} ({format_text})"),
            (t("report.card.years"), year_text),
            (t("report.card.titled"), t("report.of", a=titled, b=n)),
            (t("report.card.truncated"), t("report.of", a=cut, b=n)),
        ]
        sector_items = [
            (self.sector(k), v) for k, v in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return {
            "cards": cards,
            "overview": {
                "sectors": _bars(sector_items),
                "years": _bars(sorted(years.items())),
                "journals": _bars(journals.most_common(12)),
            },
        }

    def topics(self) -> dict[str, Any] | None:
        t = self.t
        topics = self.run.topics
        if topics is None:
            return None
        head = t(
            "report.topics_head",
            engine=topics.engine,
            k=topics.k,
            seed=topics.seed,
            coherence=_num(topics.coherence_mean),
        )
        if topics.stability is not None:
            head += t("report.topics_stability", stability=_num(topics.stability))
        rows = [
            {
                "id": topic.id,
                "label": topic.label,
                "terms": THEME_SEPARATOR.join(x.term for x in topic.terms[:8]),
                "share": _pct(topic.prevalence),
                "coherence": _num(topic.coherence),
                "records": [r.id for r in topic.top_records][:3],
            }
            for topic in topics.topics
        ]
        links = self.existing(
            [
                ("topics/topics.html", t("report.link.explorer")),
                ("topics/selection.csv", t("report.link.selection")),
                ("topics/topic_terms.csv", t("report.link.topic_terms")),
                ("topics/doc_topics.csv", t("report.link.doc_topics")),
                *self.figure_links("topics/topics"),
            ]
        )
        selection = []
        why = ""
        if topics.auto and topics.selection:  # topics.json lists the sweep only when K was auto
            selection = [[s.k, _num(s.coherence), _num(s.stability)] for s in topics.selection]
            from kamlit.topics.explorer import why_text

            why = why_text(topics, self.cat)  # the rule and its numbers, as in the explorer
        return {
            "head": head,
            "warnings": self.cat.warnings(topics.notices, topics.warnings),
            "rows": rows,
            "links": links,
            "selection": selection,
            "why": why,
            "image": "topics/topics.png" if self.exists("topics/topics.png") else "",
        }

    def figure_links(self, stem: str) -> list[tuple[str, str]]:
        return [
            (f"{stem}.{fmt}", self.t("report.figure.other", fmt=fmt.upper()))
            for fmt in ("svg", "pdf")
        ]

    def graph(self) -> dict[str, Any] | None:
        t = self.t
        if not self.exists("graph/graph.html"):
            return None
        links = self.existing(
            [
                ("graph/graph.html", t("report.link.graph")),
                ("graph/graph.gexf", t("report.link.gexf")),
                ("graph/graph.graphml", "GraphML"),
                ("graph/vosviewer_map.txt", t("report.link.vosviewer")),
                ("graph/nodes.csv", "nodes.csv"),
                ("graph/edges.csv", "edges.csv"),
                *self.figure_links("graph/thematic_map"),
            ]
        )
        graph = self.run.graph
        nodes = graph.nodes if graph else ()
        top = sorted(nodes, key=lambda nd: (-nd.freq, nd.term))[:15]
        themes = [
            [
                th.community + 1,
                th.label,
                t(f"quadrant.{th.quadrant}"),
                th.size,
            ]
            for th in (graph.themes if graph else ())
        ]
        return {
            "links": links,
            "top": [[nd.term, nd.freq, nd.df, nd.community + 1] for nd in top],
            "themes": themes,
            "image": "graph/thematic_map.png" if self.exists("graph/thematic_map.png") else "",
        }

    def digests(self) -> dict[str, Any] | None:
        t = self.t
        digests = self.run.digests
        if digests is None:
            return None
        sectors = []
        for sector in digests.digests:
            n = len(sector.records)
            practices = [
                {
                    "statement": p.statement,
                    "theme": THEME_SEPARATOR.join(p.theme),
                    "support": self.cat.records(p.support),
                    "evidence": [{"quote": ev.quote, "id": ev.id} for ev in p.evidence],
                }
                for p in sector.practices
            ]
            sectors.append(
                {
                    "key": sector.sector,
                    "label": self.sector(sector.sector),
                    "records": self.cat.records(n),
                    "few": n < FEW_RECORDS,
                    "practices": practices,
                }
            )
        headers, comparison = self.comparison(digests)
        return {
            "sectors": sectors,
            "comparison": comparison,
            "comparison_headers": headers,
            "links": self.existing([("digests/digests.md", t("report.link.digests_md"))]),
        }

    def comparison(self, digests: SectorDigests) -> tuple[list[str], list[list[str]]]:
        """Practices shared by sectors versus distinctive to one, by practice number."""
        t = self.t
        keys = [d.sector for d in digests.digests]
        if not digests.comparison or len(keys) < 2:
            return [], []
        rows = [
            [
                row.statement,
                THEME_SEPARATOR.join(row.theme),
                *(f"#{row.practices[k]}" if k in row.practices else "–" for k in keys),
                t("report.shared") if row.shared else t("report.distinctive"),
            ]
            for row in digests.comparison
        ]
        headers = [
            t("report.col.practice"),
            t("report.col.theme"),
            *(self.sector(k) for k in keys),
            "",
        ]
        return headers, rows

    def cited(self) -> list[str]:
        """The ids of the records the pages cite, in the order they are cited: topics' top
        records (index and explorer), then the digests' evidence."""
        ids: list[str] = []
        if self.run.topics is not None:
            ids += [r.id for topic in self.run.topics.topics for r in topic.top_records]
        if self.run.digests is not None:
            ids += [
                ev.id
                for sector in self.run.digests.digests
                for p in sector.practices
                for ev in p.evidence
            ]
        return ids

    def shown(self) -> list[Record]:
        """The records the table embeds: all, or for a large corpus `RECORD_TABLE_ROWS` of
        them, the cited ones first, in corpus order."""
        if len(self.records) <= RECORD_TABLE_ROWS:
            return list(self.records)
        known = {r.id for r in self.records}
        wanted = dict.fromkeys(i for i in self.cited() if i in known)
        for r in self.records:
            if len(wanted) >= RECORD_TABLE_ROWS:
                break
            wanted.setdefault(r.id)
        keep = set(list(wanted)[:RECORD_TABLE_ROWS])
        return [r for r in self.records if r.id in keep]

    def record_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "anchor": record_anchor(r.id),
                "title": r.title or "",
                "authors": "; ".join(r.authors),
                "source": ", ".join(str(x) for x in (r.journal, r.year) if x),
                "sectors": " · ".join(self.sector(k) for k in self.sector_of.get(r.id, ())),
                "cut": self.t("report.cut") if r.truncated else "",
                "abstract": r.abstract,
            }
            for r in self.shown()
        ]

    def about(self) -> dict[str, Any]:
        manifest = self.run.manifest
        return {
            "seed": manifest.seed,
            "versions": ", ".join(f"{k} {v}" for k, v in sorted(manifest.versions.items())),
            "inputs": list(manifest.inputs),
            "notes": self.cat.warnings(
                notices_from(list(manifest.problem_notices)), manifest.problems
            ),
        }
