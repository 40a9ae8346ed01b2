"""The listing-page reader: the default corpus record by record, its HTML twin, generated pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_FILE, FIXTURES
from kamlit.ingest import listing, read_paths
from kamlit.ingest.listing import split_glued_heading
from kamlit.types import Citations, Record, Source

HTML_FIXTURE = FIXTURES / "listing" / "key-accounts-similar-literature.html"

# What the page shows, record by record: (title, (total, self, other) or None,
# (authors, journal, year, issue, pages) or None, truncated). Spelled out by reading the page.
EXPECTED = {
    1: ("邮政大客户的识别与价值挖掘", (1, 0, 1), None, True),
    2: (None, None, None, True),
    3: (None, None, None, False),
    4: ("电信企业大客户经营策略浅析", (1, 0, 1), None, True),
    5: (None, None, None, False),
    6: ("加强客户关系管理,切实改善对电信大客户的服务", (1, 0, 1), None, True),
    7: (None, None, None, False),
    8: (None, None, None, True),
    9: (None, None, None, False),
    10: (None, None, ((), "中国邮政", 2011, "6", "9-9"), False),
    11: (None, None, None, False),
    12: (None, None, (("黄莺",), "中国邮政", 2003, "2", "45-46"), True),
    13: (None, None, None, True),
    14: (None, None, ((), "中国邮政", 2001, "7", "13-13"), True),
    15: (None, None, None, False),
    16: (None, None, None, False),
    17: ("80/20法则与服务大客户", None, (("傅张权",), None, None, None, None), True),
    18: (None, None, None, False),
    19: ("如何从大客户那里淘金?", (2, 0, 2), None, False),
    20: (None, None, None, False),
}
# First and last characters of a few abstracts: chrome, titles and ellipses are gone.
ABSTRACT_ENDS = {
    1: ("根据帕累托的20/80原理", "专业"),
    4: ("大客户对电信运营商的价值 大客户也称为", "如湖南省电"),
    10: ("全国邮政大客户工作座谈会目前召开", "落实总部客户开发工作。"),
    12: ("美国邮政对大客户的服务工作", "该类客户一年对邮政的业务支出均在"),
    17: ("世界上众多成功企业的营销成果统计表明", "对于邮电通信企业来说"),
    20: ("长期以来,邮政企业在成本管理方面", "难以适应市场竞争的需要。"),
}


def _records(path: Path) -> list[Record]:
    return list(read_paths([path]).records)


def test_default_corpus_has_twenty_records_in_order() -> None:
    records = _records(CORPUS_FILE)
    assert [r.id for r in records] == [f"key-accounts-similar-literature:{n}" for n in range(1, 21)]
    assert {r.source.format for r in records} == {"listing"}
    assert records[11].source.line == 41  # the "12." line of the page


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_default_corpus_fields_match_the_page(number: int) -> None:
    record = _records(CORPUS_FILE)[number - 1]
    title, cites, source, truncated = EXPECTED[number]
    assert record.title == title
    if cites is None:
        assert record.citations == Citations()
    else:
        assert (record.citations.total, record.citations.self_, record.citations.other) == cites
    authors, journal, year, issue, pages = source or ((), None, None, None, None)
    assert (record.authors, record.journal, record.year, record.issue, record.pages) == (
        authors,
        journal,
        year,
        issue,
        pages,
    )
    assert record.truncated is truncated
    assert "\u00a0" not in record.abstract
    assert "相似文献" not in record.abstract
    assert not record.abstract.endswith(("…", "..."))
    if number in ABSTRACT_ENDS:
        head, tail = ABSTRACT_ENDS[number]
        assert record.abstract.startswith(head)
        assert record.abstract.endswith(tail)


def test_page_chrome_is_not_content() -> None:
    text = " ".join(r.abstract + (r.title or "") for r in _records(CORPUS_FILE))
    for chrome in ("首页", "高级检索", "共查询到", "Copyright", "京ICP备", "免责声明"):
        assert chrome not in text


def test_saved_html_page_gives_the_same_records() -> None:
    def content(record: Record) -> dict[str, object]:
        data = record.to_dict()
        del data["source"], data["id"]
        return data

    text_records = _records(CORPUS_FILE)
    html_records = _records(HTML_FIXTURE)
    assert [content(r) for r in html_records] == [content(r) for r in text_records]
    # Ids and lines point into the HTML file the user has.
    assert html_records[0].id == "key-accounts-similar-literature:1"
    lines = HTML_FIXTURE.read_text(encoding="utf-8").splitlines()
    for record in html_records:
        assert f">{record.id.split(':')[1]}.<" in lines[record.source.line - 1]  # type: ignore[operator]


def test_glued_title_and_author_are_recovered_by_a_general_rule() -> None:
    assert split_glued_heading(
        "客户价值管理研究王小明本文从客户价值管理的角度,分析了电信企业的做法。"
    ) == (
        "客户价值管理研究",
        "王小明",
        "本文从客户价值管理的角度,分析了电信企业的做法。",
    )
    # An ordinary abstract whose first clause is short is left alone.
    assert split_glued_heading("长期以来,邮政企业在成本管理方面存在着许多欠缺与不足。") is None


def test_a_record_without_abstract_is_reported_and_skipped() -> None:
    page = "相似文献\n1.\n标题一 总被引:1,自引:0,他引:1\n\n2.\n第二条摘要。 相似文献\n"
    parsed = listing.parse(page, file="p.txt", stem="p")
    assert [r.id for r in parsed.records] == ["p:2"]
    assert parsed.problems[0].line == 2
    assert "no abstract" in parsed.problems[0].message


def test_hit_count_mismatch_is_a_note() -> None:
    page = "共查询到3条相似文献\n1.\n摘要一。 相似文献\n\n2.\n摘要二。 相似文献\n"
    parsed = listing.parse(page, file="p.txt", stem="p")
    assert len(parsed.records) == 2
    assert any("3 records" in p.message and not p.skipped for p in parsed.problems)


def test_numbers_out_of_sequence_inside_an_abstract_do_not_start_records() -> None:
    page = "相似文献\n1.\n第一段。\n3.\n仍是摘要。 相似文献\n\n2.\n摘要二。 相似文献\n"
    parsed = listing.parse(page, file="p.txt", stem="p")
    assert [r.id for r in parsed.records] == ["p:1", "p:2"]
    assert parsed.records[0].abstract == "第一段。\n3.\n仍是摘要。"


# ---------------------------------------------------------------- generated pages

_WORDS = [
    "大客户",
    "电信",
    "邮政",
    "营销",
    "服务",
    "市场",
    "客户经理",
    "价值",
    "管理",
    "企业",
    "竞争",
    "策略",
    "发展",
    "利润",
    "运营商",
    "细分",
    "忠诚度",
    "体系",
    "渠道",
    "需求",
]
_NAMES = ["王力", "李娜", "张伟明", "刘洋", "陈静"]
_JOURNALS = ["中国邮政", "通信企业管理", "邮政研究", "电信科学"]

_clause = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map("".join)
_sentence = st.lists(_clause, min_size=1, max_size=3).map(",".join)


@st.composite
def _records_strategy(draw: st.DrawFn) -> list[dict[str, object]]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        sentences = draw(st.lists(_sentence, min_size=1, max_size=4))
        ending = draw(st.sampled_from(["complete", "ellipsis", "dots", "cut"]))
        abstract = "。".join(sentences)
        shown = {
            "complete": abstract + "。",
            "ellipsis": abstract + "…",
            "dots": abstract + "...",
            "cut": abstract,
        }[ending]
        out.append(
            {
                "title": draw(st.one_of(st.none(), _clause.map(lambda s: s + "研究"))),
                "cites": draw(st.one_of(st.none(), st.tuples(*[st.integers(0, 99)] * 3))),
                "source": draw(
                    st.one_of(
                        st.none(),
                        st.tuples(
                            st.lists(st.sampled_from(_NAMES), max_size=3, unique=True),
                            st.sampled_from(_JOURNALS),
                            st.integers(1990, 2025),
                            st.integers(1, 12),
                            st.integers(1, 90),
                        ),
                    )
                ),
                "abstract": abstract + ("。" if ending == "complete" else ""),
                "shown": shown,
                "truncated": ending != "complete",
            }
        )
    return out


def _page(records: list[dict[str, object]], html: bool) -> str:
    lines = [
        "首页 | 高级检索",
        "相似文献",
        f"\u00a0共查询到{len(records)}条相似文献,搜索用时 9 毫秒",
    ]
    for n, rec in enumerate(records, start=1):
        lines.append(f"{n}.")
        cites = rec["cites"]
        if rec["title"] is not None:
            suffix = ""
            if cites is not None:
                suffix = "\u00a0\u00a0总被引:{},自引:{},他引:{}\u00a0\u00a0".format(*cites)  # type: ignore[str-format]
            lines.append(f"{rec['title']} {suffix}")
        if rec["source"] is not None:
            authors, journal, year, issue, page = rec["source"]  # type: ignore[misc]
            lines.append(f"{' '.join(authors)} 《{journal}》{year},({issue}):{page}-{page + 2}")
        lines.append(f"{rec['shown']}\u00a0\u00a0相似文献 \u00a0\u00a0")
        lines.append("")
    lines.append("设为首页 | 免责声明")
    lines.append("Copyright©某某科技有限公司\u00a0\u00a0京ICP备00000000号")
    if not html:
        return "\n".join(lines)
    body = "".join(f"<div>{line.replace(chr(160), '&nbsp;')}</div>\n" for line in lines)
    return (
        f"<!DOCTYPE html>\n<html><head><title>相似文献</title></head><body>\n{body}</body></html>"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_records_strategy(), html=st.booleans())
def test_generated_pages_parse_to_exactly_their_records(
    records: list[dict[str, object]], html: bool
) -> None:
    parsed = listing.parse(_page(records, html), file="gen.txt", stem="gen")
    assert [p for p in parsed.problems if p.skipped] == []
    expected = []
    for n, rec in enumerate(records, start=1):
        cites = rec["cites"] if rec["title"] is not None else None
        source = rec["source"]
        authors, journal, year, issue, page = source or ((), None, None, None, None)  # type: ignore[misc]
        expected.append(
            Record(
                id=f"gen:{n}",
                title=rec["title"],  # type: ignore[arg-type]
                authors=tuple(authors),
                journal=journal,
                year=year,
                issue=None if issue is None else str(issue),
                pages=None if page is None else f"{page}-{page + 2}",
                abstract=rec["abstract"],  # type: ignore[arg-type]
                truncated=rec["truncated"],  # type: ignore[arg-type]
                citations=Citations(*cites) if cites is not None else Citations(),  # type: ignore[misc]
                source=Source(file="gen.txt", format="listing", line=None),
            )
        )
    got = [
        Record.from_dict({**r.to_dict(), "source": {**r.source.to_dict(), "line": None}})
        for r in parsed.records
    ]
    assert got == expected
