"""Document types: map type fields (`Journal Article`, `硕士`, `JOUR`, `[J]`) to DOC_TYPES."""

from __future__ import annotations

from functools import lru_cache

from kamlit.types import DOC_TYPES

# Type words, most specific first: "Newspaper Article" must not read as a journal article.
_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("thesis", ("thesis", "dissertation", "学位", "硕士", "博士", "毕业论文")),
    ("conference", ("conference", "proceeding", "symposium", "会议")),
    ("newspaper", ("newspaper", "报纸")),
    ("patent", ("patent", "专利")),
    ("standard", ("standard", "标准")),
    ("book", ("book", "图书", "专著", "年鉴", "yearbook", "chapter")),
    ("other", ("other", "generic", "unknown", "科技成果", "report", "报告")),
    ("journal", ("journal", "期刊", "杂志", "magazine", "article", "review", "letter")),
)
# Short type codes: RIS `TY`, GB/T 7714 letters ([J] journal, [D] thesis …), and the like.
_TYPE_CODES = {
    "j": "journal",
    "jour": "journal",
    "ejour": "journal",
    "jfull": "journal",
    "mgzn": "journal",
    "d": "thesis",
    "thes": "thesis",
    "c": "conference",
    "conf": "conference",
    "cpaper": "conference",
    "n": "newspaper",
    "news": "newspaper",
    "m": "book",
    "book": "book",
    "ebook": "book",
    "edbook": "book",
    "chap": "book",
    "echap": "book",
    "s": "standard",
    "stand": "standard",
    "p": "patent",
    "pat": "patent",
    "gen": "other",
    "rprt": "other",
    "elec": "other",
}


def doc_type_of(*values: str | None) -> str | None:
    """Map type fields (`Journal Article`, `硕士`, `JOUR`, …) to DOC_TYPES, first match wins.

    Returns "other" when type fields are given but none is recognised, and None when there
    are none at all (then `finish` decides from the other fields).
    """
    given = False
    for value in values:
        if not value or not value.strip():
            continue
        given = True
        found = _doc_type(value)
        if found is not None:
            return found
    return "other" if given else None


@lru_cache(maxsize=1024)
def _doc_type(value: str) -> str | None:
    text = value.strip().lower()
    if text in DOC_TYPES:
        return text
    if text in _TYPE_CODES:
        return _TYPE_CODES[text]
    for name, words in _TYPE_WORDS:
        if any(word in text for word in words):
            return name
    return None
