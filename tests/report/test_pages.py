"""The pages of a run in Chinese and English, with the CJK font they embed, and the figures for
papers (issue 16): visible strings, rendering without any system CJK font, SVG and PDF.
"""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium_path, requires_chromium
from kamlit.fonts import (
    cjk_font,
    figure_bytes,
    page_chars,
    page_font_face,
    shipped_font_path,
    subset_font,
)
from kamlit.i18n import LANGS, MESSAGES, catalogue, resolve_lang
from kamlit.pipeline import render_report, run_pipeline
from kamlit.settings import Settings, with_overrides

SRC = Path(__file__).resolve().parents[2] / "src" / "kamlit"
PAGES = ("index.html", "topics/topics.html", "graph/graph.html")
CJK = re.compile(r"[\u3400-\u9fff]")


def _run(folder: Path, lang: str, figure_format: str = "png") -> Path:
    from kamlit.ingest import default_inputs

    settings = with_overrides(
        Settings(),
        report={"lang": lang, "figure_format": figure_format},  # type: ignore[typeddict-item]
    )
    settings = with_overrides(settings, cache={"dir": str(folder / "cache")})
    out = folder / f"run-{lang}"
    run_pipeline(default_inputs(), settings=settings, out_dir=out)
    return out


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("zh"), "zh", "pdf")


@pytest.fixture(scope="module")
def en_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("en"), "en", "svg")


# --------------------------------------------------------------------------- the catalogue


def test_every_message_has_both_languages_and_the_same_fields() -> None:
    for key, texts in MESSAGES.items():
        assert len(texts) == len(LANGS), key
        zh, en = texts
        fields = [set(re.findall(r"\{(\w+)\}", text)) for text in texts]
        assert fields[0] == fields[1], key
        if en:  # only a deliberately empty column header may be empty
            assert zh, key
        if en and re.search(r"[A-Za-z]{3}", en) and key not in {"report.link.gexf"}:
            # A Chinese message that is the English one is a missing translation.
            assert zh != en, key


def test_setting_values_are_said_in_the_page_language() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert (zh.backbone("off"), en.backbone("off")) == ("关闭", "off")
    assert (zh.backbone(0.05), en.backbone(0.3)) == ("α = 0.05", "alpha 0.3")


