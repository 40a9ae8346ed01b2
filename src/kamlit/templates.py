"""The one way kamlit builds HTML pages: jinja2 templates with autoescaping, from package data.

Templates live in `data/templates/`, their CSS and JavaScript beside the page they belong to
(`data/report/`, `data/topics/`, `data/graph/`) and third-party code in `data/vendor/`. Every
value a template prints is escaped by jinja2; only package files (`asset`) and JSON made safe
for a `<script>` element (`json_script`) are marked safe. `render_page` renders a page, then
embeds the subset of kamlit's CJK font holding the characters that page shows
(`kamlit.fonts.page_font_face`), so the page renders the same on any machine, offline.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from kamlit.fonts import page_font_face

TEMPLATES = "data/templates"


def json_script(value: Any) -> Markup:
    """JSON for a `<script type="application/json">` element: `<`, `>` and `&` escaped as
    `\\u003c`…, so no text in the data can end the element early."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@cache
def asset(path: str) -> Markup:
    """A package data file (CSS or JavaScript under `data/`), inlined as is.

    Scripts never hold "</script" (written `<\\/script`), so they cannot end their element early.
    """
    text = resources.files("kamlit").joinpath(f"data/{path}").read_text(encoding="utf-8")
    if path.endswith(".js"):
        # split("\n"), not splitlines(): vendored code holds U+0085 and U+2028 inside strings.
        lines = [ln for ln in text.split("\n") if not ln.startswith("//# sourceMappingURL=")]
        text = re.sub(r"</(script)", r"<\\/\1", "\n".join(lines), flags=re.IGNORECASE)
    return Markup(text)


def _load(name: str) -> str:
    return resources.files("kamlit").joinpath(f"{TEMPLATES}/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The jinja2 environment of every page (autoescape on, undefined names are errors)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = json_script
    env.globals["asset"] = asset
    return env


def render_page(template: str, **context: Any) -> str:
    """Render `template` with `context`, embedding the font subset its text needs."""
    page = environment().get_template(template)
    draft = page.render(font_face=Markup(""), **context)
    return page.render(font_face=Markup(page_font_face(draft)), **context)
