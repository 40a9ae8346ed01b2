"""CNKI E-Study / 知网研学: the hand-made export field by field, labels, round trip."""

from __future__ import annotations

from hypothesis import given, settings

from conftest import FIXTURES
from export_writers import ESTUDY_DATABASES, expected, records, write_estudy
from kamlit.ingest import estudy
from kamlit.types import Record, Source

EXPORT = FIXTURES / "exports" / "cnki-estudy.txt"


def _parsed() -> estudy.ParsedFile:
    return estudy.parse(EXPORT.read_text(encoding="utf-8"), file=EXPORT.name, stem=EXPORT.stem)


def test_export_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == [f"cnki-estudy:{i}" for i in (1, 2, 3, 5)]
    journal, lead, thesis, newspaper = parsed.records
    assert journal == Record(
        id="cnki-estudy:1",
        title="电信企业大客户流失原因及对策分析",
        authors=("郭晓峰", "许莉"),
        journal="山西科技",  # Source-文献来源
        year=2010,
        issue="3",  # Period-期: 03
        pages="67-68",  # Page-页码, not PageCount-页数
        keywords=("大客户", "客户流失", "电信企业", "对策"),
        abstract="大客户流失直接影响电信企业的经营效益。本文分析了电信企业大客户流失的主要原因，包括竞争"
        "对手的争夺、服务质量不到位和客户需求变化等，并从建立流失预警机制、提升服务质量等方面提出了"
        "对策。",
        doc_type="journal",
        source=Source(file="cnki-estudy.txt", format="estudy", line=1),
    )
    assert (lead.journal, lead.volume, lead.issue, lead.truncated) == ("邮政研究", "22", "4", True)
    # Source-学位授予单位 is the university; SrcDatabase-来源库: 硕士 makes it a thesis.
    assert (thesis.journal, thesis.doc_type, thesis.year) == ("吉林大学", "thesis", 2011)
    assert thesis.abstract.endswith("内外部环境，提出了以客户为中心的集团客户营销策略。")
    assert (newspaper.doc_type, newspaper.pages, newspaper.abstract) == ("newspaper", "1", "")
    assert [p.render() for p in parsed.problems] == [
        "cnki-estudy.txt:40: record 4 has no title and no abstract; skipped"
    ]


def test_records_without_datatype_start_at_title() -> None:
    text = (
        "Title-题名: 邮政大客户营销\nAuthor-作者: 张三;\nSummary-摘要: 摘要一。\n\n"
        "Title-题名: 电信大客户服务\nYear-年: 2004年\n"
    )
    assert estudy.sniff(text)
    parsed = estudy.parse(text, file="x.txt", stem="x")
    assert [(r.title, r.year, r.doc_type, r.source.line) for r in parsed.records] == [
        ("邮政大客户营销", None, "other", 1),
        ("电信大客户服务", 2004, "other", 5),
    ]


def test_sniff() -> None:
    assert estudy.sniff(EXPORT.read_text(encoding="utf-8"))
    assert not estudy.sniff("DataType: 1\nSomething: else\n")
    assert not estudy.sniff("{Reference Type}: Journal Article\n{Title}: x\n")


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(ESTUDY_DATABASES)))
def test_round_trip(generated: list[Record]) -> None:
    written = write_estudy(generated)
    parsed = estudy.parse(written.text, file="out.txt", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.txt", fmt="estudy")
