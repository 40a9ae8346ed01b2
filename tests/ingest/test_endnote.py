"""CNKI EndNote (Refer): the hand-made export field by field, quirks, round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from export_writers import ENDNOTE_TYPES, expected, records, write_endnote
from kamlit.ingest import endnote
from kamlit.types import Record, Source

EXPORT = FIXTURES / "exports" / "cnki-endnote.txt"


def _src(line: int) -> Source:
    return Source(file="cnki-endnote.txt", format="endnote", line=line)


def _parsed() -> endnote.ParsedFile:
    return endnote.parse(EXPORT.read_text(encoding="utf-8"), file=EXPORT.name, stem=EXPORT.stem)


def test_export_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == [f"cnki-endnote:{i}" for i in (1, 2, 3, 5)]
    journal, thesis, newspaper, lead = parsed.records
    # One %A per author, %K joined by `;;` with a trailing one, an indented 3-line abstract.
    assert journal == Record(
        id="cnki-endnote:1",
        title="联通公司大客户经理制的实践与思考",
        authors=("张卫东", "刘洋"),
        journal="中国通信",
        year=2004,
        volume="1",
        issue="5",
        pages="33-35",
        keywords=("大客户经理", "客户服务", "中国联通"),
        abstract="大客户经理制是电信企业服务大客户的有效组织形式。本文总结了联通公司推行大客户经理制"
        "的做法，分析了客户经理在考核、培训和激励方面存在的不足，并提出了完善客户经理制的建议。",
        doc_type="journal",
        source=_src(1),
    )
    # %0 Thesis with %I (the university) and %9 硕士; `(#br)` is a paragraph break.
    assert thesis == Record(
        id="cnki-endnote:2",
        title="邮政速递物流大客户关系管理研究",
        authors=("李静",),
        journal="南京邮电大学",
        year=2012,
        keywords=("邮政速递", "大客户", "客户关系管理", "客户满意度"),
        abstract="随着快递市场的开放，邮政速递物流面临民营快递企业的激烈竞争，大客户流失问题日益突出。"
        "\n本文在分析邮政速递物流大客户关系管理现状的基础上，构建了大客户满意度评价指标体系，"
        "并提出了改进措施。",
        doc_type="thesis",
        source=_src(18),
    )
    assert newspaper == Record(
        id="cnki-endnote:3",
        title="中国电信推出大客户“一站式”服务",
        authors=("周明",),
        journal="人民邮电",
        year=2005,  # %D 2005-09-14
        pages="2",
        abstract="",
        doc_type="newspaper",
        source=_src(28),
    )
    # `%A 王　伟`: the full-width padding inside a two-character name goes; `<正>` → truncated.
    assert lead.authors == ("王伟", "赵敏")
    assert lead.truncated and lead.abstract.startswith("近年来，移动通信市场竞争日趋激烈")
    assert (lead.volume, lead.issue, lead.pages, lead.keywords) == (
        "32",
        "11",
        "78-81",
        ("集团客户", "营销渠道", "整合"),
    )


def test_record_without_title_or_abstract_is_reported() -> None:
    assert [p.render() for p in _parsed().problems] == [
        "cnki-endnote.txt:36: record 4 has no title and no abstract; skipped"
    ]


def test_sniff() -> None:
    assert endnote.sniff(EXPORT.read_text(encoding="utf-8"))
    assert not endnote.sniff("100% 的大客户\n%A 张三\n")
    assert not endnote.sniff("RT Journal Article\nT1 x\nA1 y\n")


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(ENDNOTE_TYPES)), st.booleans())
def test_round_trip(generated: list[Record], double: bool) -> None:
    written = write_endnote(generated, double=double)
    parsed = endnote.parse(written.text, file="out.txt", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.txt", fmt="endnote")
