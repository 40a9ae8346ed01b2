"""The results of `summarize_sectors`: digests of practices with their evidence, per sector."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kamlit.codec import check_schema, schema_tag
from kamlit.i18n import Notice, notices_from

THEME_SEPARATOR = "、"
DIGESTS_SCHEMA = 1  # version of digests_to_dict() (digests.json, `kamlit summarize --json`)


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from a record's abstract: `abstract[start:end] == quote`."""

    id: str
    quote: str
    start: int
    end: int
    title: str | None = None


@dataclass(frozen=True)
class Practice:
    """A recommended practice: a statement taken from the text, its theme and its evidence.

    `kind` is `recommendation` when the text says it should be done, `example` when it
    describes what an organisation did. `support` counts the distinct records behind it.
    """

    statement: str
    theme: tuple[str, ...]
    support: int
    evidence: tuple[Evidence, ...]
    records: tuple[str, ...]
    kind: str
    centrality: float
    source: Evidence  # where the statement itself was taken from
    # A short name made from the statement's own words (at most summarize.max_name_chars);
    # "" means the statement itself.
    name: str = ""

    @property
    def title(self) -> str:
        """What the practice is called on a page: its name, else its statement."""
        return self.name or self.statement


@dataclass(frozen=True)
class SectorDigest:
    """The practices one sector's records recommend, best supported first."""

    sector: str
    label: str
    records: tuple[str, ...]
    practices: tuple[Practice, ...]
    statements: int  # candidate statements found before grouping
    warning: str | None = None
    # Why no practice is listed although the sector was asked for (no record is about it, or
    # too few), None otherwise.
    absent: str | None = None
    # `warning` (and `absent`) as catalogue notices, for the console's language; empty in a
    # file written before notices existed.
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the comparison table: a practice and the sectors (practice numbers) having it."""

    theme: tuple[str, ...]
    statement: str
    practices: Mapping[str, int]  # sector key -> 1-based practice number in its digest

    @property
    def shared(self) -> bool:
        """True when more than one sector has this practice."""
        return len(self.practices) > 1


@dataclass(frozen=True)
class SectorDigests:
    """Digests of the requested sectors, the comparison between them, and how records were
    assigned (for `--explain`)."""

    digests: tuple[SectorDigest, ...]
    comparison: tuple[ComparisonRow, ...]
    explanations: Mapping[str, str] = field(default_factory=dict)  # record id -> explanation
    sectors_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # record id -> keys
    titles: Mapping[str, str] = field(default_factory=dict)  # record id -> title, when known
    labels: Mapping[str, str] = field(default_factory=dict)  # every sector key -> label
    total: int = 0  # records in the corpus

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (digests.json): `{"schema", "sectors", "comparison", ...}`."""
        return digests_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SectorDigests:
        """Rebuild digests from `to_dict()` data; raises InputError for a newer schema."""
        return digests_from_dict(data)


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
            notices=notices_from(d.get("notices")),
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


def _digest_dict(digest: SectorDigest) -> dict[str, Any]:
    return {
        "sector": digest.sector,
        "label": digest.label,
        "records": list(digest.records),
        "statements": digest.statements,
        "warning": digest.warning,
        "absent": digest.absent,
        "notices": [n.to_dict() for n in digest.notices],
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
