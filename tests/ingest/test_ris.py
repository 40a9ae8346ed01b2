"""RIS: the hand-made file field by field, malformed records, round trip."""

from __future__ import annotations

from hypothesis import given, settings

from conftest import FIXTURES
from export_writers import RIS_TYPES, expected, records, write_ris
from kamlit.ingest import ris
from kamlit.types import Record, Source

EXPORT = FIXTURES / "exports" / "records.ris"


def _parsed() -> ris.ParsedFile:
    return ris.parse(EXPORT.read_text(encoding="utf-8"), file=EXPORT.name, stem=EXPORT.stem)


def test_file_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == ["records:1", "records:2", "records:3"]
    chinese, thesis, english = parsed.records
    assert chinese == Record(
        id="records:1",
        title="电信大客户价值评价与营销资源配置",
        authors=("钱志刚", "冯雪"),
        journal="管理现代化",  # JO
        year=2008,
        issue="6",
        pages="55-57",  # SP + EP
        keywords=("大客户价值", "营销资源配置", "电信"),
        abstract="营销资源的有限性要求电信企业对大客户实行差异化的资源配置。本文构建了大客户价值评价模型，"
        "并据此提出了营销资源配置的原则和方法。",
        doc_type="journal",
        source=Source(file="records.ris", format="ris", line=1),
    )
    assert (thesis.doc_type, thesis.journal, thesis.keywords) == (
        "thesis",
        "西南交通大学",  # PB of a THES record
        ("EMS", "大客户", "营销策略"),
    )
    assert english == Record(
        id="records:3",
        title="Managing key accounts in postal services",
        authors=("Smith, John", "Doe, Jane"),
        journal="Journal of Business Logistics",  # T2
        year=2010,  # PY 2010///
        volume="31",
        issue="2",
        pages="101-115",
        keywords=("key account management", "postal services"),
        abstract="Postal operators increasingly rely on large business mailers. This paper reviews "
        "key account programs at European and Asian posts.",
        doc_type="journal",
        source=Source(file="records.ris", format="ris", line=27),
    )


def test_malformed_records_are_reported_with_their_lines() -> None:
    assert [p.render() for p in _parsed().problems] == [
        "records.ris:42: record 4 has no title and no abstract; skipped",
        "records.ris:48: record 5 is not terminated by 'ER' (file cut short or record damaged); "
        "skipped",
    ]


def test_one_space_before_the_hyphen_is_read_too() -> None:
    text = "TY - JOUR\nTI - 邮政大客户\nER -\n"
    assert ris.sniff(text)
    assert [r.title for r in ris.parse(text, file="x.ris", stem="x").records] == ["邮政大客户"]


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(RIS_TYPES)))
def test_round_trip(generated: list[Record]) -> None:
    written = write_ris(generated)
    parsed = ris.parse(written.text, file="out.ris", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.ris", fmt="ris")
