"""Writing a topic model's files: topics.json, three CSV tables, topics.html and topics.png.

topics.json is `TopicModelResult.to_dict()`; every other file is rendered from the result as
read back from that form (`TopicModelResult.from_dict`), so `kamlit report` (which has only
topics.json) renders the same bytes as the run that fitted the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kamlit.io import atomic_write_bytes, atomic_write_text, dumps_json
from kamlit.tables import csv_text, header
from kamlit.topics.describe import LABEL_LAMBDA
from kamlit.topics.result import SelectionRow, TopicModelResult
from kamlit.topics.saved import write_model
from kamlit.types import Record

FILES = (
    "topics.json",
    "topic_terms.csv",
    "doc_topics.csv",
    "selection.csv",
    "topics.html",
    "topics.png",
)


def write_topics(
    result: TopicModelResult,
    out_dir: str | Path,
    *,
    record_page: str | None = None,
    records: Sequence[Record] = (),
    lang: str = "zh",
    figure_format: str = "png",
) -> list[Path]:
    """Write every topics output under `out_dir` (atomically); return the paths in FILES order
    (then `topics.svg` or `topics.pdf` when `figure_format` asks for one), then, when the result
    carries its fitted model, the model's files (MODEL_FILES and the native model,
    `kamlit.topics.saved`): a result read back from topics.json has no model, so `kamlit report`
    re-renders the pages and leaves the model files alone.

    `record_page` (e.g. `../index.html` in a run folder) turns record ids in topics.html into
    links to that page's record rows; `records` give the explorer the titles and texts it
    shows when a term is clicked; `lang` is the language of the page and the figures.
    """
    from kamlit.topics.chart import render_chart
    from kamlit.topics.explorer import render_explorer

    data = result.to_dict()
    saved = TopicModelResult.from_dict(data)  # the values the file holds, rounded
    out = Path(out_dir)
    model = write_model(result.model, out) if result.model is not None else []
    written = [
        atomic_write_text(out / "topics.json", dumps_json(data)),
        atomic_write_text(out / "topic_terms.csv", topic_terms_csv(saved)),
        atomic_write_text(out / "doc_topics.csv", doc_topics_csv(saved)),
        atomic_write_text(out / "selection.csv", selection_csv(saved)),
        atomic_write_text(
            out / "topics.html",
            render_explorer(saved, record_page=record_page, records=records, lang=lang),
        ),
        atomic_write_bytes(out / "topics.png", render_chart(saved, lang=lang)),
    ]
    if figure_format != "png":
        figure = render_chart(saved, fmt=figure_format, lang=lang)
        written.append(atomic_write_bytes(out / f"topics.{figure_format}", figure))
    return [*written, *model]


def topic_terms_csv(result: TopicModelResult) -> str:
    """One row per topic and top term: weight p(term|topic) and relevance at λ = 0.6."""
    tf = dict(result.term_frequency)
    tokens = max(1, result.tokens)
    rows: list[Sequence[Any]] = []
    for topic in result.topics:
        for rank, item in enumerate(topic.terms, start=1):
            rows.append(
                (
                    topic.id,
                    topic.label,
                    rank,
                    item.term,
                    _num(item.weight),
                    _num(_relevance(item.weight, tf.get(item.term), tokens)),
                )
            )
    return csv_text(header("topics/topic_terms.csv"), rows)


def doc_topics_csv(result: TopicModelResult) -> str:
    """One row per modelled record: its dominant topic and its share of every topic."""
    ids = [t.id for t in result.topics]
    rows: list[Sequence[Any]] = []
    for doc_id, shares in zip(result.doc_ids, result.doc_topic.tolist(), strict=True):
        dominant = ids[max(range(len(shares)), key=lambda j: (shares[j], -j))] if shares else ""
        rows.append((doc_id, dominant, *(_num(s) for s in shares)))
    columns = (*header("topics/doc_topics.csv"), *(f"topic_{i}" for i in ids))
    return csv_text(columns, rows)


def selection_csv(result: TopicModelResult) -> str:
    """The K sweep (k, mean c_v, mean c_npmi, stability, diversity, quality, its standard
    error over the seeds, the bound the rule compares, chosen); one row when K was fixed."""
    rows: list[Sequence[Any]] = []
    selection: Sequence[SelectionRow] = result.selection
    if not result.auto:
        selection = [
            SelectionRow(
                k=result.k,
                coherence=result.coherence_mean,
                c_npmi=result.npmi_mean,
                stability=result.stability,
                chosen=True,
            )
        ]
    for row in selection:
        rows.append(
            (
                row.k,
                _num(row.coherence),
                _num(row.c_npmi),
                _num(row.stability),
                _num(row.diversity),
                _num(row.quality),
                _num(row.quality_se),
                _num(row.bound),
                "yes" if row.chosen else "",
            )
        )
    return csv_text(header("topics/selection.csv"), rows)


def _relevance(weight: float, count: int | None, tokens: int) -> float | None:
    if not count or weight <= 0:
        return None
    p_w = count / tokens
    return LABEL_LAMBDA * math.log(weight) + (1 - LABEL_LAMBDA) * math.log(weight / p_w)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"
