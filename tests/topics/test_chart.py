"""topics.png: a PNG whose Chinese is drawn with a CJK font (no missing-glyph warnings)."""

from __future__ import annotations

import io
import warnings
from typing import Any

import numpy as np
import pytest

from kamlit.fonts import cjk_font
from kamlit.settings import TopicSettings
from kamlit.topics import chart
from kamlit.topics.chart import render_chart
from kamlit.topics.result import TermWeight, Topic, TopicModelResult


def _result(topics: list[Topic]) -> TopicModelResult:
    return TopicModelResult(
        engine="gensim",
        k=len(topics),
        seed=1,
        auto=False,
        topics=tuple(topics),
        doc_ids=(),
        doc_topic=np.zeros((0, len(topics))),
        coherence_mean=0.5,
        npmi_mean=None,
        stability=None,
        stability_seeds=(),
        selection=(),
        selection_rule="K fixed at 2 (--k)",
        n_records=0,
        excluded=(),
        vocabulary_size=0,
        tokens=0,
        min_df=1,
        max_df=0.5,
        passes=1,
        term_frequency=(),
        sectors=(),
        years=(),
        warnings=(),
        settings=TopicSettings(),
    )


def _topic(id: int, label: str, prevalence: float, coherence: float | None, terms: Any) -> Topic:
    weights = tuple(TermWeight(t, w) for t, w in terms)
    return Topic(id, label, weights, coherence, None, prevalence, 0.0, (), (), (), 0.0, 0.0, ())


DATA = _result(
    [
        _topic(1, "邮政 · 包裹 · 速递", 0.6, 0.61, [("邮政", 0.3), ("包裹", 0.2)]),
        _topic(2, "电信 · 宽带 · 大客户", 0.4, None, [("电信", 0.4), ("大客户", 0.1)]),
    ]
)


def _size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font on this machine")
def test_chinese_is_drawn_with_glyphs() -> None:
    # matplotlib warns "Glyph … missing from font(s)" for every character it draws as a box.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_chart(DATA)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = _size(png)
    assert width > 600 and height > 200
    from matplotlib.ft2font import FT2Font

    font = cjk_font()
    assert font is not None
    face = FT2Font(str(font.path))
    for char in "邮政包裹速递电信宽带大客户":
        assert face.get_char_index(ord(char)) != 0, char


def test_same_data_same_bytes() -> None:
    assert render_chart(DATA) == render_chart(DATA)


def test_without_a_cjk_font_it_still_renders_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning per missing glyph: the CLI says it once
        png = render_chart(DATA)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_topics() -> None:
    png = render_chart(_result([]))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
