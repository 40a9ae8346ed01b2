"""topics.png: a PNG whose Chinese is drawn with a CJK font (no missing-glyph warnings)."""

from __future__ import annotations

import io
import warnings
from typing import Any

import pytest

from kamlit.fonts import cjk_font
from kamlit.topics import chart
from kamlit.topics.chart import render_chart

DATA: dict[str, Any] = {
    "engine": "gensim",
    "k": 2,
    "seed": 1,
    "coherence": {"measure": "c_v", "mean": 0.5},
    "topics": [
        {
            "id": 1,
            "label": "邮政 · 包裹 · 速递",
            "prevalence": 0.6,
            "coherence": 0.61,
            "terms": [{"term": t, "weight": w} for t, w in [("邮政", 0.3), ("包裹", 0.2)]],
        },
        {
            "id": 2,
            "label": "电信 · 宽带 · 大客户",
            "prevalence": 0.4,
            "coherence": None,
            "terms": [{"term": "电信", "weight": 0.4}, {"term": "大客户", "weight": 0.1}],
        },
    ],
}


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
    png = render_chart({"k": 0, "engine": "gensim", "seed": 1, "topics": []})
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
