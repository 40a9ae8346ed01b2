"""Clean raw field values into Record values: spaces, lists, names, years, issues, pages, counts.

Every reader's raw strings pass through these functions, so the same field reads alike in
every format: lists split on `;` (and `,`/`、` in Chinese lists), zero-padded issues and
volumes unpadded, page ranges normalised, CNKI's abstract markers applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]|  ")
_SEMICOLONS = re.compile(r"[;；]")
_COMMAS = re.compile(r"[,，、]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BETWEEN_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_LEADING_ZEROS = re.compile(r"(?<![0-9A-Za-z])0+(?=\d)")
_BREAK = re.compile(r"[(（]\s*#br\s*[)）]", re.IGNORECASE)
_LEAD = re.compile(r"^\s*(?:<正>|＜正＞|〈正〉|&lt;正&gt;)\s*")
_INT = re.compile(r"^\s*(\d+)\s*$")


def clean_text(value: str | None) -> str | None:
    """Collapse layout spaces (incl. full-width U+3000) in each line; None when nothing is left."""
    if value is None:
        return None
    if "\n" not in value:
        if _ODD_SPACE.search(value):
            value = _SPACES.sub(" ", value)
        return value.strip() or None
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def split_list(values: Iterable[str]) -> list[str]:
    """Split values on `;`/`；` (also `,`/`，`/`、` in Chinese lists); drop empties and repeats."""
    out: list[str] = []
    for value in values:
        parts = _SEMICOLONS.split(value)
        if len(parts) == 1 and _CJK.search(value):
            parts = _COMMAS.split(value)
        for part in parts:
            item = part.strip()
            if item and _ODD_SPACE.search(item):
                item = clean_text(item) or ""
            if item and item not in out:
                out.append(item)
    return out


def split_authors(values: Iterable[str]) -> list[str]:
    """Like `split_list`, and drop padding spaces inside Chinese names (`王　伟` → `王伟`)."""
    out: list[str] = []
    for name in split_list(values):
        if " " in name:
            name = _BETWEEN_CJK_SPACE.sub("", name)
        if name not in out:
            out.append(name)
    return out


@lru_cache(maxsize=1024)
def parse_year(value: str | None) -> int | None:
    """The first plausible year (1500–2099) in `2003`, `2003-02-15`, `2003年`; else None."""
    if not value:
        return None
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=4096)
def strip_zeros(value: str | None) -> str | None:
    """Drop zero-padding of numbers that stand alone (`02` → `2`, `01-02` → `1-2`; `A04` stays)."""
    text = clean_text(value)
    if text is None:
        return None
    return _LEADING_ZEROS.sub("", text)


@lru_cache(maxsize=4096)
def normalize_issue(value: str | None) -> str | None:
    """An issue as printed, without padding or the words 第…期 (`IS 02` → `2`)."""
    text = clean_text(value)
    if text is None:
        return None
    if text.startswith("第"):
        text = text[1:].lstrip()
    if text.endswith("期"):
        text = text[:-1].rstrip()
    return strip_zeros(text)


def normalize_pages(first: str | None, last: str | None = None) -> str | None:
    """A page range `45-46` from one range string or a first and last page."""
    start = _pages_text(first)
    end = _pages_text(last)
    if start and end and end != start and not re.search(r"[-,+]", start):
        return f"{start}-{end}"
    return start or end


@lru_cache(maxsize=4096)
def _pages_text(value: str | None) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[–—~～－]", "-", text).replace("，", ",").replace("＋", "+")
    return strip_zeros(text)


# Longer digit strings are not counts (and `int` refuses strings past 4,300 digits).
MAX_COUNT_DIGITS = 12


def parse_count(value: str | None) -> int | None:
    """A citation count such as `12`; None when absent, not a whole number, or absurdly long."""
    if value is None:
        return None
    match = _INT.match(value)
    if match is None or len(match.group(1)) > MAX_COUNT_DIGITS:
        return None
    return int(match.group(1))


def abstract_markers(value: str | None) -> tuple[str, bool]:
    """Apply CNKI's markers: `(#br)` is a paragraph break; a leading `<正>` marks a lead excerpt."""
    if not value:
        return "", False
    text = _BREAK.sub("\n", value) if "#" in value else value
    lead = _LEAD.match(text)
    if lead:
        text = text[lead.end() :]
    return clean_text(text) or "", lead is not None
