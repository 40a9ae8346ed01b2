"""Keyword in context: every occurrence of a concept, under any of its names, in the original
titles and abstracts, with the record id and the text around it quoted verbatim.

A search term is normalised like the lexicon (NFKC, lower case, ASCII quotes, one space) and
mapped to its canonical concept; then the concept and every variant of the thesaurus are
searched in each abstract's normalised form (so ＫＥＹ　ＡＣＣＯＵＮＴ, Key Account and
key account all match), and each match is mapped back to the original characters. Matches are
leftmost-longest and do not overlap; a variant that starts or ends with a Latin letter or digit
only matches there as a whole word (crm not inside crmx, 80/20 not inside 180/200). This is a
substring search: 大客户 also matches inside 大客户经理, as a concordance should.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kamlit.errors import UsageError, message
from kamlit.text.lexicon import Lexicon
from kamlit.text.normalize import fold_with_offsets, normalize_text
from kamlit.types import Record


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: `term == text[start:end]`, with `width` characters either side, where
    `text` is the record's title or abstract as `field` says."""

    id: str
    left: str
    term: str
    right: str
    start: int
    end: int
    field: str = "abstract"


@dataclass(frozen=True)
class KwicResult:
    """All occurrences of a concept, in record order and text order."""

    query: str
    concept: str
    variants: tuple[str, ...]  # the concept first, then its variants
    width: int
    lines: tuple[KwicLine, ...]

    def to_list(self) -> list[dict[str, str]]:
        """Return the JSON form given in the README: [{"id", "field", "left", "term", "right"}]."""
        return [
            {"id": x.id, "field": x.field, "left": x.left, "term": x.term, "right": x.right}
            for x in self.lines
        ]

    def per_record(self) -> list[tuple[str, int]]:
        """(record id, occurrences) in record order: what `kamlit graph show` reports."""
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[line.id] = counts.get(line.id, 0) + 1
        return list(counts.items())


def find_kwic(
    records: Sequence[Record], term: str, *, lexicon: Lexicon, width: int = 20
) -> KwicResult:
    """Find every occurrence of `term`'s concept and its synonyms in the records' titles and
    abstracts (a record's title lines first)."""
    if width < 0:
        raise UsageError(message("error.kwic_width", width=width))
    query = normalize_text(term)
    if not query:
        raise UsageError(message("error.kwic_empty", term=repr(term)))
    variants = lexicon.variants(query)
    pattern = variant_pattern(variants)
    lines: list[KwicLine] = []
    for record in records:
        for field, text in (("title", record.title or ""), ("abstract", record.abstract)):
            if not pattern.search(normalize_text(text)):  # cheap test before the offset map
                continue
            folded, starts, ends = fold_with_offsets(text)
            for match in pattern.finditer(folded):
                start, end = starts[match.start()], ends[match.end() - 1]
                lines.append(
                    KwicLine(
                        id=record.id,
                        left=text[max(0, start - width) : start],
                        term=text[start:end],
                        right=text[end : end + width],
                        start=start,
                        end=end,
                        field=field,
                    )
                )
    return KwicResult(
        query=term, concept=variants[0], variants=variants, width=width, lines=tuple(lines)
    )


def variant_pattern(variants: Sequence[str]) -> re.Pattern[str]:
    """One regex for all variants, longest first, Latin and digit edges matching whole words."""
    parts = []
    for variant in sorted(set(variants), key=lambda v: (-len(v), v)):
        body = re.escape(variant).replace(r"\ ", " ")
        if variant[0].isascii() and variant[0].isalnum():
            body = r"(?<![a-z0-9])" + body
        if variant[-1].isascii() and variant[-1].isalnum():
            body += r"(?![a-z0-9])"
        parts.append(body)
    return re.compile("|".join(parts))
