"""CSV/TSV tables: Chinese and English column names, quoted multi-line cells, bad rows."""

from __future__ import annotations

from hypothesis import given, settings

from conftest import FIXTURES
from export_writers import expected, records, write_csv
from kamlit.ingest import csvfile
from kamlit.ingest.decode import read_text
from kamlit.types import DOC_TYPES, Citations, Record, Source

CHINESE = FIXTURES / "exports" / "cnki-export.csv"
ENGLISH = FIXTURES / "exports" / "records-en.csv"


def _parsed(path=CHINESE) -> csvfile.ParsedFile:  # type: ignore[no-untyped-def]
    return csvfile.parse(read_text(path).text, file=path.name, stem=path.stem)


def test_chinese_columns_parse_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == [f"cnki-export:{i}" for i in (1, 2, 3, 5)]
    first, multiline, thesis, last = parsed.records
    assert first == Record(
        id="cnki-export:1",
        title="电信大客户服务质量评价研究",
        authors=("刘涛", "王芳"),
        journal="重庆邮电大学学报(社会科学版)",
        year=2007,
        issue="2",
        pages="23-26",
        keywords=("大客户", "服务质量", "评价指标"),
        abstract="服务质量是电信企业赢得大客户的关键。本文构建了电信大客户服务质量评价指标体系,"
        "并运用层次分析法确定了指标权重。",
        citations=Citations(total=12),  # 被引; 下载 (downloads) is not a citation count
        doc_type="journal",  # 数据库: 期刊
        source=Source(file="cnki-export.csv", format="csv", line=2),
    )
    assert multiline.abstract.split("\n") == [
        "营销人员是邮政大客户营销的主体。",
        "本文分析了现有激励机制的不足,提出了物质激励与精神激励相结合的激励方案。",
    ]
    assert (multiline.pages, multiline.citations.total, multiline.source.line) == (
        "30-31,35",
        None,  # an empty 被引 cell is unknown, not 0
        3,
    )
    assert (thesis.doc_type, thesis.journal, thesis.issue, thesis.source.line) == (
        "thesis",
        "东北财经大学",
        None,
        5,
    )
    # `孙伟，钱芳` (full-width comma), `大客户；维系；客户关怀` (full-width semicolons), `<正>`.
    assert last.authors == ("孙伟", "钱芳")
    assert last.keywords == ("大客户", "维系", "客户关怀")
    assert last.truncated and last.citations.total == 0


def test_row_with_wrong_number_of_fields_is_reported_and_skipped() -> None:
    assert [p.render() for p in _parsed().problems] == [
        "cnki-export.csv:6: row 4 has 11 fields but the header has 13 (a stray ',' or quote?); "
        "skipped"
    ]


def test_gbk_crlf_twin_gives_the_same_records() -> None:
    twin = FIXTURES / "exports" / "cnki-export-gbk.csv"
    assert read_text(twin).encoding == "gb18030"
    assert [r.to_dict() | {"id": 0, "source": 0} for r in _parsed(twin).records] == [
        r.to_dict() | {"id": 0, "source": 0} for r in _parsed().records
    ]


def test_english_columns_any_case() -> None:
    first, second = _parsed(ENGLISH).records
    assert first == Record(
        id="records-en:1",
        title="Key account management practices of Chinese mobile operators",  # TITLE
        authors=("Liu, Q.", "Zhou, H."),
        journal="Telecommunications Policy",  # Source Title
        year=2014,
        volume="38",
        issue="5",
        pages="421-433",  # Page start + Page end
        keywords=("key account management", "mobile operators", "China"),
        abstract="Chinese mobile operators organise dedicated teams for their largest business "
        "customers.",
        citations=Citations(total=25),  # Cited by
        doc_type="journal",
        source=Source(file="records-en.csv", format="csv", line=2),
    )
    assert (second.doc_type, second.pages, second.volume) == ("conference", "55-60", None)


def test_tab_separated_and_cnki_style_labels() -> None:
    text = "Title-题名\tAuthor-作者\tSummary-摘要\tYear-年\n邮政大客户\t张三;李四;\t摘要。\t2001\n"
    assert csvfile.sniff(text)
    (record,) = csvfile.parse(text, file="t.tsv", stem="t").records
    assert (record.title, record.authors, record.abstract, record.year) == (
        "邮政大客户",
        ("张三", "李四"),
        "摘要。",
        2001,
    )


def test_sniff_needs_a_title_or_abstract_column() -> None:
    assert csvfile.sniff("篇名,作者\n邮政,张三\n")
    assert not csvfile.sniff("作者,年\n张三,2001\n")
    assert not csvfile.sniff("1.\n邮政大客户的识别与价值挖掘, 相似文献\n")


def test_bad_year_and_count_are_notes_not_losses() -> None:
    parsed = csvfile.parse("题名,年,被引\n邮政,不详,很多\n", file="n.csv", stem="n")
    assert parsed.records[0].year is None and parsed.records[0].citations.total is None
    assert [(p.line, p.skipped) for p in parsed.problems] == [(2, False), (2, False)]
    assert "year '不详' is not a year" in parsed.problems[0].message


@settings(max_examples=60, deadline=None)
@given(records(doc_types=DOC_TYPES, citations=True, split_citations=True))
def test_round_trip(generated: list[Record]) -> None:
    written = write_csv(generated)
    parsed = csvfile.parse(written.text, file="out.csv", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.csv", fmt="csv")
