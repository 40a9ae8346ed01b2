"""The shared machinery of the export readers: splitting, joining, value normalisation."""

from __future__ import annotations

import pytest

from kamlit.ingest.tagged import (
    Draft,
    abstract_markers,
    clean_text,
    doc_type_of,
    field_for_name,
    finish,
    join_lines,
    normalize_issue,
    normalize_pages,
    parse_year,
    split_authors,
    split_list,
    split_records,
    strip_zeros,
)


def _match(line: str) -> tuple[str, str] | None:
    if len(line) >= 3 and line[:2].isupper() and line[2] == " ":
        return line[:2], line[3:]
    return (line, "") if line in {"ER", "EF"} else None


def test_split_records_continuation_lines_and_positions() -> None:
    text = "junk\nST a\nAB first\n  second\n\nXX x\nER\nST b\nEF\nST c\nER\n"
    split = split_records(text, match=_match, start={"ST"}, end="ER", ignore={"EF"})
    assert split.stray == [1]
    first, second, third = split.records
    assert (first.position, first.line, first.terminated) == (1, 2, True)
    assert first.lines_of("AB") == ["first", "second"]
    assert first.first("XX", "AB") == "x"
    assert [(f.tag, f.line, f.text) for f in first.fields] == [
        ("ST", 2, "a"),
        ("AB", 3, "first second"),
        ("XX", 6, "x"),
    ]
    assert (second.position, second.terminated) == (2, False)  # EF before ER
    assert (third.position, third.line, third.terminated) == (3, 10, True)


def test_split_records_without_end_tag() -> None:
    split = split_records("ST a\nST b\n", match=_match, start={"ST"})
    assert [r.terminated for r in split.records] == [True, True]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["大客户", "营销"], "大客户营销"),
        (["key account", "management"], "key account management"),
        (["中国移动", "GSM网络"], "中国移动GSM网络"),
        (["L.)", "也是"], "L.)也是"),
        (["问题，", "从客户"], "问题，从客户"),
        (["one"], "one"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_split_list_separators_and_repeats() -> None:
    assert split_list(["大客户;;营销;;", "营销；渠道；"]) == ["大客户", "营销", "渠道"]
    assert split_list(["颜宏,石德成，尹尚军、赵伟"]) == ["颜宏", "石德成", "尹尚军", "赵伟"]
    assert split_list(["Smith, John"]) == ["Smith, John"]  # no Chinese: a comma is not a separator
    assert split_list(["  ", ";"]) == []


def test_split_authors_drops_padding_inside_chinese_names() -> None:
    assert split_authors(["王　伟;赵 敏;Li  Ming"]) == ["王伟", "赵敏", "Li Ming"]


def test_clean_text() -> None:
    assert clean_text("　　大事记\u3000大事记 ") == "大事记 大事记"
    assert clean_text(" a \n\n b ") == "a\nb"
    assert clean_text("  ") is None and clean_text(None) is None


@pytest.mark.parametrize(
    ("text", "year"),
    [("2003", 2003), ("2003-02-15", 2003), ("2003年", 2003), ("2010///", 2010), ("n.d.", None)],
)
def test_parse_year(text: str, year: int | None) -> None:
    assert parse_year(text) == year


def test_issue_volume_and_pages() -> None:
    assert [normalize_issue(v) for v in ("02", "第3期", "S1", "01-02", "0", " ")] == [
        "2",
        "3",
        "S1",
        "1-2",
        "0",
        None,
    ]
    assert strip_zeros("A04") == "A04"
    assert normalize_pages("45 – 46") == "45-46"
    assert normalize_pages("004") == "4"
    assert normalize_pages("1013", "1021") == "1013-1021"
    assert normalize_pages("30-31", "35") == "30-31"
    assert normalize_pages("7", "7") == "7"
    assert normalize_pages(None, None) is None


def test_abstract_markers() -> None:
    assert abstract_markers("<正>美国邮政…") == ("美国邮政…", True)
    assert abstract_markers("&lt;正&gt; 摘要") == ("摘要", True)
    assert abstract_markers("第一段。(#br)第二段。（#br）第三段。") == (
        "第一段。\n第二段。\n第三段。",
        False,
    )
    assert abstract_markers(None) == ("", False)


@pytest.mark.parametrize(
    ("values", "doc_type"),
    [
        (("Journal Article",), "journal"),
        (("Newspaper Article",), "newspaper"),
        (("Dissertation/Thesis",), "thesis"),
        (("Conference Proceeding",), "conference"),
        (("Proceedings Paper",), "conference"),
        (("Book, Section",), "book"),
        (("Other Article", "科技成果"), "other"),
        (("JOUR",), "journal"),
        (("THES",), "thesis"),
        (("Map", "硕士"), "thesis"),
        (("国内会议",), "conference"),
        (("Map",), "other"),
        ((None, ""), None),
    ],
)
def test_doc_type_of(values: tuple[str | None, ...], doc_type: str | None) -> None:
    assert doc_type_of(*values) == doc_type


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("题名", "title"),
        ("篇名", "title"),
        (" TITLE ", "title"),
        ("Title-题名", "title"),
        ("Author Keywords", "keywords"),
        ("Source Title", "journal"),
        ("页数", None),
        ("PageCount-页数", None),
        ("Page-页码", "pages"),
        ("被引频次", "cited"),
        ("下载", None),
    ],
)
def test_field_for_name(name: str, field: str | None) -> None:
    assert field_for_name(name) == field


def test_finish_defaults_and_problems() -> None:
    record, problems = finish(
        Draft(title="邮政", journal="中国邮政", year="不详", cited="x"),
        file="f.txt",
        stem="f",
        fmt="csv",
        position=3,
        line=9,
    )
    assert record is not None
    assert (record.id, record.doc_type, record.year, record.source.line) == (
        "f:3",
        "journal",
        None,
        9,
    )
    assert [p.render() for p in problems] == [
        "f.txt:9: record 3: year '不详' is not a year; left empty",
        "f.txt:9: record 3: citation count 'x' is not a whole number; left empty",
    ]
    record, _ = finish(Draft(abstract="摘要"), file="f", stem="f", fmt="csv", position=1, line=1)
    assert record is not None and record.doc_type == "other"  # no type, no journal
    none, problems = finish(
        Draft(authors=["张三"]), file="f", stem="f", fmt="x", position=2, line=5
    )
    assert (
        none is None
        and problems[0].render() == "f:5: record 2 has no title and no abstract; skipped"
    )
