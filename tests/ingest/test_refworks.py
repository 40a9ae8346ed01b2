"""CNKI RefWorks: the hand-made export field by field, its GB18030 twin, tag quirks, round trip."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from export_writers import REFWORKS_TYPES, expected, records, write_refworks
from kamlit.ingest import refworks
from kamlit.ingest.decode import read_text
from kamlit.types import Citations, Record, Source

EXPORT = FIXTURES / "exports" / "cnki-refworks.txt"


def _parse(path: Path) -> refworks.ParsedFile:
    return refworks.parse(read_text(path).text, file=path.name, stem=path.stem)


def _src(line: int) -> Source:
    return Source(file="cnki-refworks.txt", format="refworks", line=line)


def test_export_parses_to_the_expected_records() -> None:
    parsed = _parse(EXPORT)
    assert [r.id for r in parsed.records] == [f"cnki-refworks:{i}" for i in (1, 2, 3, 4, 6)]
    first, second, thesis, newspaper, conference = parsed.records
    assert first == Record(
        id="cnki-refworks:1",
        title="电信运营商大客户营销策略研究",
        authors=("王建国", "李明华"),
        journal="通信企业管理",
        year=2006,
        issue="2",
        pages="45-47",
        keywords=("大客户", "营销策略", "电信运营商", "客户关系管理"),
        abstract="随着电信市场竞争的加剧，大客户已成为各运营商争夺的焦点。本文分析了电信运营商"
        "大客户营销的现状与问题，从客户细分、客户经理制、差异化服务和客户关系管理四个方面"
        "提出了大客户营销策略。",
        doc_type="journal",
        source=_src(1),
    )
    # `A1黄莺,周晓东`: no space after the tag, old comma-joined names; `vo`/`k1` in lower case;
    # a full-width space in the title; `<正>` marks a lead excerpt.
    assert second == Record(
        id="cnki-refworks:2",
        title="邮政大客户服务体系的构建 ——以美国邮政为例",
        authors=("黄莺", "周晓东"),
        journal="中国邮政",
        year=2003,
        volume="21",
        issue="2",
        pages="45-46",
        keywords=("邮政", "大客户", "服务体系"),
        abstract="美国邮政对大客户的服务工作由美国邮政总局下设客户关系部的大客户管理处总体负责。"
        "经过多年的实践，美国邮政已形成了一套比较成熟的大客户服务体系和管理流程。",
        truncated=True,
        doc_type="journal",
        source=_src(19),
    )
    assert thesis.doc_type == "thesis"
    assert thesis.journal == "北京邮电大学"  # PB: the university, as CNKI shows it
    assert thesis.authors == ("陈思远",)  # A3 (the supervisor) is not an author
    assert thesis.abstract.split("\n") == [
        "集团客户是移动通信企业收入的重要来源。",
        "本文以中国移动某省公司为例，运用客户价值理论和关系营销理论，分析了集团客户营销管理中"
        "存在的问题，",
        "提出了基于客户价值的集团客户细分方法和差异化营销策略。",
    ]
    assert (thesis.year, thesis.issue, thesis.pages, thesis.source.line) == (2009, None, None, 32)
    assert newspaper == Record(
        id="cnki-refworks:4",
        title="江苏邮政深耕大客户市场",
        authors=("刘晓燕",),
        journal="中国邮政报",
        year=2008,  # from FD 2008-03-12: newspapers have no YR
        pages="4",
        abstract="",
        doc_type="newspaper",
        source=_src(47),
    )
    assert conference.doc_type == "conference"
    assert conference.authors == ("赵磊", "孙丽")  # `A1  赵磊;   孙丽;`
    assert conference.abstract.endswith(
        "模型的命中率达到80%以上，为电信企业开展大客户挽留工作提供了依据。"
    )
    assert conference.citations == Citations()


def test_record_without_title_or_abstract_is_reported_and_skipped() -> None:
    parsed = _parse(EXPORT)
    assert [p.render() for p in parsed.problems] == [
        "cnki-refworks.txt:58: record 5 has no title and no abstract; skipped"
    ]
    assert parsed.problems[0].skipped


def test_gb18030_crlf_twin_gives_the_same_records() -> None:
    twin = FIXTURES / "exports" / "cnki-refworks-gb18030-crlf.txt"
    assert read_text(twin).encoding == "gb18030"
    parsed, original = _parse(twin), _parse(EXPORT)
    assert [(r.title, r.authors, r.abstract, r.source.line) for r in parsed.records] == [
        (r.title, r.authors, r.abstract, r.source.line) for r in original.records
    ]


def test_sniff() -> None:
    assert refworks.sniff(EXPORT.read_text(encoding="utf-8"))
    assert not refworks.sniff("RT Journal Article\n")  # a lone tag is not an export
    assert not refworks.sniff("PT J\nAU Zhang, W\nTI x\nER\n")
    assert not refworks.sniff("%0 Journal Article\n%T 题名\n%A 作者\n")


def test_wrapped_lines_that_start_like_tags_stay_text() -> None:
    text = (
        "RT Journal Article\nT1 IP电话业务的大客户营销\n"
        "AB 电信企业推出了面向大客户的\nIP电话业务。English summary follows and\n"
        "no significant difference was found.\nvo 3\nA1林行众\nDS CNKI\n"
    )
    (record,) = refworks.parse(text, file="x.txt", stem="x").records
    assert record.abstract == (
        "电信企业推出了面向大客户的IP电话业务。English summary follows and no significant "
        "difference was found."
    )
    assert (record.volume, record.authors) == ("3", ("林行众",))


def test_unknown_record_type_is_other_and_text_before_the_first_record_is_noted() -> None:
    text = "导出时间 2024\nRT Map\nT1 大客户分布图\nDS CNKI\n"
    parsed = refworks.parse(text, file="x.txt", stem="x")
    assert parsed.records[0].doc_type == "other"
    assert [p.render() for p in parsed.problems] == [
        "x.txt:1: 1 line(s) outside any record ignored (not a tagged field; lines 1)"
    ]
    assert not parsed.problems[0].skipped


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(REFWORKS_TYPES)), st.booleans())
def test_round_trip(generated: list[Record], trailing: bool) -> None:
    written = write_refworks(generated, trailing=trailing)
    parsed = refworks.parse(written.text, file="out.txt", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.txt", fmt="refworks")
