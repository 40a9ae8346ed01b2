"""Sector assignment: which industry a record writes about, from lexicon cues in its text.

Lexicons live in a data file (`data/sectors.toml`) that users extend with their own sectors
(`sectors.lexicons` setting, `--sectors FILE`). Scoring, per record and sector:

- every occurrence of a cue in the abstract scores the cue's weight (1 unless the lexicon's
  `weights` table changes it); in the title and the keywords it scores `title_weight` times
  that, since they name what the record is about;
- an `ambiguous` cue (移动 is also 移动学习 and 移动方式, 手机 any phone app, 物流 any
  logistics firm) counts only when the record has other evidence for the sector: an
  unambiguous cue of it (中国移动, 移动通信, 运营商 …) or its journal. Alone it decides nothing;
  the longer unambiguous cues that contain it (移动通信, 移动公司) are its context;
- a cue inside the name of an institution (the cue, at most six more Han characters, then
  大学, 学院, 学报, 研究院, 研究所 …: 北京邮电大学, 通信与信息工程学院) does not count: where an
  author works or studies says nothing about what the record is about. Affiliations and
  author addresses are never read at all;
- overlapping cues of one sector count once per occurrence, the longest first (中国电信 is one
  mention, not two), while one word may count for several sectors (邮电 is telecom and postal);
- cues inside an `exclude` phrase do not count (移动 in 移动支付);
- the match is word-boundary-aware: a cue counts only when it is a whole word or lies inside
  one word of the corpus's cut (the one segmentation pass, which also cuts titles and
  keywords), never across two (通信 in 沟通|信息); Latin cues (ems) always need Latin word
  boundaries;
- a record published in one of the sector's journals scores `journal_weight`.

A record gets every sector whose score reaches `min_score` (default 1: one unambiguous cue in
the abstract) and `share` times the best score, strongest first; below it the record stays
`general`. The matched cues and scores are kept as the explanation, with every cue found that
did not count and why (`CueHit.ignored`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit.errors import InputError, UsageError, message, os_detail
from kamlit.errors import text as plain_text
from kamlit.gcpause import paused_gc
from kamlit.settings import SectorSettings
from kamlit.text.normalize import normalize_text
from kamlit.text.offsets import fold_map
from kamlit.types import Record
from kamlit.workers import chunk_bounds, map_chunks, workers_for

if TYPE_CHECKING:
    from kamlit.text import Corpus, Document

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GENERAL = "general"
GENERAL_LABEL = "综合"
ALL = "all"
_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
_TABLE_KEYS = frozenset({"label", "cues", "weights", "exclude", "journals", "ambiguous"})
# A cue followed by at most this many Han characters and one of these words is part of an
# institution's name (北京邮电大学, 信息与通信工程学院): it does not count.
_INSTITUTION = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:大学|学院|学报|研究院|研究所|研究中心|设计院|学校|党校|实验室)"
)
IGNORED_AMBIGUOUS = "ambiguous, no other evidence"
# This many different ambiguous cues of one sector in a record are evidence together (基站,
# 频谱 and 6G: a paper on networks), where one or two are not (移动 and 手机: a phone app).
CONVERGING_CUES = 3
IGNORED_INSTITUTION = "in an institution's name"
_MASK = "\x00"
SECTORS_SCHEMA = 1  # version of SectorAssignment.to_dict() (sectors.json)
# Records per worker process below which a worker does not pay for itself: a pool costs
# ~0.3 s (forking, sending the results back), scoring 5,000 records ~0.7 s.
PARALLEL_MIN_RECORDS = 5_000


@dataclass(frozen=True)
class Sector:
    """A sector: its key (telecom), printed label (电信), text cues and journals."""

    key: str
    label: str
    cues: tuple[str, ...]
    journals: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)  # cue -> weight (default 1)
    exclude: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()  # cues that count only with other evidence

    def weight(self, cue: str) -> float:
        """Return the weight of one of this sector's cues."""
        return self.weights.get(cue, 1.0)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the definition (sectors.json): key, label, cues, journals,
        weights, exclude, ambiguous."""
        from kamlit.codec import to_plain

        data: dict[str, Any] = to_plain(self)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sector:
        """Rebuild a definition from `to_dict()` data (only key and label are required)."""
        from kamlit.codec import from_plain

        return from_plain(cls, {"cues": (), **data}, where="sector")


@dataclass(frozen=True)
class CueHit:
    """One cue found in one field of a record: how often and what it scored; `ignored` says
    why it did not count (score 0), None when it did."""

    cue: str
    field: str  # "title", "keywords", "abstract" or "journal"
    count: int
    score: float
    ignored: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: cue, field, count, score, ignored."""
        from kamlit.codec import to_plain

        data: dict[str, Any] = to_plain(self)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CueHit:
        """Rebuild a cue hit from `to_dict()` data."""
        from kamlit.codec import from_plain

        return from_plain(cls, data, where="hit")


