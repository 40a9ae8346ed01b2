"""The result of `build_topics` and its JSON form (the topics.json contract of the README).

`TopicModelResult.to_dict()` is what topics.json holds (floats rounded to 6 decimals) and
`TopicModelResult.from_dict()` reads it back. The saved form is complete: every page and table
(`kamlit.topics.write`) is rendered from the result as read back from it, so `kamlit report`
re-renders them byte for byte without refitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from kamlit.codec import check_schema, from_plain, schema_tag
from kamlit.i18n import Notice, notices_from
from kamlit.settings import TopicSettings, settings_to_dict

if TYPE_CHECKING:
    from kamlit.topics.saved import TopicModel

DIGITS = 6
TOPICS_SCHEMA = 1  # version of TopicModelResult.to_dict() (topics.json)


@dataclass(frozen=True)
class TermWeight:
    """A term and its probability within a topic, p(term | topic)."""

    term: str
    weight: float


@dataclass(frozen=True)
class TopRecord:
    """A record that loads strongly on a topic."""

    id: str
    share: float
    title: str
    year: int | None
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """One topic: terms, label, coherence, prevalence, where it sits, who writes about it."""

    id: int  # 1-based; doc_topics shares are listed in id order
    label: str
    terms: tuple[TermWeight, ...]
    coherence: float | None  # c_v of the top terms
    coherence_npmi: float | None
    prevalence: float  # mean share over the modelled documents
    tokens: float  # estimated tokens assigned to the topic: sum of share × document length
    top_records: tuple[TopRecord, ...]
    by_sector: tuple[tuple[str, float], ...]  # (sector key, mean share of its records)
    by_year: tuple[tuple[int, float], ...]
    x: float
    y: float
    pool: tuple[TermWeight, ...]  # the explorer's candidates for the λ slider


@dataclass(frozen=True)
class SelectionRow:
    """One K of the sweep: the kept fit's mean c_v, mean c_npmi and topic diversity, the
    stability across seeds, the quality the rule compares (mean over seeds of c_v × diversity),
    the kept fit's iterations, and whether it was chosen; `quality_se` is the standard error
    of `quality` over the seeds and `bound` = quality - quality_se, the number the rule
    compares (`kamlit.topics.selection`)."""

    k: int
    coherence: float | None
    c_npmi: float | None
    stability: float | None
    chosen: bool
    diversity: float | None = None
    quality: float | None = None
    iterations: int | None = None
    quality_se: float | None = None
    bound: float | None = None


@dataclass(frozen=True)
class SelectionChoice:
    """The numbers behind an automatic K: the K with the best bound and that bound, its
    quality's standard error over the seeds (None: one seed, not measured), the tolerance
    (the standard error clamped to [floor, ceiling]) and the threshold = best bound -
    tolerance; the K chosen is the smallest whose bound reaches the threshold."""

    best_k: int
    best_bound: float
    standard_error: float | None
    tolerance: float
    floor: float
    ceiling: float
    threshold: float


@dataclass(frozen=True)
class GroupCount:
    """A sector or year and the number of modelled records in it."""

    key: str
    label: str
    records: int


@dataclass(frozen=True)
class TopicModelResult:
    """Topics of a corpus with the evidence for K, ready to print, save and re-render."""

    engine: str
    k: int
    seed: int
    auto: bool
    topics: tuple[Topic, ...]
    doc_ids: tuple[str, ...]
    doc_topic: np.ndarray  # documents × topics, rows in doc_ids order, columns in topic order
    coherence_mean: float | None
    npmi_mean: float | None
    stability: float | None
    stability_seeds: tuple[int, ...]
    selection: tuple[SelectionRow, ...]
    selection_rule: str
    n_records: int
    excluded: tuple[str, ...]
    vocabulary_size: int
    tokens: int
    min_df: int
    max_df: float
    passes: int
    term_frequency: tuple[tuple[str, int], ...]  # corpus counts of the explorer's pool terms
    sectors: tuple[GroupCount, ...]
    years: tuple[GroupCount, ...]
    warnings: tuple[str, ...]
    settings: TopicSettings
    iterations: int = 0  # sweeps (tomotopy) or passes the kept fit ran
    converged: bool = False  # the kept fit stopped by the tolerance, not the budget
    priors: str = ""  # the engine's priors, in words
    notices: tuple[Notice, ...] = ()  # `warnings` as catalogue messages, for any language
    choice: SelectionChoice | None = None  # why K was chosen (k=auto with a coherence score)
    # The fitted model and its full matrices; not part of topics.json (see kamlit.topics.saved).
    model: TopicModel | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the topics.json object; floats rounded to 6 decimals so files are stable."""
        data: dict[str, Any] = {
            "schema": schema_tag("topics", TOPICS_SCHEMA),
            "engine": self.engine,
            "k": self.k,
            "seed": self.seed,
            "coherence": {
                "measure": "c_v",
                "mean": _r(self.coherence_mean),
                "c_npmi": _r(self.npmi_mean),
            },
            "stability": {
                "measure": "mean best-match Jaccard of the top terms across seeds",
                "mean": _r(self.stability),
                "seeds": list(self.stability_seeds),
                "top_n": self.settings.top_terms,
            },
            "topics": [_topic_dict(t) for t in self.topics],
            "doc_topics": {
                doc_id: [_r(v) for v in row]
                for doc_id, row in zip(self.doc_ids, self.doc_topic.tolist(), strict=True)
            },
            "doc_ids": list(self.doc_ids),  # doc_topics keys in corpus order
            "corpus": {
                "records": self.n_records,
                "documents": len(self.doc_ids),
                "excluded": list(self.excluded),
                "tokens": self.tokens,
                "vocabulary": self.vocabulary_size,
                "min_df": self.min_df,
                "max_df": self.max_df,
            },
            "model": {
                "passes": self.passes,
                "iterations": self.settings.iterations,
                "iterations_used": self.iterations,
                "converged": self.converged,
                "tolerance": self.settings.tolerance,
                "priors": self.priors,
                "label_lambda": 0.6,
                "k_auto": self.auto,
                "selection_rule": self.selection_rule,
                "settings": settings_to_dict(self.settings),
            },
            "term_frequency": dict(self.term_frequency),
            "sectors": [_group_dict(g) for g in self.sectors],
            "years": [_group_dict(g) for g in self.years],
            "warnings": list(self.warnings),
            "notices": [n.to_dict() for n in self.notices],
        }
        if self.auto:
            data["selection"] = [
                {
                    "k": row.k,
                    "coherence": _r(row.coherence),
                    "c_npmi": _r(row.c_npmi),
                    "stability": _r(row.stability),
                    "diversity": _r(row.diversity),
                    "quality": _r(row.quality),
                    "iterations": row.iterations,
                    "chosen": row.chosen,
                    "quality_se": _r(row.quality_se),
                    "bound": _r(row.bound),
                }
                for row in self.selection
            ]
        if self.choice is not None:  # set by an automatic K only
            c = self.choice
            data["choice"] = {
                "rule": "one standard error",
                "best_k": c.best_k,
                "best_bound": _r(c.best_bound),
                "standard_error": _r(c.standard_error),
                "tolerance": _r(c.tolerance),
                "floor": _r(c.floor),
                "ceiling": _r(c.ceiling),
                "threshold": _r(c.threshold),
            }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TopicModelResult:
        """Rebuild a result from `to_dict()` data (topics.json); raises InputError for a newer
        schema and KeyError/ValueError/TypeError when malformed.

        The values are those of the file (rounded), so `from_dict(x.to_dict())` is the result
        every page is rendered from, and `from_dict(d).to_dict() == d`.
        """
        check_schema(data, "topics", TOPICS_SCHEMA)
        coherence = data["coherence"]
        stability = data["stability"]
        corpus = data["corpus"]
        model = data["model"]
        sectors = tuple(_group(g) for g in data.get("sectors") or ())
        order = {g.key: n for n, g in enumerate(sectors)}
        topics = tuple(_topic(t, order) for t in data["topics"])
        doc_ids = tuple(str(i) for i in data.get("doc_ids") or data["doc_topics"])
        shares = data["doc_topics"]
        doc_topic = np.array([shares[i] for i in doc_ids], dtype=float).reshape(
            len(doc_ids), len(topics)
        )
        auto = bool(model["k_auto"])
        k = int(data["k"])
        if "selection" in data:
            selection = tuple(
                SelectionRow(
                    k=int(row["k"]),
                    coherence=_f(row.get("coherence")),
                    c_npmi=_f(row.get("c_npmi")),
                    stability=_f(row.get("stability")),
                    chosen=bool(row["chosen"]),
                    diversity=_f(row.get("diversity")),
                    quality=_f(row.get("quality")),
                    iterations=None if row.get("iterations") is None else int(row["iterations"]),
                    quality_se=_f(row.get("quality_se")),
                    bound=_f(row.get("bound")),
                )
                for row in data["selection"]
            )
        else:  # K was fixed: the one fit is the whole sweep
            selection = (
                SelectionRow(
                    k=k,
                    coherence=_f(coherence.get("mean")),
                    c_npmi=_f(coherence.get("c_npmi")),
                    stability=_f(stability.get("mean")),
                    chosen=True,
                ),
            )
        return cls(
            engine=str(data["engine"]),
            k=k,
            seed=int(data["seed"]),
            auto=auto,
            topics=topics,
            doc_ids=doc_ids,
            doc_topic=doc_topic,
            coherence_mean=_f(coherence.get("mean")),
            npmi_mean=_f(coherence.get("c_npmi")),
            stability=_f(stability.get("mean")),
            stability_seeds=tuple(int(s) for s in stability.get("seeds") or ()),
            selection=selection,
            selection_rule=str(model["selection_rule"]),
            n_records=int(corpus["records"]),
            excluded=tuple(str(i) for i in corpus.get("excluded") or ()),
            vocabulary_size=int(corpus["vocabulary"]),
            tokens=int(corpus["tokens"]),
            min_df=int(corpus["min_df"]),
            max_df=float(corpus["max_df"]),
            passes=int(model["passes"]),
            term_frequency=tuple(
                (str(term), int(n)) for term, n in (data.get("term_frequency") or {}).items()
            ),
            sectors=sectors,
            years=tuple(_group(g) for g in data.get("years") or ()),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
            settings=from_plain(TopicSettings, model["settings"], where="model.settings"),
            iterations=int(model.get("iterations_used") or 0),
            converged=bool(model.get("converged")),
            priors=str(model.get("priors", "")),
            notices=notices_from(data.get("notices")),
            choice=_choice(data.get("choice")),
        )

    def __eq__(self, other: object) -> bool:
        """Field by field, the document-topic matrix by value (NumPy arrays have no truth)."""
        if not isinstance(other, TopicModelResult):
            return NotImplemented
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "model":
                continue
            if f.name == "doc_topic":
                if mine.shape != theirs.shape or not np.array_equal(mine, theirs):
                    return False
            elif mine != theirs:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]  # mutable array inside: not hashable


