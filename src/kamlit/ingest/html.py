"""Saved web pages: strip tags, decode entities, keep block structure as lines.

Each text line remembers the line of the HTML file it started on, so problems and record
sources can point into the file the user actually has.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}
# Only ASCII white space collapses: a non-breaking space from &nbsp; stays for the reader.
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# The first tag of a page (after white space and comments, which `_first_tag_at` skips).
_FIRST_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|table)\b", re.IGNORECASE)
_WHITE = re.compile(r"\s*")
_SOME_TAG = re.compile(r"</?(?:div|p|span|a|td|tr|li|br)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Return True when the text is an HTML document (a saved page)."""
    head = text[:4000]
    if _FIRST_TAG.match(head, _first_tag_at(head)):
        return True
    return len(_SOME_TAG.findall(head)) >= 8


def _first_tag_at(head: str) -> int:
    r"""Where the text starts once leading white space and `<!-- … -->` comments are skipped.

    A scanner, not a regular expression: a pattern such as `(?:<!--.*?-->\s*)*` backtracks
    exponentially on a run of comments that is not followed by a tag.
    """
    at = _WHITE.match(head).end()  # type: ignore[union-attr]
    while head.startswith("<!--", at):
        end = head.find("-->", at + 4)
        if end < 0:
            return at
        at = _WHITE.match(head, end + 3).end()  # type: ignore[union-attr]
    return at


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._buffer: list[str] = []
        self._buffer_line: int | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        text = _ASCII_SPACE.sub(" ", data)
        if not text.strip(" "):
            if self._buffer:
                self._buffer.append(" ")
            return
        if self._buffer_line is None:
            self._buffer_line = self.getpos()[0]
        self._buffer.append(text)

    def _flush(self) -> None:
        text = "".join(self._buffer).strip(" ")
        if text and self._buffer_line is not None:
            self.lines.append((self._buffer_line, text))
        self._buffer = []
        self._buffer_line = None

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_lines(html: str) -> list[tuple[int, str]]:
    """Return the page's visible text as `(html line number, text line)` pairs."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.lines