@dataclass(frozen=True)
class RecordSectors:
    """The sectors of one record and the cues that decided them."""

    id: str
    sectors: tuple[str, ...]
    cues: Mapping[str, tuple[str, ...]]  # sector -> cues that counted (every sector scoring)
    scores: Mapping[str, float] = field(default_factory=dict)  # sector -> score (> 0)
    # sector -> every cue found, counted or not (a sector may have only ignored hits)
    hits: Mapping[str, tuple[CueHit, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of sectors.json's records: id, sectors, cues (by sector key),
        scores and hits."""
        return {
            "id": self.id,
            "sectors": list(self.sectors),
            "cues": {k: list(v) for k, v in sorted(self.cues.items())},
            "scores": dict(sorted(self.scores.items())),
            "hits": {k: [h.to_dict() for h in v] for k, v in sorted(self.hits.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecordSectors:
        """Rebuild a record's sectors from `to_dict()` data (scores and hits may be absent)."""
        from kamlit.codec import from_plain

        return from_plain(cls, data, where="record")


@dataclass(frozen=True)
class SectorAssignment:
    """Sectors of every record, in record order, with the sector definitions used."""

    sectors: tuple[Sector, ...]
    records: tuple[RecordSectors, ...]

    def of(self, record_id: str) -> tuple[str, ...]:
        """Return the sectors of one record."""
        return self.record(record_id).sectors

    def record(self, record_id: str) -> RecordSectors:
        """Return the sectors and cues of one record (KeyError for an unknown id)."""
        return self.records[self._index[record_id]]

    def label(self, key: str) -> str:
        """Return the printed label of a sector key."""
        if key == GENERAL:
            return GENERAL_LABEL
        for sector in self.sectors:
            if sector.key == key:
                return sector.label
        return key

    def members(self, key: str) -> tuple[str, ...]:
        """Return the ids of the records assigned to a sector, in record order."""
        return self._members.get(key, ())

    @cached_property
    def _index(self) -> dict[str, int]:
        return {item.id: i for i, item in enumerate(self.records)}

    @cached_property
    def _members(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for item in self.records:
            for key in item.sectors:
                found.setdefault(key, []).append(item.id)
        return {key: tuple(ids) for key, ids in found.items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (sectors.json of a run): schema, sector definitions, and each
        record's sectors with the cues, scores and hits that decided them."""
        from kamlit.codec import schema_tag

        return {
            "schema": schema_tag("sectors", SECTORS_SCHEMA),
            "sectors": [s.to_dict() for s in self.sectors],
            "records": [r.to_dict() for r in self.records],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SectorAssignment:
        """Rebuild an assignment from `to_dict()` data; raises InputError for a newer schema
        and KeyError/ValueError when malformed."""
        from kamlit.codec import check_schema, from_plain

        check_schema(data, "sectors", SECTORS_SCHEMA)
        return cls(
            sectors=tuple(Sector.from_dict(s) for s in data["sectors"]),
            records=from_plain(tuple[RecordSectors, ...], data["records"], where="records"),
        )


def load_sectors(paths: Sequence[str | Path] = ()) -> tuple[Sector, ...]:
    """Load the shipped sector lexicon and the user's files (a user's sector may extend ours)."""
    shipped = resources.files("kamlit").joinpath("data/sectors.toml").read_text("utf-8")
    tables: dict[str, dict[str, Any]] = {}
    for name, text in [("kamlit:sectors.toml", shipped), *((str(p), _read(p)) for p in paths)]:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(message("error.not_toml", error=str(exc)), path=name) from exc
        for key, table in data.items():
            _check_table(key, table, name)
            merged = tables.setdefault(
                key,
                {
                    "label": key,
                    "cues": [],
                    "journals": [],
                    "weights": {},
                    "exclude": [],
                    "ambiguous": [],
                    "file": name,
                },
            )
            merged["label"] = str(table.get("label", merged["label"])).strip()
            merged["cues"] += [normalize_text(c) for c in table.get("cues", [])]
            merged["journals"] += [str(j).strip() for j in table.get("journals", [])]
            merged["exclude"] += [normalize_text(e) for e in table.get("exclude", [])]
            merged["ambiguous"] += [normalize_text(a) for a in table.get("ambiguous", [])]
            for cue, weight in table.get("weights", {}).items():
                merged["weights"][normalize_text(cue)] = float(weight)
    sectors = []
    for key, t in tables.items():
        cues = tuple(c for c in dict.fromkeys(t["cues"]) if c)
        # A weighted cue is a cue, even when the user only wrote it in `weights`.
        cues = tuple(dict.fromkeys([*cues, *(c for c in t["weights"] if c)]))
        # An ambiguous word is a cue too, one that needs other evidence.
        cues = tuple(dict.fromkeys([*cues, *(c for c in t["ambiguous"] if c)]))
        if not cues and not t["journals"]:
            raise InputError(message("error.sector_empty", key=key), path=t["file"])
        sectors.append(
            Sector(
                key=key,
                label=t["label"] or key,
                cues=cues,
                journals=tuple(j for j in dict.fromkeys(t["journals"]) if j),
                weights=dict(sorted(t["weights"].items())),
                exclude=tuple(e for e in dict.fromkeys(t["exclude"]) if e),
                ambiguous=tuple(a for a in dict.fromkeys(t["ambiguous"]) if a),
            )
        )
    labels: dict[str, str] = {}
    for sector in sectors:
        other = labels.setdefault(sector.label, sector.key)
        if other != sector.key:
            raise InputError(
                message(
                    "error.sector_same_label",
                    other=other,
                    key=sector.key,
                    label=repr(sector.label),
                )
            )
    return tuple(sectors)


def assign_sectors(
    corpus: Corpus,
    *,
    sectors: Sequence[Sector] | None = None,
    settings: SectorSettings | None = None,
    share: float | None = None,
    jobs: int | None = None,
) -> SectorAssignment:
    """Give each record of the corpus the sectors its cues point to most (see the module
    doc), or general. Cues are matched on the words of the corpus's one segmentation.

    A large corpus is scored in `jobs` worker processes (None: every core), each taking a
    contiguous run of records (`kamlit.workers.map_chunks`); a record's sectors depend on
    that record alone, so the assignment is the same whatever their number. Corpora under
    `PARALLEL_MIN_RECORDS` records per worker are scored in this process."""
    settings = settings or SectorSettings()
    defs = tuple(sectors) if sectors is not None else load_sectors(settings.lexicons)
    share = settings.share if share is None else share
    patterns = [_Patterns(sector) for sector in defs]
    order = {s.key: i for i, s in enumerate(defs)}
    records = corpus.records
    documents = corpus.documents
    if len(records) != len(documents):
        raise ValueError("the corpus has not one document per record")

    def score(start: int, stop: int) -> list[RecordSectors]:
        return [
            _assign_record(records[i], documents[i], defs, patterns, order, settings, share)
            for i in range(start, stop)
        ]

    workers = workers_for(len(records), jobs, min_weight=PARALLEL_MIN_RECORDS)
    # Each record leaves acyclic, long-lived objects behind (its hits and scores): collecting
    # while they pile up would walk the whole prepared corpus again and again.
    with paused_gc():
        out = map_chunks(score, chunk_bounds([1] * len(records), workers))
    return SectorAssignment(sectors=defs, records=tuple(out))


def _assign_record(
    record: Record,
    document: Document,
    defs: tuple[Sector, ...],
    patterns: list[_Patterns],
    order: dict[str, int],
    settings: SectorSettings,
    share: float,
) -> RecordSectors:
    """Score one record against every sector and choose its sectors."""
    fields = _fields(record, document)
    journal = normalize_text(record.journal or "")
    scores: dict[str, float] = {}
    cues: dict[str, tuple[str, ...]] = {}
    hits: dict[str, tuple[CueHit, ...]] = {}
    for sector, pattern in zip(defs, patterns, strict=True):
        found = _score_sector(sector, pattern, journal, fields, settings)
        if found:
            hits[sector.key] = found
        counted = [h for h in found if h.ignored is None and h.score > 0]
        if counted:
            scores[sector.key] = round(sum(h.score for h in counted), 6)
            cues[sector.key] = tuple(dict.fromkeys(_cue_name(h) for h in counted))
    best = max(scores.values(), default=0.0)
    chosen = tuple(
        key
        for key in sorted(scores, key=lambda k: (-scores[k], order[k]))
        if scores[key] >= settings.min_score and scores[key] >= share * best
    )
    return RecordSectors(record.id, chosen or (GENERAL,), cues, scores, hits)


def resolve_sector(sectors: Sequence[Sector], value: str) -> tuple[str, ...]:
    """Turn a `--sector` value (key, label, `all` or `general`) into sector keys."""
    wanted = value.strip()
    if wanted.lower() == ALL:
        return (*(s.key for s in sectors), GENERAL)
    if wanted.lower() == GENERAL or wanted == GENERAL_LABEL:
        return (GENERAL,)
    for sector in sectors:
        if wanted.lower() == sector.key.lower() or wanted == sector.label:
            return (sector.key,)
    known = ", ".join(
        [*(f"{s.key} ({s.label})" for s in sectors), f"{GENERAL} ({GENERAL_LABEL})", ALL]
    )
    raise UsageError(message("error.unknown_sector", value=repr(value), known=known))


def explain_record(
    assignment: SectorAssignment, record_id: str, *, min_score: float | None = None
) -> str:
    """Return a one-line explanation of a record's sectors: each sector's score, every cue
    that counted, and the cues found that did not count (and why); `min_score` (the threshold
    the assignment used) is named when a sector stays below it."""
    item = assignment.record(record_id)
    if not item.hits:
        return "general: no sector cue found"
    parts = []
    keys = sorted(
        item.hits, key=lambda k: (-item.scores.get(k, 0.0), _order(assignment.sectors, k))
    )
    for key in keys:
        counted = [h for h in item.hits[key] if h.ignored is None]
        ignored = [h for h in item.hits[key] if h.ignored is not None]
        score = item.scores.get(key, 0.0)
        if key in item.sectors:
            mark = ""
        elif min_score is not None and score < min_score:
            mark = f" (below {min_score:g})"
        else:
            mark = " (not enough)"
        text = ", ".join(_render_hit(h) for h in counted) or "no cue counted"
        if ignored:
            reasons: dict[str, list[str]] = {}
            for hit in ignored:
                reasons.setdefault(hit.ignored or "", []).append(_render_hit(hit))
            text += "; not counted: " + "; ".join(
                f"{', '.join(hs)} ({why})" for why, hs in reasons.items()
            )
        parts.append(f"{assignment.label(key)} {score:g}{mark}: {text}")
    if item.sectors == (GENERAL,):
        parts.append("so general")
    return "; ".join(parts)


def _cue_name(hit: CueHit) -> str:
    return f"《{hit.cue}》" if hit.field == "journal" else hit.cue


def _render_hit(hit: CueHit) -> str:
    if hit.field == "journal":
        return f"《{hit.cue}》"
    where = "" if hit.field == "abstract" else f" in {hit.field}"
    count = f"×{hit.count}" if hit.count > 1 else ""
    return f"{hit.cue}{count}{where}"


def _order(defs: Sequence[Sector], key: str) -> int:
    return next((i for i, s in enumerate(defs) if s.key == key), len(defs))


# A field as cues see it: its folded text (NFKC, lower case, ASCII quotes) and the offsets in
# it where the cut's words begin and end (None: no boundary rule).
_Field = tuple[str, str, "frozenset[int] | None"]
_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』〝〞"} | {c: "'" for c in "‘’‚‛"})


def _fields(record: Record, document: Document) -> list[_Field]:
    from kamlit.text import keyword_text

    return [
        _field("title", record.title or "", document.title_bounds),
        _field("keywords", keyword_text(record), document.keyword_bounds),
        _field("abstract", record.abstract, document.abstract_bounds),
    ]


def _field(name: str, text: str, bounds: tuple[int, ...] | None) -> _Field:
    """Fold a field and carry its word boundaries (original offsets) over to the fold."""
    folded, origin = fold_map(text)
    folded = folded.translate(_QUOTES)
    if bounds is None:
        return name, folded, None
    if origin is None:
        return name, folded, frozenset(bounds)
    wanted = set(bounds)
    # A folded offset is a boundary when it is where an original boundary's character begins.
    return (
        name,
        folded,
        frozenset(
            p for p, o in enumerate(origin) if o in wanted and (p == 0 or origin[p - 1] != o)
        ),
    )


class _Patterns:
    """A sector's cues and excluded phrases as regular expressions (spaces match any run of
    white space), longest cue first, with one expression that finds any of them."""

    def __init__(self, sector: Sector) -> None:
        cues = sorted(sector.cues, key=lambda c: (-len(c), c))
        self.cues = [(cue, re.compile(_spaced(cue))) for cue in cues]
        self.any = re.compile("|".join(_spaced(c) for c in cues)) if cues else None
        self.exclude = (
            re.compile("|".join(_spaced(e) for e in sorted(sector.exclude, key=len, reverse=True)))
            if sector.exclude
            else None
        )
        # Journal names as records' journals are compared: normalised once, not per record.
        self.journals = [(name, normalize_text(name)) for name in sector.journals]


def _spaced(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split(" "))


def _score_sector(
    sector: Sector,
    patterns: _Patterns,
    journal: str,
    fields: list[_Field],
    settings: SectorSettings,
) -> tuple[CueHit, ...]:
    found: list[CueHit] = []
    weak = frozenset(sector.ambiguous)
    for name, text, bounds in fields:
        if not text or patterns.any is None or not patterns.any.search(text):
            continue
        factor = 1.0 if name == "abstract" else settings.title_weight
        counts, named = _count_cues(patterns, text, bounds)
        for cue, count in counts.items():
            found.append(CueHit(cue, name, count, count * sector.weight(cue) * factor))
        for cue, count in named.items():
            found.append(CueHit(cue, name, count, 0.0, IGNORED_INSTITUTION))
    if journal:
        for name, normalized in patterns.journals:
            if normalized in journal:
                found.append(CueHit(name, "journal", 1, settings.journal_weight))
                break
    counted = [h for h in found if h.ignored is None and h.score > 0]
    supported = any(h.field == "journal" or h.cue not in weak for h in counted) or (
        len({h.cue for h in counted if h.cue in weak}) >= CONVERGING_CUES
    )
    if not supported:
        found = [
            CueHit(h.cue, h.field, h.count, 0.0, IGNORED_AMBIGUOUS)
            if h.ignored is None and h.cue in weak
            else h
            for h in found
        ]
    return tuple(found)


def _count_cues(
    patterns: _Patterns, text: str, bounds: frozenset[int] | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Count non-overlapping cue occurrences, longest cue first, outside excluded phrases;
    the second count is of those inside an institution's name (not to count)."""
    masked = text
    if patterns.exclude is not None:
        masked = patterns.exclude.sub(lambda m: _MASK * len(m.group()), text)
    taken = [False] * len(masked)
    counts: dict[str, int] = {}
    named: dict[str, int] = {}
    first: dict[str, int] = {}
    for cue, pattern in patterns.cues:
        for match in pattern.finditer(masked):
            start, end = match.span()
            if any(taken[start:end]) or not _is_word(masked, start, end, bounds):
                continue
            for i in range(start, end):
                taken[i] = True
            target = named if _INSTITUTION.match(masked, end) else counts
            target[cue] = target.get(cue, 0) + 1
            first.setdefault(cue, start)

    def ordered(found: dict[str, int]) -> dict[str, int]:
        return dict(sorted(found.items(), key=lambda kv: (first[kv[0]], kv[0])))

    return ordered(counts), ordered(named)


def _is_word(text: str, start: int, end: int, bounds: frozenset[int] | None) -> bool:
    """True when text[start:end] is not part of a longer Latin word and, given the cut's word
    boundaries, lies inside one word or spans whole words."""
    if text[start].isascii() and text[start].isalnum() and start > 0:
        before = text[start - 1]
        if before.isascii() and before.isalnum():
            return False
    if text[end - 1].isascii() and text[end - 1].isalnum() and end < len(text):
        after = text[end]
        if after.isascii() and after.isalnum():
            return False
    if bounds is None:
        return True
    inner = [i for i in range(start + 1, end) if i in bounds]
    if not inner:
        return True  # inside one word
    return start in bounds and end in bounds  # whole words


def _check_table(key: str, table: Any, name: str) -> None:
    if not isinstance(table, dict):
        raise InputError(message("error.sector_not_table", key=key), path=name)
    if not _KEY.match(key) or key in (GENERAL, ALL):
        raise InputError(
            message("error.sector_key", key=repr(key), general=GENERAL, all=ALL), path=name
        )
    unknown = sorted(set(table) - _TABLE_KEYS)
    if unknown:
        known = ", ".join(sorted(_TABLE_KEYS))
        raise InputError(
            message("error.sector_fields", key=key, fields=", ".join(unknown), known=known),
            path=name,
        )
    for list_key in ("cues", "journals", "exclude", "ambiguous"):
        value = table.get(list_key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(message("error.sector_strings", key=key, field=list_key), path=name)
    if "label" in table and not isinstance(table["label"], str):
        raise InputError(message("error.sector_label", key=key), path=name)
    weights = table.get("weights", {})
    if not isinstance(weights, dict):
        raise InputError(message("error.sector_weights", key=key), path=name)
    for cue, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise InputError(
                message("error.sector_weight", key=key, cue=repr(cue), weight=repr(weight)),
                path=name,
            )


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_detail(exc) if isinstance(exc, OSError) else plain_text(exc)
        raise InputError(message("error.sector_unreadable", reason=reason), path=path) from exc
