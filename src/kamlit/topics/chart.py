"""topics.png: a bar chart of each topic's top terms, with Chinese drawn in a CJK font.

Rendered from a topic model result with matplotlib's object API (no pyplot, no global figure
state). The font comes from `kamlit.fonts.cjk_font()`; without one, Chinese shows as boxes and
the caller says so (`kamlit.fonts.no_font_message()`).
"""

from __future__ import annotations

import io
import math
import warnings
from typing import TYPE_CHECKING, Any

from kamlit.fonts import cjk_font

if TYPE_CHECKING:
    from kamlit.topics.result import TopicModelResult

TERMS_PER_TOPIC = 10


def render_chart(result: TopicModelResult, *, columns: int = 3) -> bytes:
    """Return a PNG of every topic's top terms (weight bars)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = cjk_font()
    families = [font.family, "DejaVu Sans"] if font else ["DejaVu Sans"]
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
        title = (
            f"{result.k} topics · {result.engine} · seed {result.seed} · "
            f"mean c_v {_fmt(result.coherence_mean)}"
        )
        fig.suptitle(title, fontsize=12)
        if not topics:
            fig.text(0.5, 0.5, "no topics", ha="center")
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
            ax.set_title(
                f"{topic.id}. {topic.label}\n"
                f"share {100 * (topic.prevalence or 0):.1f}% · "
                f"c_v {_fmt(topic.coherence)}",
                fontsize=10,
            )
            ax.tick_params(axis="x", labelsize=8)
            ax.set_xlabel("p(term | topic)", fontsize=8)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        fig.tight_layout(rect=(0, 0, 1, 0.97))
        buffer = io.BytesIO()
        # No Software/date metadata: the same data gives the same bytes.
        fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    return buffer.getvalue()


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{float(value):.3f}"
