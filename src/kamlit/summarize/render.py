"""Digests as Markdown (one page per run) and as the JSON of the README, and back from JSON.

The JSON form is `SectorDigests.to_dict` / `SectorDigests.from_dict` (`digests_to_dict` /
`digests_from_dict`, defined with the types in `model.py` and re-exported here); it carries
`"schema": "kamlit-digests/1"` and a reader refuses a newer version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from kamlit.io import atomic_write_text, dumps_json
from kamlit.summarize.model import (
    DIGESTS_SCHEMA,
    THEME_SEPARATOR,
    ComparisonRow,
    SectorDigest,
    SectorDigests,
    digests_from_dict,
    digests_to_dict,
)

__all__ = [
    "DIGESTS_SCHEMA",
    "THEME_SEPARATOR",
    "digests_from_dict",
    "digests_to_dict",
    "render_json",
    "render_markdown",
    "write_summary",
]

# How a practice's kind reads on the page.
_KINDS = {"recommendation": "recommended", "example": "practised by an organisation"}


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
            lines.append(f"- {_escape(rid)} → **{_escape(sectors)}** — {_escape(text)}")
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


def _digest_markdown(digest: SectorDigest, titles: Mapping[str, str]) -> list[str]:
    n = len(digest.records)
    head = f"## {_escape(digest.label)} ({_escape(digest.sector)})"
    if digest.absent:
        lines = [head, "", f"{_escape(digest.absent[0].upper() + digest.absent[1:])}."]
        if digest.records:
            lines.append("")
            for rid in digest.records:
                title = titles.get(rid)
                lines.append(f"- {_code(rid)}" + (f" 《{_escape(title)}》" if title else ""))
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
        lines.append(f"   theme: {_escape(theme)} · support: {support} · {_escape(kind)}")
        for evidence in practice.evidence:
            lines.append("")
            lines.append(f"   > {_escape(_one_line(evidence.quote))}")
            lines.append("   >")
            title = evidence.title or titles.get(evidence.id)
            cite = _code(evidence.id) + (f" 《{_escape(title)}》" if title else "")
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


_SPECIAL = frozenset("\\`*_[]<>#|~&")


def _escape(text: str) -> str:
    """Make text kamlit did not write (titles, quotes, labels) plain text in Markdown: on one
    line (a line break could open a new block), with every character Markdown reads as
    formatting, HTML (`<`) or an entity (`&`) escaped with a backslash."""
    return "".join("\\" + char if char in _SPECIAL else char for char in _one_line(text))


def _code(text: str) -> str:
    """`text` as an inline code span: fenced by more back-ticks than it holds in a row, so a
    back-tick inside cannot close the span early (nothing inside a span is read as HTML)."""
    text = _one_line(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return _escape(_one_line(text))
