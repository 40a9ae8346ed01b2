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
    page_data["rule_text"] = rule_text(result, cat)
    page_data["warnings"] = cat.warnings(result.notices, result.warnings)  # page's language
    del page_data["notices"]
    modelled = set(result.doc_ids)
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


def rule_text(result: TopicModelResult, cat: Catalogue) -> str:
    """How K was chosen, in the page's language (the result keeps the English sentence)."""
    from kamlit.topics.selection import DIVERSITY_TOP, QUALITY_TOLERANCE, SELECTION_RULE

    if result.selection_rule == SELECTION_RULE:
        return cat.t("explorer.rule.auto", tolerance=QUALITY_TOLERANCE, top=DIVERSITY_TOP)
    if result.selection_rule == f"K fixed at {result.k} (--k)":
        return cat.t("explorer.rule.fixed", k=result.k)
    return result.selection_rule
