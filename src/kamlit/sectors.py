"""Sector assignment: which industry a record writes about, from lexicon cues in its text.

Lexicons live in a data file (`data/sectors.toml`) that users extend with their own sectors.
Each record gets the sector whose cues occur most, several when the text covers several about
equally, or `general`; the matched cues are kept as the explanation.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kamlit.errors import InputError
from kamlit.types import Record

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GENERAL = "general"


@dataclass(frozen=True)
class Sector:
    """A sector: its key (telecom), printed label (电信), text cues and journals."""

    key: str
    label: str
    cues: tuple[str, ...]
    journals: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordSectors:
    """The sectors of one record and the cues that decided them."""

    id: str
    sectors: tuple[str, ...]
    cues: Mapping[str, tuple[str, ...]]  # sector -> matched cues, for --explain


@dataclass(frozen=True)
class SectorAssignment:
    """Sectors of every record, in record order, with the sector definitions used."""

    sectors: tuple[Sector, ...]
    records: tuple[RecordSectors, ...]

    def of(self, record_id: str) -> tuple[str, ...]:
        """Return the sectors of one record."""
        for item in self.records:
            if item.id == record_id:
                return item.sectors
        raise KeyError(record_id)

    def label(self, key: str) -> str:
        """Return the printed label of a sector key."""
        for sector in self.sectors:
            if sector.key == key:
                return sector.label
        return key


def load_sectors(paths: Sequence[str | Path] = ()) -> tuple[Sector, ...]:
    """Load the shipped sector lexicon and the user's files (a user's sector may extend ours)."""
    shipped = resources.files("kamlit").joinpath("data/sectors.toml").read_text("utf-8")
    tables: dict[str, dict[str, Any]] = {}
    for name, text in [("kamlit:sectors.toml", shipped), *((str(p), _read(p)) for p in paths)]:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML: {exc}", path=name) from exc
        for key, table in data.items():
            if not isinstance(table, dict) or not isinstance(table.get("cues", []), list):
                raise InputError(f"sector [{key}] must be a table with a list of cues", path=name)
            merged = tables.setdefault(key, {"label": key, "cues": [], "journals": []})
            merged["label"] = str(table.get("label", merged["label"]))
            merged["cues"] += [str(c).lower() for c in table.get("cues", [])]
            merged["journals"] += [str(j) for j in table.get("journals", [])]
    return tuple(
        Sector(
            key=k,
            label=t["label"],
            cues=tuple(dict.fromkeys(t["cues"])),
            journals=tuple(dict.fromkeys(t["journals"])),
        )
        for k, t in tables.items()
    )


def assign_sectors(
    records: Sequence[Record], *, sectors: Sequence[Sector] | None = None, share: float = 0.5
) -> SectorAssignment:
    """Give each record the sector with most cue hits, plus any within `share` of the best."""
    defs = tuple(sectors) if sectors is not None else load_sectors()
    out = []
    for record in records:
        text = " ".join([record.title or "", record.abstract, " ".join(record.keywords)]).lower()
        hits: dict[str, tuple[str, ...]] = {}
        scores: dict[str, float] = {}
        for sector in defs:
            found = tuple(c for c in sector.cues if c in text)
            score = float(sum(text.count(c) for c in found))
            if record.journal and any(j in record.journal for j in sector.journals):
                found = (f"《{record.journal}》", *found)
                score += 100.0
            if found:
                hits[sector.key] = found
                scores[sector.key] = score
        if not scores:
            out.append(RecordSectors(record.id, (GENERAL,), {}))
            continue
        best = max(scores.values())
        chosen = tuple(
            k for k in (s.key for s in defs) if k in scores and scores[k] >= share * best
        )
        out.append(RecordSectors(record.id, chosen, {k: hits[k] for k in chosen}))
    return SectorAssignment(sectors=defs, records=tuple(out))


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read sector lexicon: {exc}", path=path) from exc
