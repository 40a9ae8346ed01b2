"""topics.html: an LDAvis-style explorer that works offline, rendered from a topic model result.

One self-contained page: inline CSS and JavaScript (kept as package data in data/topics/),
the result's topics.json form as a JSON script element, no CDN, no network request. The
intertopic map (Jensen–Shannon distances, classical MDS) is computed in Python; the browser
only re-ranks each topic's candidate terms when the λ slider moves (relevance =
λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w))). Every text from the data reaches the page through
`textContent`, and the few strings written by Python are escaped.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import TYPE_CHECKING

from kamlit.codec import SCHEMA_KEY

if TYPE_CHECKING:
    from kamlit.topics.result import TopicModelResult

_SLOT = re.compile(r"__(TITLE|CSS|JS|DATA)__")


def render_explorer(result: TopicModelResult, *, record_page: str | None = None) -> str:
    """Return the explorer page of a topic model (record ids link to `record_page`)."""
    page_data = result.to_dict()
    del page_data[SCHEMA_KEY]  # the page's script reads the data, not the file format
    if record_page:
        page_data["record_page"] = record_page
    payload = json.dumps(page_data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script> only "</" could end the element early; escape the three HTML specials.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = f"kamlit topics — {result.k} topics ({result.engine}, seed {result.seed})"
    assets = resources.files("kamlit").joinpath("data/topics")
    css = assets.joinpath("explorer.css").read_text(encoding="utf-8")
    js = assets.joinpath("explorer.js").read_text(encoding="utf-8")
    parts = {"TITLE": html.escape(title), "CSS": css, "JS": js, "DATA": payload}
    # One pass, so text inserted for one placeholder is never mistaken for another.
    return _SLOT.sub(lambda m: parts[m.group(1)], _PAGE)


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>__TITLE__</title>
<style>__CSS__</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <p id="summary"></p>
  <div id="warnings"></div>
</header>
<main>
  <section class="panel" id="map-panel">
    <h2>Intertopic distance map</h2>
    <p class="hint">Circles are topics, their area the topic's share of the corpus; distance is
    the Jensen–Shannon distance of their term distributions (classical MDS to 2-D). Click a
    circle to select a topic.</p>
    <svg id="map" viewBox="0 0 460 460" role="img" aria-label="intertopic distance map"></svg>
  </section>
  <section class="panel" id="terms-panel">
    <h2 id="terms-title">Most frequent terms</h2>
    <div class="controls">
      <label for="topic-select">Topic</label>
      <select id="topic-select"></select>
      <button type="button" id="prev">◀</button>
      <button type="button" id="next">▶</button>
      <button type="button" id="clear">all terms</button>
      <label for="lambda">λ = <output id="lambda-value">0.60</output></label>
      <input type="range" id="lambda" min="0" max="1" step="0.01" value="0.6">
    </div>
    <p class="hint">Relevance = λ·log p(w|t) + (1−λ)·log(p(w|t)/p(w)). λ = 1 ranks terms by their
    probability in the topic, small λ by how distinctive they are for it.</p>
    <p class="hint"><span class="key total"></span>corpus frequency
    <span class="key topic"></span>estimated frequency within the topic</p>
    <svg id="bars" viewBox="0 0 560 640" role="img" aria-label="term bars"></svg>
  </section>
  <section class="panel wide" id="records-panel">
    <h2 id="records-title">Records that load most on the topic</h2>
    <table id="records"><thead><tr><th>share</th><th>id</th><th>title / abstract</th>
    <th>year</th><th>sectors</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel wide" id="topics-panel">
    <h2>Topics</h2>
    <table id="topics"><thead><tr><th>#</th><th>label (λ = 0.6)</th><th>share</th>
    <th>c_v</th><th>c_npmi</th><th>top terms</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel" id="sectors-panel">
    <h2>Prevalence by sector</h2>
    <p class="hint">Mean topic share of the records in each sector (a record may count in
    several).</p>
    <table id="sectors"></table>
  </section>
  <section class="panel" id="years-panel">
    <h2>Prevalence by year</h2>
    <table id="years"></table>
  </section>
  <section class="panel wide" id="selection-panel">
    <h2>Choosing K</h2>
    <p id="rule" class="hint"></p>
    <div class="selection-row">
    <svg id="selection-chart" viewBox="0 0 560 200" role="img" aria-label="coherence and
    stability by K"></svg>
    <table id="selection"><thead><tr><th>K</th><th>c_v</th><th>c_npmi</th><th>stability</th>
    <th></th></tr></thead><tbody></tbody></table>
    </div>
  </section>
</main>
<script type="application/json" id="topics-data">__DATA__</script>
<script>__JS__</script>
</body>
</html>
"""
