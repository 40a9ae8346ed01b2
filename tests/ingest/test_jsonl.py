"""JSON Lines of Records: schema keys and aliases, ids re-assigned, bad lines, round trip."""

from __future__ import annotations

from hypothesis import given, settings

from conftest import FIXTURES
from export_writers import expected, records, write_jsonl
from kamlit.ingest import jsonl
from kamlit.types import DOC_TYPES, Citations, Record, Source

EXPORT = FIXTURES / "exports" / "records.jsonl"


def _parsed() -> jsonl.ParsedFile:
    return jsonl.parse(EXPORT.read_text(encoding="utf-8"), file=EXPORT.name, stem=EXPORT.stem)


def test_file_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    first, listing, chinese_keys = parsed.records
    # ids and sources point at this file; the old ones (old-export:7, old.txt:40) are not kept.
    assert first == Record(
        id="records:1",
        title="电信大客户关系营销研究",
        authors=("周立", "韩梅"),
        journal="中国电信业",
        year=2004,
        issue="5",
        pages="40-42",
        keywords=("关系营销", "大客户"),
        abstract="关系营销理论为电信企业维系大客户提供了新的思路。本文提出了电信大客户关系营销的实施步骤。",
        citations=Citations(total=9, self_=1, other=8),
        doc_type="journal",
        source=Source(file="records.jsonl", format="jsonl", line=1),
    )
    assert (listing.title, listing.truncated, listing.id) == (None, True, "records:2")
    assert chinese_keys == Record(
        id="records:4",
        title="移动通信大客户个性化服务研究",
        authors=("刘军", "陈静"),
        journal="移动通信",
        year=2009,
        issue="8",
        abstract="个性化服务是提升大客户满意度的有效手段。",
        citations=Citations(total=4),
        doc_type="journal",
        source=Source(file="records.jsonl", format="jsonl", line=4),
    )


def test_invalid_json_line_is_reported_and_skipped() -> None:
    assert [p.render() for p in _parsed().problems] == [
        "records.jsonl:3: record 3 is not valid JSON (Expecting ',' delimiter at column 161); "
        "skipped"
    ]


def test_non_objects_and_bad_values() -> None:
    text = '{"title": "邮政", "year": "n.d."}\n[1, 2]\n\n{"abstract": ""}\n'
    parsed = jsonl.parse(text, file="j.jsonl", stem="j")
    assert [r.id for r in parsed.records] == ["j:1"]
    assert [p.render() for p in parsed.problems] == [
        "j.jsonl:1: record 1: year 'n.d.' is not a year; left empty",
        "j.jsonl:2: record 2 is a JSON list, expected an object; skipped",
        "j.jsonl:4: record 3 has no title and no abstract; skipped",
    ]


def test_sniff() -> None:
    assert jsonl.sniff(EXPORT.read_text(encoding="utf-8"))
    assert not jsonl.sniff('{"foo": 1}\n')
    assert not jsonl.sniff("{Reference Type}: Journal Article\n")


@settings(max_examples=60, deadline=None)
@given(records(doc_types=DOC_TYPES, citations=True, split_citations=True))
def test_round_trip(generated: list[Record]) -> None:
    written = write_jsonl(generated)
    parsed = jsonl.parse(written.text, file="out.jsonl", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.jsonl", fmt="jsonl")
