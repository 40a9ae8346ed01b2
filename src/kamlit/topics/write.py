"""Writing a topic model's files: topics.json, three CSV tables, topics.html and topics.png.

Everything is rendered from the topics.json object, so a saved topics.json can be re-rendered
(`write_topics(json.loads(text), out_dir)`) without refitting.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kamlit.io import atomic_write_bytes, atomic_write_text, dumps_json
from kamlit.topics.describe import LABEL_LAMBDA
from kamlit.topics.result import TopicModelResult

FILES = (
    "topics.json",
    "topic_terms.csv",
    "doc_topics.csv",
    "selection.csv",
    "topics.html",
    "topics.png",
)


def write_topics(
    result: TopicModelResult | Mapping[str, Any],
    out_dir: str | Path,
    *,
    record_page: str | None = None,
) -> list[Path]:
    """Write every topics output under `out_dir` (atomically); return the paths in FILES order.

    `record_page` (e.g. `../index.html` in a run folder) turns record ids in topics.html into
    links to that page's record rows.
    """
    from kamlit.topics.chart import render_chart
    from kamlit.topics.explorer import render_explorer

    data = result.to_dict() if isinstance(result, TopicModelResult) else dict(result)
    out = Path(out_dir)
    return [
        atomic_write_text(out / "topics.json", dumps_json(data)),
        atomic_write_text(out / "topic_terms.csv", topic_terms_csv(data)),
        atomic_write_text(out / "doc_topics.csv", doc_topics_csv(data)),
        atomic_write_text(out / "selection.csv", selection_csv(data)),
        atomic_write_text(out / "topics.html", render_explorer(data, record_page=record_page)),
        atomic_write_bytes(out / "topics.png", render_chart(data)),
    ]


def topic_terms_csv(data: Mapping[str, Any]) -> str:
    """One row per topic and top term: weight p(term|topic) and relevance at λ = 0.6."""
    tf = data.get("term_frequency", {})
    tokens = max(1, int(data.get("corpus", {}).get("tokens", 1)))
    rows: list[Sequence[Any]] = [("topic", "label", "rank", "term", "weight", "relevance")]
    for topic in data.get("topics", []):
        for rank, item in enumerate(topic.get("terms", []), start=1):
            rows.append(
                (
                    topic["id"],
                    topic["label"],
                    rank,
                    item["term"],
                    _num(item["weight"]),
                    _num(_relevance(item["weight"], tf.get(item["term"]), tokens)),
                )
            )
    return _csv(rows)


def doc_topics_csv(data: Mapping[str, Any]) -> str:
    """One row per modelled record: its dominant topic and its share of every topic."""
    ids = [t["id"] for t in data.get("topics", [])]
    rows: list[Sequence[Any]] = [("id", "dominant_topic", *(f"topic_{i}" for i in ids))]
    doc_topics = data.get("doc_topics", {})
    for doc_id in data.get("doc_ids") or list(doc_topics):
        shares = doc_topics[doc_id]
        dominant = ids[max(range(len(shares)), key=lambda j: (shares[j], -j))] if shares else ""
        rows.append((doc_id, dominant, *(_num(s) for s in shares)))
    return _csv(rows)


def selection_csv(data: Mapping[str, Any]) -> str:
    """The K sweep (k, mean c_v, mean c_npmi, stability, chosen); one row when K was fixed."""
    rows: list[Sequence[Any]] = [("k", "coherence_c_v", "coherence_c_npmi", "stability", "chosen")]
    selection = data.get("selection")
    if selection is None:
        coherence = data.get("coherence", {})
        selection = [
            {
                "k": data.get("k"),
                "coherence": coherence.get("mean"),
                "c_npmi": coherence.get("c_npmi"),
                "stability": data.get("stability", {}).get("mean"),
                "chosen": True,
            }
        ]
    for row in selection:
        rows.append(
            (
                row["k"],
                _num(row.get("coherence")),
                _num(row.get("c_npmi")),
                _num(row.get("stability")),
                "yes" if row.get("chosen") else "",
            )
        )
    return _csv(rows)


def _relevance(weight: float, count: int | None, tokens: int) -> float | None:
    if not count or weight <= 0:
        return None
    p_w = count / tokens
    return LABEL_LAMBDA * math.log(weight) + (1 - LABEL_LAMBDA) * math.log(weight / p_w)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()
