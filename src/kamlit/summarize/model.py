"""The results of `summarize_sectors`: digests of practices with their evidence, per sector."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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
        from kamlit.summarize.render import digests_to_dict

        return digests_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SectorDigests:
        """Rebuild digests from `to_dict()` data; raises InputError for a newer schema."""
        from kamlit.summarize.render import digests_from_dict

        return digests_from_dict(data)
