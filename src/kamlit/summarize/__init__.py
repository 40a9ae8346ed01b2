"""Per-sector digests: the practices the literature recommends, every line with its source.

`summarize_sectors(prepared, …)` takes the prepared corpus (`kamlit.corpus`: records cut once,
sectors assigned), finds the recommending statements of each sector's records, groups them
into practices, ranks them and compares the sectors; `render_markdown` / `digests_to_dict`
turn the result into a page or the JSON described in the README, and `digests_from_dict`
reads that JSON back for re-rendering.
The method, one step per module: `statements.py` (recommending statements), `features.py`
(their TF-IDF vectors), `grouping.py` (practices: grouping, ranking, MMR selection).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kamlit.i18n import Notice, catalogue
from kamlit.sectors import GENERAL, explain_record, resolve_sector
from kamlit.settings import SummarizeSettings
from kamlit.summarize.compare import compare_digests
from kamlit.summarize.cues import CueSet, action_verbs, load_actions, load_concepts, load_cues
from kamlit.summarize.model import (
    ComparisonRow,
    Evidence,
    Practice,
    SectorDigest,
    SectorDigests,
)
from kamlit.summarize.render import (
    digests_from_dict,
    digests_to_dict,
    render_json,
    render_markdown,
    write_summary,
)

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus

__all__ = [
    "ComparisonRow",
    "Evidence",
    "Practice",
    "SectorDigest",
    "SectorDigests",
    "digests_from_dict",
    "digests_to_dict",
    "load_cues",
    "render_json",
    "render_markdown",
    "summarize_sectors",
    "write_summary",
]


def summarize_sectors(
    prepared: PreparedCorpus,
    *,
    settings: SummarizeSettings | None = None,
    sectors: Sequence[str] = ("all",),
    cues: CueSet | None = None,
) -> SectorDigests:
    """Digest the recommended practices of each requested sector (keys, labels or `all`)."""
    from kamlit.summarize.features import FeatureSpace
    from kamlit.summarize.grouping import build_practices, select_practices
    from kamlit.summarize.statements import extract_statements

    settings = settings or SummarizeSettings()
    corpus = prepared.corpus
    assignment = prepared.sectors
    cues = cues or load_cues(settings.cues)
    wanted: list[str] = []
    explicit = [value for value in sectors if value.strip().lower() != "all"]
    for value in sectors:
        for key in resolve_sector(assignment.sectors, value):
            if key not in wanted:
                wanted.append(key)
    if len(explicit) < len(sectors):  # `all`: only the sectors that have records
        named = {k for v in explicit for k in resolve_sector(assignment.sectors, v)}
        wanted = [k for k in wanted if k in named or assignment.members(k)]

    # Words naming a sector (电信, 中国移动, 邮政) tell the sector, not the practice.
    sector_words = sorted(
        {c for s in assignment.sectors for c in s.cues}, key=lambda c: (len(c), c)
    )
    keeps = prepared.segmenter.keeps
    space = FeatureSpace(corpus, keeps, sector_words, load_concepts(settings.concepts))
    titles = {r.id: r.title for r in corpus.records}
    abstracts = {r.id: r.abstract for r in corpus.records}
    digests = []
    centroids = {}
    signatures = {}
    # Verbs of doing -> the action they name (建立, 成立 and 设立 are one action).
    actions = action_verbs(cues, load_actions(settings.concepts))
    total = len(corpus.records)
    for key in wanted:
        members = assignment.members(key)
        if len(members) < settings.min_records:
            # Nothing to say: say so, list no practice.
            notice = _absent(key, assignment.label(key), len(members), total, settings)
            absent = catalogue("en").notice(notice)
            digests.append(
                SectorDigest(
                    sector=key,
                    label=assignment.label(key),
                    records=members,
                    practices=(),
                    statements=0,
                    warning=absent,
                    absent=absent,
                    notices=(notice,),
                )
            )
            continue
        statements = extract_statements(corpus, members, cues=cues, settings=settings)
        found = len(statements)
        if found > settings.max_statements:
            # Grouping costs memory quadratic in the statements: keep the strongest.
            strongest = sorted(statements, key=lambda s: (-s.score, s.position, s.order))
            kept = set(map(id, strongest[: settings.max_statements]))
            statements = [s for s in statements if id(s) in kept]
        matrix = space.statement_matrix(statements)
        candidates = build_practices(
            statements,
            matrix,
            space=space,
            titles=titles,
            abstracts=abstracts,
            settings=settings,
            actions=actions,
        )
        chosen = select_practices(candidates, settings)
        centroids[key] = [c.centroid for c in chosen]
        signatures[key] = [c.signature for c in chosen]
        n = len(members)
        notes = []
        if n < settings.few_records:
            notes.append(
                Notice.of("summarize.warn.few_one" if n == 1 else "summarize.warn.few", n=n)
            )
        if found > len(statements):
            notes.append(Notice.of("summarize.warn.capped", found=found, kept=len(statements)))
        digests.append(
            SectorDigest(
                sector=key,
                label=assignment.label(key),
                records=members,
                practices=tuple(c.practice for c in chosen),
                statements=found,
                warning="; ".join(catalogue("en").notice(note) for note in notes) or None,
                notices=tuple(notes),
            )
        )
    compared = [d for d in digests if d.sector != GENERAL and d.practices]
    comparison = (
        compare_digests(
            compared,
            {k: v for k, v in centroids.items() if k != GENERAL},
            threshold=settings.compare_similarity,
            signatures=signatures,
            families=space.families,
        )
        if len(compared) > 1
        else ()
    )
    return SectorDigests(
        digests=tuple(digests),
        comparison=comparison,
        explanations={
            r.id: explain_record(assignment, r.id, min_score=prepared.settings.sectors.min_score)
            for r in assignment.records
        },
        sectors_of={r.id: r.sectors for r in assignment.records},
        titles={r.id: r.title for r in corpus.records if r.title},
        labels={
            **{s.key: s.label for s in assignment.sectors},
            GENERAL: assignment.label(GENERAL),
        },
        total=total,
    )


def _absent(key: str, label: str, n: int, total: int, settings: SummarizeSettings) -> Notice:
    """Why a sector's digest lists no practice, as a catalogue notice (`summarize.warn.*`)."""
    terms = {"noun": "summarize.warn.abstracts" if total != 1 else "summarize.warn.abstract"}
    values: dict[str, str | int] = {"total": total}
    if key == GENERAL:  # one label per sector: 综合 / general
        terms["label"] = "sector.general"
    else:
        values["label"] = label
    if n == 0:
        return Notice.of("summarize.warn.none", terms=terms, **values)
    which = "summarize.warn.absent_one" if n == 1 else "summarize.warn.absent_few"
    return Notice.of(which, terms=terms, n=n, min=settings.min_records, **values)
