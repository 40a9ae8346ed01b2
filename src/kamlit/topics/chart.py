"""topics.png (and .svg/.pdf): a bar chart of each topic's top terms, Chinese in a CJK font.

Rendered from a topic model result with matplotlib's object API (no pyplot, no global figure
state), as a 300 dpi PNG, an SVG (glyphs as paths) or a PDF (fonts embedded), with the titles
in the report's language. The font comes from `kamlit.fonts.cjk_font()` (kamlit ships one);
without one, Chinese shows as boxes and the caller says so (`kamlit.fonts.no_font_message()`).
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

from kamlit.fonts import cjk_font, figure_bytes
from kamlit.i18n import catalogue

if TYPE_CHECKING:
    from kamlit.topics.result import TopicModelResult

TERMS_PER_TOPIC = 10


def render_chart(
    result: TopicModelResult, *, columns: int = 3, fmt: str = "png", lang: str = "zh"
) -> bytes:
    """Return a figure of every topic's top terms (weight bars): `fmt` png, svg or pdf."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    cat = catalogue(lang)
    font = cjk_font()
    families = font.families if font else ["DejaVu Sans"]
    topics = list(result.topics)
    cols = max(1, min(columns, len(topics)))
    rows = max(1, math.ceil(len(topics) / cols))
    rc: dict[str, Any] = {"font.family": families, "axes.unicode_minus": False}
    with matplotlib.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
        if font is None:
            # One "Glyph … missing" warning per character helps nobody; the caller says it once.
            warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        fig = Figure(figsize=(4.2 * cols, 0.32 * TERMS_PER_TOPIC * rows + 0.9 * rows + 0.6))
        FigureCanvasAgg(fig)
        title = cat.t(
            "figure.topics_title",
            k=result.k,
            engine=result.engine,
            seed=result.seed,
            cv=_fmt(result.coherence_mean),
        )
        fig.suptitle(title, fontsize=12)
        if not topics:
            fig.text(0.5, 0.5, cat.t("figure.no_topics"), ha="center")
        for n, topic in enumerate(topics):
            ax = fig.add_subplot(rows, cols, n + 1)
            terms = list(topic.terms)[:TERMS_PER_TOPIC][::-1]
            ax.barh(
                range(len(terms)),
                [t.weight for t in terms],
                color="#4a7ab5",
                height=0.7,
            )
            ax.set_yticks(range(len(terms)), [t.term for t in terms], fontsize=10)
            share = f"{100 * (topic.prevalence or 0):.1f}%"
            ax.set_title(
                cat.t(
                    "figure.topic_title",
                    id=topic.id,
                    label=topic.label,
                    share=share,
                    cv=_fmt(topic.coherence),
                ),
                fontsize=10,
            )
            ax.tick_params(axis="x", labelsize=8)
            ax.set_xlabel("p(term | topic)", fontsize=8)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        fig.tight_layout(rect=(0, 0, 1, 0.97))
        return figure_bytes(fig, fmt)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{float(value):.3f}"
