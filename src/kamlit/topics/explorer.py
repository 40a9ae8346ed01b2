"""topics.html: an LDAvis-style explorer that works offline, rendered from a topic model result.

One self-contained page (jinja2 template `data/templates/explorer.html`, CSS and script in
`data/topics/`): the result's topics.json form and the page's messages (in the report's
language, `kamlit.i18n`) as JSON script elements, the subset of kamlit's CJK font its text
needs embedded, no CDN, no network request. The intertopic map (Jensen–Shannon distances,
classical MDS) is computed in Python; the browser re-ranks each topic's candidate terms when
the λ slider moves (relevance = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w))) and, when a term bar
is clicked, lists the topic's records that use the term with each occurrence in context
(from the titles and abstracts of the `records` given). Records show by title, the id as a
link. Every text from the data reaches the page through `textContent`; the template escapes
the rest.

For a large corpus the page keeps, of the per-record data (shares and texts), only each
topic's records with the largest share of it (`topic_records`: EXPLORER_RECORDS / K, at most
`EXPLORER_TOPIC_RECORDS`, so never more records than a corpus of `EXPLORER_RECORDS` shows in
full), once the model has more than `EXPLORER_RECORDS` documents, and says so in its
warnings; `doc_topics.csv` has every record's shares (limits: `docs/scale-notes.md`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kamlit.codec import SCHEMA_KEY
from kamlit.i18n import Catalogue, catalogue
from kamlit.templates import render_page

if TYPE_CHECKING:
    from kamlit.topics.result import TopicModelResult
    from kamlit.types import Record

MIN_YEAR_RECORDS = 3  # years with fewer records show their count, not a percentage
# Beyond this many modelled records the page embeds each topic's top records only.
EXPLORER_RECORDS = 3000
EXPLORER_TOPIC_RECORDS = 200


def render_explorer(
    result: TopicModelResult,
    *,
    record_page: str | None = None,
    records: Sequence[Record] = (),
    lang: str = "zh",
) -> str:
    """Return the explorer page of a topic model, in `lang` (record ids link to
    `record_page`; `records` supply the titles and texts shown when a term is clicked)."""
    cat = catalogue(lang)
    page_data: dict[str, Any] = result.to_dict()
    del page_data[SCHEMA_KEY]  # the page's script reads the data, not the file format
    if record_page:
        page_data["record_page"] = record_page
    for group in page_data["sectors"]:  # one label per sector: `general` is 综合 / general
        if group.get("key") == "general":
            group["label"] = cat.t("sector.general")
    page_data["min_year_records"] = MIN_YEAR_RECORDS
    page_data["rule_text"] = why_text(result, cat)
    page_data["warnings"] = cat.warnings(result.notices, result.warnings)  # page's language
    del page_data["notices"]
    kept = _kept_records(result)
    if len(kept) < len(result.doc_ids):
        page_data["doc_ids"] = list(kept)
        page_data["doc_topics"] = {i: page_data["doc_topics"][i] for i in kept}
        page_data["warnings"] = [
            *page_data.get("warnings", []),
            cat.t(
                "explorer.sampled",
                top=topic_records(result.doc_topic.shape[1]),
                shown=len(kept),
                total=len(result.doc_ids),
            ),
        ]
    modelled = set(kept)
    page_data["texts"] = {
        r.id: [r.title or "", r.abstract or ""] for r in records if r.id in modelled
    }
    title = cat.t("explorer.title", k=result.k, engine=result.engine, seed=result.seed)
    return render_page(
        "explorer.html",
        html_lang=cat.html_lang,
        t=cat.t,
        title=title,
        min_year_records=MIN_YEAR_RECORDS,
        data=page_data,
        messages=cat.subset("explorer.js."),
    )


def topic_records(k: int) -> int:
    """How many records of each of `k` topics a large corpus's page embeds: at most
    EXPLORER_RECORDS in all (at 10,000 records, 200 per topic of K = 20 made a 5.3 MB page)."""
    return min(EXPLORER_TOPIC_RECORDS, max(1, EXPLORER_RECORDS // max(k, 1)))


def _kept_records(result: TopicModelResult) -> tuple[str, ...]:
    """The records whose shares and texts the page embeds, in corpus order: all of them, or
    beyond `EXPLORER_RECORDS` each topic's `topic_records(K)` largest shares (ties by corpus
    order)."""
    import numpy as np

    n = len(result.doc_ids)
    if n <= EXPLORER_RECORDS:
        return result.doc_ids
    keep: set[int] = set()
    per_topic = topic_records(result.doc_topic.shape[1])
    for col in range(result.doc_topic.shape[1]):
        top = np.argsort(-result.doc_topic[:, col], kind="stable")[:per_topic]
        keep.update(int(i) for i in top)
    return tuple(result.doc_ids[i] for i in sorted(keep))


def rule_text(result: TopicModelResult, cat: Catalogue) -> str:
    """How K was chosen, in the page's language (the result keeps the English sentence)."""
    from kamlit.topics.selection import (
        DIVERSITY_TOP,
        SELECTION_RULE,
        TOLERANCE_CEILING,
        TOLERANCE_FLOOR,
    )

    if result.selection_rule == SELECTION_RULE:
        return cat.t(
            "explorer.rule.bound",
            top=DIVERSITY_TOP,
            floor=TOLERANCE_FLOOR,
            ceiling=TOLERANCE_CEILING,
        )
    if result.selection_rule == f"K fixed at {result.k} (--k)":
        return cat.t("explorer.rule.fixed", k=result.k)
    return result.selection_rule


def why_text(result: TopicModelResult, cat: Catalogue) -> str:
    """The rule, then the numbers behind this K when the result records them (the explorer's
    and the report's sentence about the choice)."""
    numbers = choice_text(result, cat)
    sep = "；" if cat.lang == "zh" else "; "
    return rule_text(result, cat) + (sep + numbers if numbers else "")


def choice_text(result: TopicModelResult, cat: Catalogue) -> str:
    """Why this K, in the numbers the rule compared (the result's `choice`); empty when K was
    fixed or the result does not record them."""
    choice = result.choice
    if not result.auto or choice is None:
        return ""
    if choice.standard_error is None:
        return cat.t(
            "explorer.rule.numbers_one_seed",
            best=choice.best_k,
            bound=_n(choice.best_bound),
            tolerance=_n(choice.tolerance),
            threshold=_n(choice.threshold),
            k=result.k,
        )
    best = next((r for r in result.selection if r.k == choice.best_k), None)
    mean = None if best is None else best.quality
    return cat.t(
        "explorer.rule.numbers",
        best=choice.best_k,
        bound=_n(choice.best_bound),
        mean=_n(mean),
        se=_n(choice.standard_error),
        floor=_n(choice.floor),
        ceiling=_n(choice.ceiling),
        tolerance=_n(choice.tolerance),
        threshold=_n(choice.threshold),
        k=result.k,
    )


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
