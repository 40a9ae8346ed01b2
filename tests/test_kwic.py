"""KWIC: every occurrence of a concept and its synonyms, verbatim, with record ids."""

from __future__ import annotations

import pytest

from kamlit.errors import UsageError
from kamlit.ingest import default_inputs, read_paths
from kamlit.kwic import find_kwic
from kamlit.text.lexicon import load_lexicon
from kamlit.text.normalize import normalize_text
from kamlit.types import Record, Source

LEXICON = load_lexicon()


def _record(i: int, abstract: str) -> Record:
    return Record(id=f"k:{i}", abstract=abstract, source=Source(file="k", format="csv", line=i))


def _plain_count(text: str, variants: tuple[str, ...]) -> int:
    """Substring counts of every name, less the ones inside a longer name's occurrences."""
    total = sum(text.count(v) for v in variants)
    for short in variants:
        for long in variants:
            if short != long and short in long:
                total -= text.count(long) * long.count(short)
    return total


def test_every_occurrence_of_da_ke_hu_in_the_default_corpus() -> None:
    records = read_paths(default_inputs()).records
    result = find_kwic(records, "大客户", lexicon=LEXICON, width=10)
    variants = LEXICON.variants("大客户")
    assert {"大客户", "关键客户", "key account"} <= set(variants)
    expected = sum(
        _plain_count(normalize_text(text), variants)
        for r in records
        for text in (r.title or "", r.abstract)
    )
    assert len(result.lines) == expected
    assert expected > 80
    by_id = {r.id: r for r in records}
    assert {line.field for line in result.lines} == {"title", "abstract"}
    for line in result.lines:
        record = by_id[line.id]
        text = record.abstract if line.field == "abstract" else record.title or ""
        assert text[line.start : line.end] == line.term
        assert line.left == text[max(0, line.start - 10) : line.start]
        assert line.right == text[line.end : line.end + 10]
        assert normalize_text(line.term) in variants
    terms = {line.term for line in result.lines}
    assert {"大客户", "关键客户", "KEY ACCOUNT"} <= terms  # original spelling, not normalised
    # Record order, the title before the abstract, then text order.
    order = [(list(by_id).index(x.id), x.field == "abstract", x.start) for x in result.lines]
    assert order == sorted(order)


def test_any_name_finds_the_same_concept() -> None:
    records = [_record(1, "大客户，也被称作关键客户（KEY ACCOUNT）。")]
    for query in ("大客户", "关键客户", "Key Account", "ＫＥＹ　ＡＣＣＯＵＮＴ"):
        result = find_kwic(records, query, lexicon=LEXICON)
        assert result.concept == "大客户"
        assert [x.term for x in result.lines] == ["大客户", "关键客户", "KEY ACCOUNT"]


def test_normalisation_aware_matching_keeps_the_original_text() -> None:
    records = [_record(1, "按照８０／２０法则，Key  Account与key\naccounts都是大客户")]
    result = find_kwic(records, "二八法则", lexicon=LEXICON, width=3)
    assert [(x.left, x.term, x.right) for x in result.lines] == [("按照", "８０／２０法则", "，Ke")]
    accounts = find_kwic(records, "key account", lexicon=LEXICON, width=2)
    assert [x.term for x in accounts.lines] == ["Key  Account", "key\naccounts", "大客户"]


def test_latin_and_digit_edges_match_whole_words_only() -> None:
    records = [_record(1, "crmx系统、180/200的比例、systems"), _record(2, "CRM与80/20")]
    assert [x.id for x in find_kwic(records, "crm", lexicon=LEXICON).lines] == ["k:2"]
    assert [x.term for x in find_kwic(records, "二八法则", lexicon=LEXICON).lines] == ["80/20"]
    assert find_kwic(records, "ems", lexicon=LEXICON).lines == ()


def test_term_outside_the_lexicon_is_a_plain_search() -> None:
    records = [_record(1, "客户画像与客户画像")]
    result = find_kwic(records, "客户画像", lexicon=LEXICON, width=0)
    assert result.variants == ("客户画像",)
    assert [(x.left, x.term, x.right) for x in result.lines] == [("", "客户画像", "")] * 2


def test_json_form() -> None:
    result = find_kwic([_record(1, "做好大客户营销")], "大客户", lexicon=LEXICON, width=2)
    assert result.to_list() == [
        {"id": "k:1", "field": "abstract", "left": "做好", "term": "大客户", "right": "营销"}
    ]


def test_no_records_and_bad_options() -> None:
    assert find_kwic([], "大客户", lexicon=LEXICON).lines == ()
    with pytest.raises(UsageError, match="empty"):
        find_kwic([], "  ", lexicon=LEXICON)
    with pytest.raises(UsageError, match="--width"):
        find_kwic([], "大客户", lexicon=LEXICON, width=-1)
