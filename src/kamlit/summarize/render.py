"""Digests as Markdown (one page per run) and as the JSON of the README, and back from JSON.

`digests_to_dict` / `digests_from_dict` are `SectorDigests.to_dict` / `SectorDigests.from_dict`;
the JSON carries `"schema": "kamlit-digests/1"` and a reader refuses a newer version.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from kamlit.codec import check_schema, schema_tag
from kamlit.io import atomic_write_text, dumps_json
from kamlit.summarize.model import ComparisonRow, Evidence, Practice, SectorDigest, SectorDigests

THEME_SEPARATOR = "、"
DIGESTS_SCHEMA = 1  # version of digests_to_dict() (digests.json, `kamlit summarize --json`)
# How a practice's kind reads on the page.
_KINDS = {"recommendation": "recommended", "example": "practised by an organisation"}


def digests_to_dict(result: SectorDigests) -> dict[str, Any]:
    """Return the JSON-ready form: `{"sectors": [...], "comparison": [...], ...}`."""
    return {
        "schema": schema_tag("digests", DIGESTS_SCHEMA),
        "sectors": [_digest_dict(d) for d in result.digests],
        "comparison": [
            {
                "statement": row.statement,
                "theme": THEME_SEPARATOR.join(row.theme),
                "theme_terms": list(row.theme),
                "sectors": dict(row.practices),
                "shared": row.shared,
            }
            for row in result.comparison
        ],
        "assignment": [
            {"id": rid, "sectors": list(result.sectors_of.get(rid, ())), "explanation": text}
            for rid, text in result.explanations.items()
        ],
        "titles": dict(result.titles),
        "labels": dict(result.labels),
        "total": result.total,
    }


def digests_from_dict(data: Mapping[str, Any]) -> SectorDigests:
    """Rebuild digests from their JSON form (to re-render without recomputing); raises
    InputError for a newer schema, KeyError/ValueError when malformed."""
    check_schema(data, "digests", DIGESTS_SCHEMA)
    titles = dict(data.get("titles", {}))
    digests = tuple(
        SectorDigest(
            sector=d["sector"],
            label=d["label"],
            records=tuple(d["records"]),
            practices=tuple(_practice(p, titles) for p in d["practices"]),
            statements=int(d.get("statements", 0)),
            warning=d.get("warning"),
            absent=d.get("absent"),
        )
        for d in data["sectors"]
    )
    comparison = tuple(
        ComparisonRow(
            theme=tuple(row.get("theme_terms", ())),
            statement=row["statement"],
            practices={k: int(v) for k, v in row["sectors"].items()},
        )
        for row in data.get("comparison", [])
    )
    assignment = data.get("assignment", [])
    return SectorDigests(
        digests=digests,
        comparison=comparison,
        explanations={a["id"]: a["explanation"] for a in assignment},
        sectors_of={a["id"]: tuple(a["sectors"]) for a in assignment},
        titles=titles,
        labels=dict(data.get("labels", {})),
        total=int(data.get("total", 0)),
    )


def render_json(result: SectorDigests) -> str:
    """Return the digests as JSON text (sorted keys, UTF-8, trailing newline)."""
    return dumps_json(digests_to_dict(result))


def render_markdown(result: SectorDigests, *, explain: bool = False) -> str:
    """Return the digests as one Markdown page: a section per sector, then the comparison."""
    lines = [f"# {_title(result)}", ""]
    if not result.digests:
        lines += ["No sector to summarise.", ""]
    for digest in result.digests:
        lines += _digest_markdown(digest, result.titles)
    labels = {**result.labels, **{d.sector: d.label for d in result.digests}}
    if len([d for d in result.digests if d.sector in _compared(result)]) > 1:
        lines += _comparison_markdown(result.comparison, labels, result)
    if explain:
        lines += ["## Sector assignment", ""]
        for rid, text in result.explanations.items():
            sectors = ", ".join(labels.get(k, k) for k in result.sectors_of.get(rid, ()))
            lines.append(f"- {rid} → **{_escape(sectors)}** — {_escape(text)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_summary(
    result: SectorDigests,
    path: str | Path,
    *,
    format: Literal["md", "json"] = "md",
    explain: bool = False,
) -> Path:
    """Write the digests to a file atomically, as Markdown or JSON."""
    text = render_json(result) if format == "json" else render_markdown(result, explain=explain)
    return atomic_write_text(path, text)


def _title(result: SectorDigests) -> str:
    """The page's title, from what the corpus holds: the sectors it has records of."""
    named = [d for d in result.digests if d.practices]
    if named:
        labels = "、".join(d.label for d in named)
        return f"Practices recommended in these abstracts: {labels}"
    n = result.total or len({r for d in result.digests for r in d.records})
    return f"Practices recommended in these {n} abstract{'s' if n != 1 else ''}"


def _compared(result: SectorDigests) -> set[str]:
    return {s for row in result.comparison for s in row.practices}


