"""CNKI NoteExpress: the hand-made export field by field, its UTF-16 twin, round trip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from export_writers import ENDNOTE_TYPES, expected, records, write_noteexpress
from kamlit.ingest import noteexpress
from kamlit.ingest.decode import read_text
from kamlit.types import Record, Source

EXPORT = FIXTURES / "exports" / "cnki-noteexpress.net"


def _parsed(path=EXPORT) -> noteexpress.ParsedFile:  # type: ignore[no-untyped-def]
    return noteexpress.parse(read_text(path).text, file=path.name, stem=path.stem)


def test_export_parses_to_the_expected_records() -> None:
    parsed = _parsed()
    assert [r.id for r in parsed.records] == [f"cnki-noteexpress:{i}" for i in (1, 2, 3, 5)]
    joined, repeated, thesis, conference = parsed.records
    assert joined == Record(
        id="cnki-noteexpress:1",
        title="基于客户价值的电信大客户细分方法",
        authors=("孙建平", "吴晓丽"),  # `{Author}: 孙建平;吴晓丽;`
        journal="西安邮电学院学报",
        year=2007,
        volume="12",
        issue="3",
        pages="98-101",
        keywords=("客户价值", "大客户", "客户细分", "聚类分析"),
        abstract="客户细分是实施大客户差异化营销的基础。本文从当前价值和潜在价值两个维度构建了电信大客户"
        "价值评价指标体系，利用聚类分析方法对大客户进行细分，并针对不同类型的大客户提出了相应的"
        "营销策略。",
        doc_type="journal",
        source=Source(file="cnki-noteexpress.net", format="noteexpress", line=1),
    )
    assert repeated.authors == ("马晓红", "陈刚")  # one {Author} per name
    assert repeated.keywords == ("邮政", "大客户营销", "对策")  # one {Keywords} per keyword
    assert repeated.truncated and repeated.abstract.startswith("大客户是邮政企业收入的主要来源。")
    assert (repeated.issue, repeated.volume, repeated.source.line) == ("4", None, 17)
    # Thesis: {Publisher} is the university; {Subsidiary Author,} is an odd tag, ignored.
    assert thesis == Record(
        id="cnki-noteexpress:3",
        title="中国电信政企客户营销服务体系优化研究",
        authors=("郑凯",),
        journal="华南理工大学",
        year=2014,
        keywords=("政企客户", "营销服务体系", "中国电信"),
        abstract="政企客户是中国电信最具价值的客户群。\n本文运用服务营销理论，诊断了某市电信分公司政企"
        "客户营销服务体系存在的问题，并提出了优化方案。",
        doc_type="thesis",
        source=Source(file="cnki-noteexpress.net", format="noteexpress", line=32),
    )
    assert (conference.doc_type, conference.journal, conference.pages) == (
        "conference",
        "中国通信学会第六届学术年会论文集",
        "205-209",
    )
    assert [p.render() for p in parsed.problems] == [
        "cnki-noteexpress.net:44: record 4 has no title and no abstract; skipped"
    ]


def test_utf16_crlf_twin_gives_the_same_records() -> None:
    twin = FIXTURES / "exports" / "cnki-noteexpress-utf16.net"
    assert read_text(twin).encoding == "utf-16-le"
    got = [r.to_dict() | {"id": None, "source": r.source.line} for r in _parsed(twin).records]
    want = [r.to_dict() | {"id": None, "source": r.source.line} for r in _parsed().records]
    assert got == want


def test_sniff() -> None:
    assert noteexpress.sniff("\n{Reference Type}: Journal Article\n{Title}: 题名\n")
    assert noteexpress.sniff("{ reference type }：Thesis\n")
    assert not noteexpress.sniff('{"title": "x"}\n')


@settings(max_examples=60, deadline=None)
@given(records(doc_types=list(ENDNOTE_TYPES)), st.booleans())
def test_round_trip(generated: list[Record], repeat: bool) -> None:
    written = write_noteexpress(generated, repeat=repeat)
    parsed = noteexpress.parse(written.text, file="out.net", stem="out")
    assert parsed.problems == ()
    assert list(parsed.records) == expected(generated, written, file="out.net", fmt="noteexpress")
