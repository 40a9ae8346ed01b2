"""Headless Chromium for tests of the HTML kamlit writes: console errors and network requests.

Uses Playwright's Python API with the system Chromium (Debian's `chromium` package); tests
that need it are skipped only when no Chromium binary is installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Return the system Chromium binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


_Test = TypeVar("_Test", bound=Callable[..., Any])


def requires_chromium(test: _Test) -> _Test:
    """Mark a test that launches Chromium: `browser` and `slow`, skipped without Chromium.

    Every launch costs a second or more, so browser tests are slow tests too; select them
    with `-m browser`, leave them out with `-m "not browser"` or `-m "not slow"`.
    """
    skip = pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed")
    marked: _Test = pytest.mark.slow(pytest.mark.browser(skip(test)))
    return marked


@dataclass
class PageLog:
    """What a page did while loaded: console errors, page errors, and requests by URL."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        """Requests that would leave the machine (anything but file:, data:, blob:, about:)."""
        local = ("file:", "data:", "blob:", "about:")
        return [u for u in self.requests if not u.startswith(local)]


@contextmanager
def open_page(path: Path, *, width: int = 1280, height: int = 900) -> Iterator[tuple[Any, PageLog]]:
    """Open a local HTML file in headless Chromium; yield (page, log). Remote requests abort."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed")
    log = PageLog()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on(
                "console",
                lambda m: log.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: log.page_errors.append(str(e)))
            page.on("request", lambda r: log.requests.append(r.url))

            def _route(route: Any) -> None:
                if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", _route)
            page.goto(path.resolve().as_uri())
            page.wait_for_load_state("load")
            yield page, log
        finally:
            browser.close()
