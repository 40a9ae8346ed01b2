"""The result of `build_topics` and its JSON form (the topics.json contract of DESIGN.md).

The JSON is complete enough to re-render the explorer and the chart without refitting:
`kamlit report` reads topics.json and calls `render_explorer` / `render_chart` on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kamlit.settings import TopicSettings, settings_to_dict

DIGITS = 6


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
    """One K of the sweep: mean c_v, mean c_npmi, stability, and whether it was chosen."""

    k: int
    coherence: float | None
    c_npmi: float | None
    stability: float | None
    chosen: bool


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

    def to_dict(self) -> dict[str, Any]:
        """Return the topics.json object; floats rounded to 6 decimals so files are stable."""
        data: dict[str, Any] = {
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
                "priors": "symmetric 1/K (document-topic and topic-term)",
                "label_lambda": 0.6,
                "k_auto": self.auto,
                "selection_rule": self.selection_rule,
                "settings": settings_to_dict(self.settings),
            },
            "term_frequency": dict(self.term_frequency),
            "sectors": [_group_dict(g) for g in self.sectors],
            "years": [_group_dict(g) for g in self.years],
            "warnings": list(self.warnings),
        }
        if self.auto:
            data["selection"] = [
                {
                    "k": row.k,
                    "coherence": _r(row.coherence),
                    "c_npmi": _r(row.c_npmi),
                    "stability": _r(row.stability),
                    "chosen": row.chosen,
                }
                for row in self.selection
            ]
        return data


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
