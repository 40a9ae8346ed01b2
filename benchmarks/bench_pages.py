"""How fast the pages of a run folder open (issue 18): size and load time in headless Chromium.

    python benchmarks/bench_pages.py RUN_FOLDER [RUN_FOLDER …] [--repeat 3] [--json FILE]

Each page (index.html, topics/topics.html, graph/graph.html) is opened `--repeat` times, each
time in a fresh headless Chromium (the system `chromium`, started as the browser tests start it:
`--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking`, through
Playwright, every request off the machine aborted), with a 1280 × 900 window. Per page it prints
the file size (MB of 10^6 bytes, as the limits) and, as the median over the repeats, in
milliseconds from the start of navigation (the browser's own clock, `performance.now()`;
launching the browser is not counted):

  dom     `domContentLoadedEventEnd` of the navigation timing: the HTML parsed and every
          inline script (data, messages, the page's own script) run;
  load    `loadEventEnd`: the embedded font decoded too, the page usable (the report and the
          topic explorer build everything in their scripts, which run before it);
  ready   graph.html only: the `kamlit-graph-drawn` mark its script sets when vis-network has
          drawn the network for the first time (`afterDrawing`), so the graph is on screen;
  click   graph.html only: milliseconds to select the concept with the most links
          (`window.kamlitGraph.select`, as a click does) and build its evidence panel.

then each page against the limits of docs/scale-notes.md (`PAGE_LIMITS` bytes and
`LOAD_LIMIT_MS` from navigation to usable: the larger of load and ready), `ok` or `OVER`.
The machine is shared: times are wall times of a browser that competes for the cores, so read
them as upper bounds, and repeat.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The browser the tests launch, with the same flags (tests/browser.py: no network, no GPU).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM_ARGS, chromium_path

PAGES = ("index.html", "topics/topics.html", "graph/graph.html")
# docs/scale-notes.md, "Page size limits": every page at most this many bytes ...
PAGE_LIMITS = {
    "index.html": 5_000_000,
    "topics/topics.html": 5_000_000,
    "graph/graph.html": 8_000_000,
}
# ... and usable (load event, and for the graph its network drawn) within this many ms.
LOAD_LIMIT_MS = 3_000.0
LOCAL = ("file:", "data:", "blob:", "about:")

_TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const mark = performance.getEntriesByName('kamlit-graph-drawn')[0];
  return { dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
           ready: mark ? mark.startTime : null };
}"""
_CLICK = """() => {
  const g = window.kamlitGraph;
  if (!g || !g.data.nodes.length) return null;
  const deg = g.data.nodes.map(() => 0);
  g.data.edges.forEach(e => { deg[e.s]++; deg[e.t]++; });
  const i = deg.indexOf(Math.max(...deg));
  const t0 = performance.now();
  g.select(g.data.nodes[i].term);
  document.getElementById('details').getBoundingClientRect();  // force layout
  return performance.now() - t0;
}"""


@dataclass
class PageTiming:
    """One page of a run folder: its size, and median milliseconds over the repeats."""

    page: str
    bytes: int
    dom_ms: float | None = None
    load_ms: float | None = None
    ready_ms: float | None = None
    click_ms: float | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def usable_ms(self) -> float | None:
        """From navigation to a usable page: the load event, or the graph drawn if later."""
        times = [t for t in (self.load_ms, self.ready_ms) if t is not None]
        return max(times) if times else None

    def verdict(self) -> str:
        """`ok`, or what is over its limit."""
        over = []
        limit = PAGE_LIMITS.get(self.page)
        if limit is not None and self.bytes > limit:
            over.append("size")
        if self.usable_ms is None or self.usable_ms > LOAD_LIMIT_MS:
            over.append("time")
        if self.errors:
            over.append("errors")
        return "ok" if not over else "OVER (" + ", ".join(over) + ")"


def _open_once(path: Path, graph: bool) -> tuple[dict[str, Any], float | None, list[str]]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium found (chromium, chromium-browser or google-chrome)")
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(LOCAL) else route.abort()
                ),
            )
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
            click = None
            if graph:
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
                try:
                    page.wait_for_selector(
                        "body[data-drawn=true]", state="attached", timeout=30_000
                    )
                except PlaywrightTimeout:
                    errors.append("no kamlit-graph-drawn mark (a page of an older kamlit?)")
                click = page.evaluate(_CLICK)
            timing: dict[str, Any] = page.evaluate(_TIMING)
        finally:
            browser.close()
    return timing, click, errors


def measure_page(folder: Path, page: str, repeat: int = 3) -> PageTiming | None:
    """Open one page of a run folder `repeat` times; None when the folder has no such page."""
    path = folder / page
    if not path.is_file():
        return None
    graph = page.endswith("graph.html")
    runs = [_open_once(path, graph) for _ in range(max(1, repeat))]

    def median(key: str) -> float | None:
        values = [t[key] for t, _, _ in runs if t.get(key) is not None]
        return round(statistics.median(values), 1) if values else None

    clicks = [c for _, c, _ in runs if c is not None]
    return PageTiming(
        page=page,
        bytes=path.stat().st_size,
        dom_ms=median("dom"),
        load_ms=median("load"),
        ready_ms=median("ready"),
        click_ms=round(statistics.median(clicks), 1) if clicks else None,
        errors=sorted({e for _, _, errs in runs for e in errs}),
    )


def measure_folder(folder: Path, repeat: int = 3) -> list[PageTiming]:
    """Every page of a run folder that exists, measured."""
    found = [measure_page(folder, page, repeat) for page in PAGES]
    return [t for t in found if t is not None]


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def print_pages(timings: list[PageTiming], title: str = "") -> None:
    """A table of the pages: size, dom / load / ready / click ms, against the limits."""
    if title:
        print(title)
    print(
        f"{'page':<20}{'size':>9}{'limit':>8}{'dom ms':>9}{'load ms':>9}{'ready ms':>9}"
        f"{'click ms':>9}  verdict (≤ {LOAD_LIMIT_MS / 1000:g} s to usable)"
    )
    for t in timings:
        limit = PAGE_LIMITS.get(t.page)
        cap = "" if limit is None else f"{limit / 1e6:.0f} MB"
        print(
            f"{t.page:<20}{t.bytes / 1e6:>7.1f}MB{cap:>8}"
            f"{_ms(t.dom_ms):>9}{_ms(t.load_ms):>9}{_ms(t.ready_ms):>9}{_ms(t.click_ms):>9}"
            f"  {t.verdict()}"
        )
        for e in t.errors:
            print(f"    error: {e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="run folders of `kamlit run`")
    parser.add_argument("--repeat", type=int, default=3, help="opens per page (median)")
    parser.add_argument("--json", type=Path, default=None, help="write the measurements here")
    args = parser.parse_args()
    results = {}
    for folder in args.folders:
        timings = measure_folder(folder, args.repeat)
        results[str(folder)] = [asdict(t) | {"usable_ms": t.usable_ms} for t in timings]
        print_pages(timings, f"\n== {folder}")
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