def _topic_dict(topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "label": topic.label,
        "terms": [{"term": t.term, "weight": _r(t.weight)} for t in topic.terms],
        "coherence": _r(topic.coherence),
        "coherence_npmi": _r(topic.coherence_npmi),
        "prevalence": _r(topic.prevalence),
        "tokens": _r(topic.tokens),
        "top_records": [
            {
                "id": r.id,
                "share": _r(r.share),
                "title": r.title,
                "year": r.year,
                "sectors": list(r.sectors),
            }
            for r in topic.top_records
        ],
        "sectors": {key: _r(v) for key, v in topic.by_sector},
        "years": {str(year): _r(v) for year, v in topic.by_year},
        "x": _r(topic.x),
        "y": _r(topic.y),
        "relevance_terms": [{"term": t.term, "weight": _sig(t.weight)} for t in topic.pool],
    }


def _topic(data: Mapping[str, Any], sector_order: Mapping[str, int]) -> Topic:
    # The file's objects have sorted keys: put sectors back in sector order, years in order.
    by_sector = sorted(
        data.get("sectors", {}).items(), key=lambda kv: (sector_order.get(kv[0], 1 << 30), kv[0])
    )
    by_year = sorted(((int(y), v) for y, v in data.get("years", {}).items()), key=lambda yv: yv[0])
    return Topic(
        id=int(data["id"]),
        label=str(data["label"]),
        terms=tuple(_term(t) for t in data["terms"]),
        coherence=_f(data.get("coherence")),
        coherence_npmi=_f(data.get("coherence_npmi")),
        prevalence=float(data["prevalence"]),
        tokens=float(data["tokens"]),
        top_records=tuple(
            TopRecord(
                id=str(r["id"]),
                share=float(r["share"]),
                title=str(r["title"]),
                year=None if r.get("year") is None else int(r["year"]),
                sectors=tuple(str(s) for s in r.get("sectors") or ()),
            )
            for r in data.get("top_records") or ()
        ),
        by_sector=tuple((str(k), float(v)) for k, v in by_sector),
        by_year=tuple((y, float(v)) for y, v in by_year),
        x=float(data["x"]),
        y=float(data["y"]),
        pool=tuple(_term(t) for t in data.get("relevance_terms") or ()),
    )