def test_lang_auto_reads_the_locale() -> None:
    assert resolve_lang("auto", {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert resolve_lang("auto", {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert resolve_lang("auto", {"LC_MESSAGES": "zh_TW"}) == "zh"
    assert resolve_lang("auto", {}) == "en"
    assert resolve_lang("zh", {"LANG": "en_US"}) == "zh"
    assert catalogue("en").sector("general", {}) == "general"
    assert catalogue("zh").sector("general", {}) == "综合"
    assert catalogue("zh").sector("telecom", {"telecom": "电信"}) == "电信"


def test_the_setting_is_checked() -> None:
    from kamlit.errors import UsageError

    with pytest.raises(UsageError, match=r"report\.lang"):
        with_overrides(Settings(), report={"lang": "fr"})  # type: ignore[typeddict-item]
    with pytest.raises(UsageError, match=r"report\.figure_format"):
        with_overrides(Settings(), report={"figure_format": "jpg"})  # type: ignore[typeddict-item]


# --------------------------------------------------------------------------- templates


HTML_TAG = re.compile(
    r"</?(html|head|body|div|span|p|a|table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|section|"
    r"h[1-6]|img|iframe|style|details|summary|blockquote|footer|input|select|option|button|"
    r"nav|header|main|svg|mark|code|br|meta|title|label)\b[^<>]*>"
)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def test_no_html_is_built_in_python() -> None:
    """Pages come from the jinja2 templates only: no string or f-string in kamlit's Python
    code (docstrings aside) holds an HTML element."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in docs or not isinstance(node, ast.Constant):
                continue
            if isinstance(node.value, str) and HTML_TAG.search(node.value):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_the_check_finds_html_in_code() -> None:
    tree = ast.parse('x = f"<td>{y}</td>"\n')
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert any(HTML_TAG.search(str(v)) for v in strings)


def test_templates_escape_what_they_print() -> None:
    from kamlit.templates import environment

    page = environment().from_string("<p title='{{ x }}'>{{ x }}</p>").render(x="<b>'&\"")
    assert page == "<p title='&lt;b&gt;&#39;&amp;&#34;'>&lt;b&gt;&#39;&amp;&#34;</p>"


# --------------------------------------------------------------------------- the font


def test_page_font_holds_only_the_page_characters() -> None:
    face = page_font_face("大客户营销 abc")
    assert face.startswith('@font-face{font-family:"kamlit CJK"')
    assert page_font_face("大客户营销 abc") == face  # deterministic
    assert page_chars("大客户营销 abc 大") == "".join(sorted(set("大客户营销")))
    assert page_font_face("only latin") == ""
    from fontTools.ttLib import TTFont

    data = subset_font(shipped_font_path(), "大客户")
    with TTFont(io.BytesIO(data)) as font:
        assert set(font.getBestCmap()) == {ord(c) for c in "大客户"}


def test_the_shipped_font_is_small_and_licensed() -> None:
    path = shipped_font_path()
    assert path.stat().st_size < 2_000_000
    assert "SIL Open Font License" in (path.parent / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    vendored = SRC / "data" / "vendor" / "vis-network"
    assert "MIT License" in (vendored / "LICENSE").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the pages


def test_each_page_embeds_a_small_font_subset(zh_run: Path) -> None:
    for rel in PAGES:
        text = (zh_run / rel).read_text(encoding="utf-8")
        match = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", text)
        assert match, rel
        assert 10_000 < len(match.group(1)) < 600_000, rel
        assert text.count("@font-face") == 1


def test_report_rerenders_every_page_byte_identically(zh_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(zh_run, copy)
    render_report(copy)
    for rel in (*PAGES, "topics/topics.png", "topics/topics.pdf", "graph/thematic_map.pdf"):
        assert (copy / rel).read_bytes() == (zh_run / rel).read_bytes(), rel


def test_lang_is_recorded_in_the_run(zh_run: Path, en_run: Path) -> None:
    from kamlit.runfolder import load_run

    assert load_run(zh_run).manifest.settings.report.lang == "zh"
    assert load_run(en_run).manifest.settings.report.lang == "en"
    assert '<html lang="zh-CN">' in (zh_run / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (en_run / "index.html").read_text(encoding="utf-8")


def _english_ui() -> list[str]:
    """The English messages' fixed words (fields cut out), the pieces that must not show on a
    Chinese page: each piece of two or more words."""
    pieces = []
    for key, (_, en) in MESSAGES.items():
        if key.startswith("figure."):
            continue
        for piece in re.split(r"\{\w+\}|[():;,.·—–\n]", en):
            piece = piece.strip()
            formula = "log" in piece.split()  # λ·log p(w|t) is the same in both languages
            if len(piece.split()) >= 2 and re.fullmatch(r"[A-Za-z' -]+", piece) and not formula:
                pieces.append(piece)
    return sorted(set(pieces))


@pytest.fixture
def browser_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1300, "height": 1400})
        finally:
            browser.close()


def _visible_strings(page: object) -> list[str]:
    """Every string a reader sees: text, option labels, placeholders, button and title text."""
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => {
          const out = [document.title];
          // The analyses' warnings are included: they are catalogue notices, in the page's
          // language like the rest of its interface.
          document.body.innerText.split('\\n').forEach(s => { if (s.trim()) out.push(s.trim()); });
          document.querySelectorAll('[placeholder]').forEach(e => out.push(e.placeholder));
          document.querySelectorAll('option').forEach(e => out.push(e.textContent));
          document.querySelectorAll('[aria-label]')
            .forEach(e => out.push(e.getAttribute('aria-label')));
          return out;
        }"""
    )


@pytest.mark.browser
@pytest.mark.slow
@requires_chromium
def test_chinese_run_shows_chinese_ui(zh_run: Path, browser_page: object) -> None:
    page = browser_page
    english = _english_ui()
    expected = {
        "index.html": [
            "语料概览",
            "主题",
            "概念网络",
            "行业摘要：推荐做法",
            "文献",
            "动力主题",
            "综合",
        ],
        "topics/topics.html": ["主题间距离图", "主题列表", "各年份的主题占比", "K 值的选择"],
        "graph/graph.html": ["概念共现网络", "搜索概念", "图例", "重置视图", "主题图象限说明"],
    }
    for rel in PAGES:
        page.goto((zh_run / rel).as_uri())  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        strings = _visible_strings(page)
        joined = "\n".join(strings)
        for word in expected[rel]:
            assert word in joined, (rel, word)
        leaked = [piece for piece in english if piece in joined]
        assert leaked == [], (rel, leaked)
        # "general" never shows where a sector label belongs.
        assert "general" not in joined.replace("general,", ""), rel
        # settings' values are said in Chinese too (骨干过滤 关闭, not "off")
        assert not re.search(r"骨干过滤 [a-z]", joined), rel


@pytest.mark.browser
@pytest.mark.slow
@requires_chromium
def test_explorer_term_bars_show_records_and_context(zh_run: Path, browser_page: object) -> None:
    page = browser_page
    page.goto((zh_run / "topics" / "topics.html").as_uri())  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    bar = page.locator("#bars g.bar-row").first  # type: ignore[attr-defined]
    term = bar.get_attribute("data-term")
    bar.click()
    title = page.locator("#records-title").text_content()  # type: ignore[attr-defined]
    assert f"“{term}”" in title
    marks = page.locator("#records tbody mark")  # type: ignore[attr-defined]
    assert marks.count() >= 1
    assert {marks.nth(i).text_content() for i in range(marks.count())} == {term}
    # Every record listed uses the term, and its id links to the report's row.
    link = page.locator("#records tbody a.rid").first  # type: ignore[attr-defined]
    assert link.get_attribute("href").startswith("../index.html#rec-")
    page.locator("#back").click()  # type: ignore[attr-defined]
    assert "“" not in page.locator("#records-title").text_content()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- no CJK font


def _fontconfig_without_cjk(folder: Path) -> Path:
    """A private fontconfig that knows only DejaVu: no system CJK font at all."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.mark.browser
@pytest.mark.slow
@requires_chromium
def test_pages_show_glyphs_without_any_system_cjk_font(zh_run: Path, tmp_path: Path) -> None:
    if not Path("/usr/share/fonts/truetype/dejavu").is_dir():
        pytest.skip("needs DejaVu fonts to stand in for the system's")
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig_without_cjk(tmp_path))}
    shots = Path(os.environ.get("KAMLIT_SCREENSHOTS", tmp_path))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox"], env=env
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1400})
            for rel in PAGES:
                page.goto((zh_run / rel).as_uri())
                page.wait_for_load_state("load")
                page.evaluate("document.fonts.ready.then(() => true)")
                # The embedded face loaded and covers every Chinese character shown.
                text = page.evaluate("document.body.innerText + document.title")
                chars = "".join(sorted(set(CJK.findall(text))))
                assert chars
                assert page.evaluate(
                    "([t]) => document.fonts.check('16px \"kamlit CJK\"', t)", [chars]
                )
                name = rel.replace("/", "_")
                heading = page.locator("h1")
                with_font = heading.screenshot()
                page.screenshot(path=str(shots / f"{name}.png"))
                # The same heading without the embedded face draws boxes: the pixels change.
                page.evaluate(
                    "document.querySelectorAll('style').forEach(s => {"
                    " if (s.textContent.includes('@font-face')) s.remove(); })"
                )
                page.wait_for_timeout(100)
                assert heading.screenshot() != with_font, rel
        finally:
            browser.close()


# --------------------------------------------------------------------------- figures


def test_png_figures_are_300_dpi(zh_run: Path) -> None:
    from PIL import Image

    for rel in ("topics/topics.png", "graph/thematic_map.png"):
        with Image.open(zh_run / rel) as image:
            dpi = image.info.get("dpi")
            assert dpi is not None and round(dpi[0]) == 300, rel


def test_pdf_figures_embed_the_chinese_font(zh_run: Path, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    for rel in ("topics/topics.pdf", "graph/thematic_map.pdf"):
        data = (zh_run / rel).read_bytes()
        assert b"/FontFile" in data, rel  # embedded, not referenced
        pdf = pdfium.PdfDocument(data)
        page = pdf[0]
        text = page.get_textpage().get_text_range()
        assert CJK.search(text), rel  # the Chinese maps back to Unicode
        image = page.render(scale=2).to_pil()
        image.save(tmp_path / (rel.replace("/", "_") + ".png"))
        assert image.width > 500
        pdf.close()
    thematic = pdfium.PdfDocument((zh_run / "graph" / "thematic_map.pdf").read_bytes())
    assert "主题地图" in thematic[0].get_textpage().get_text_range()
    thematic.close()


@pytest.mark.browser
@pytest.mark.slow
@requires_chromium
def test_svg_figures_draw_chinese_as_outlines(en_run: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    svg = (en_run / "graph" / "thematic_map.svg").read_text(encoding="utf-8")
    assert "<text" not in svg and "<path" in svg  # glyphs are outlines: no font needed
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig_without_cjk(tmp_path))}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox"], env=env
        )
        try:
            page = browser.new_page(viewport={"width": 900, "height": 700})
            page.goto((en_run / "graph" / "thematic_map.svg").as_uri())
            png = page.screenshot(path=str(tmp_path / "thematic_map.svg.png"))
            assert len(png) > 10_000
        finally:
            browser.close()


def test_figure_bytes_are_deterministic() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = cjk_font()
    assert font is not None  # kamlit ships one

    def draw() -> Figure:
        fig = Figure(figsize=(2, 1))
        FigureCanvasAgg(fig)
        fig.text(0.1, 0.5, "大客户 key accounts", family=font.families)
        return fig

    for fmt in ("png", "svg", "pdf"):
        assert figure_bytes(draw(), fmt) == figure_bytes(draw(), fmt), fmt
    with pytest.raises(ValueError):
        figure_bytes(draw(), "jpg")