def _digest_dict(digest: SectorDigest) -> dict[str, Any]:
    return {
        "sector": digest.sector,
        "label": digest.label,
        "records": list(digest.records),
        "statements": digest.statements,
        "warning": digest.warning,
        "absent": digest.absent,
        "practices": [
            {
                "name": p.name,
                "statement": p.statement,
                "theme": THEME_SEPARATOR.join(p.theme),
                "theme_terms": list(p.theme),
                "support": p.support,
                "records": list(p.records),
                "kind": p.kind,
                "centrality": p.centrality,
                "source": {"id": p.source.id, "start": p.source.start, "end": p.source.end},
                "evidence": [
                    {"id": e.id, "quote": e.quote, "start": e.start, "end": e.end, "title": e.title}
                    for e in p.evidence
                ],
            }
            for p in digest.practices
        ],
    }


def _practice(data: Mapping[str, Any], titles: Mapping[str, str]) -> Practice:
    evidence = tuple(
        Evidence(e["id"], e["quote"], int(e["start"]), int(e["end"]), e.get("title"))
        for e in data["evidence"]
    )
    source = data.get("source") or {}
    source_id = source.get("id", evidence[0].id if evidence else "")
    return Practice(
        statement=data["statement"],
        theme=tuple(
            data.get("theme_terms") or [t for t in data["theme"].split(THEME_SEPARATOR) if t]
        ),
        support=int(data["support"]),
        evidence=evidence,
        records=tuple(data.get("records", [e.id for e in evidence])),
        kind=data.get("kind", "recommendation"),
        centrality=float(data.get("centrality", 0.0)),
        source=Evidence(
            source_id,
            data["statement"],
            int(source.get("start", 0)),
            int(source.get("end", 0)),
            titles.get(source_id),
        ),
        name=str(data.get("name", "")),
    )


def _digest_markdown(digest: SectorDigest, titles: Mapping[str, str]) -> list[str]:
    n = len(digest.records)
    head = f"## {_escape(digest.label)} ({digest.sector})"
    if digest.absent:
        lines = [head, "", f"{_escape(digest.absent[0].upper() + digest.absent[1:])}."]
        if digest.records:
            lines.append("")
            for rid in digest.records:
                title = titles.get(rid)
                lines.append(f"- `{rid}`" + (f" 《{_escape(title)}》" if title else ""))
        lines += ["", "_No practice is listed for this sector._", ""]
        return lines
    lines = [head, "", f"Based on {n} abstract{'s' if n != 1 else ''}."]
    if digest.warning:
        lines += ["", f"**Warning:** {_escape(digest.warning)}."]
    lines.append("")
    if not digest.practices:
        found = "no recommending statement" if digest.statements == 0 else "no practice"
        lines += [f"_{found} found in these abstracts._", ""]
        return lines
    for number, practice in enumerate(digest.practices, start=1):
        support = f"{practice.support} abstract{'s' if practice.support != 1 else ''}"
        theme = THEME_SEPARATOR.join(practice.theme) or "—"
        lines.append(f"{number}. **{_escape(practice.title)}**")
        lines.append("")
        if practice.title != practice.statement:
            lines += [f"   {_escape(practice.statement)}", ""]
        kind = _KINDS.get(practice.kind, practice.kind)
        lines.append(f"   theme: {_escape(theme)} · support: {support} · {kind}")
        for evidence in practice.evidence:
            lines.append("")
            lines.append(f"   > {_escape(_one_line(evidence.quote))}")
            lines.append("   >")
            title = evidence.title or titles.get(evidence.id)
            cite = f"`{evidence.id}`" + (f" 《{_escape(title)}》" if title else "")
            lines.append(f"   > — {cite}")
        lines.append("")
    return lines


def _comparison_markdown(
    rows: tuple[ComparisonRow, ...], labels: Mapping[str, str], result: SectorDigests
) -> list[str]:
    sectors = [d.sector for d in result.digests if d.sector in _compared(result)]
    header = "| practice | theme | " + " | ".join(_escape(labels[s]) for s in sectors) + " |"
    lines = [
        "## Shared and distinctive practices",
        "",
        "Numbers refer to the practices listed under each sector; a row with several numbers "
        "is a practice the sectors share.",
        "",
        header,
        "|" + " --- |" * (2 + len(sectors)),
    ]
    for row in rows:
        cells = [str(row.practices[s]) if s in row.practices else "—" for s in sectors]
        theme = THEME_SEPARATOR.join(row.theme) or "—"
        lines.append(f"| {_cell(row.statement)} | {_cell(theme)} | " + " | ".join(cells) + " |")
    lines.append("")
    shared = sum(1 for r in rows if r.shared)
    lines += [f"{shared} shared, {len(rows) - shared} distinctive to one sector.", ""]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    """Escape the characters Markdown would read as formatting."""
    out = []
    for char in text:
        if char in "\\`*_[]<>#|":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _cell(text: str) -> str:
    return _escape(_one_line(text))