def _choice(data: Mapping[str, Any] | None) -> SelectionChoice | None:
    if data is None:  # K fixed, no coherence score, or a file from before the rule was recorded
        return None
    return SelectionChoice(
        best_k=int(data["best_k"]),
        best_bound=float(data["best_bound"]),
        standard_error=_f(data.get("standard_error")),
        tolerance=float(data["tolerance"]),
        floor=float(data["floor"]),
        ceiling=float(data["ceiling"]),
        threshold=float(data["threshold"]),
    )


def _term(data: Mapping[str, Any]) -> TermWeight:
    return TermWeight(str(data["term"]), float(data["weight"]))


def _group(data: Mapping[str, Any]) -> GroupCount:
    return GroupCount(str(data["key"]), str(data["label"]), int(data["records"]))


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _group_dict(group: GroupCount) -> dict[str, Any]:
    return {"key": group.key, "label": group.label, "records": group.records}


def _r(value: float | None) -> float | None:
    if value is None:
        return None
    # `+ 0.0` turns -0.0 into 0.0, so a sign flip below the last digit never shows.
    return round(float(value), DIGITS) + 0.0


def _sig(value: float) -> float:
    # Pool terms can have tiny probabilities; keep 6 significant digits so log() stays finite.
    return float(f"{float(value):.6g}") + 0.0
