"""Duplicates across files and formats: what merges, what does not, which record is kept."""

from __future__ import annotations

from dataclasses import replace

from conftest import CORPUS_FILE, FIXTURES
from kamlit.ingest import Merge, read_paths
from kamlit.ingest.dedupe import dedupe_records, normalize
from kamlit.types import Citations, Record, Source

ABSTRACT = (
    "美国邮政对大客户的服务工作由美国邮政总局下设客户关系部的大客户管理处总体负责。"
    "经过多年的实践，美国邮政已形成了一套比较成熟的大客户服务体系和管理流程。"
)


def _rec(rid: str, **fields: object) -> Record:
    base: dict[str, object] = {"abstract": "", "source": Source(file=f"{rid}.txt", format="x")}
    base.update(fields)
    return Record(id=rid, **base)  # type: ignore[arg-type]


def test_normalize_ignores_punctuation_width_space_and_case() -> None:
    assert normalize("电信大客户营销：策略 (CRM)！") == normalize("电信大客户营销:策略（ＣＲＭ）")
    assert normalize(None) == ""


def test_same_title_author_year_merge_and_richer_is_kept() -> None:
    poor = _rec("a:1", title="电信大客户营销策略研究", authors=("王建国",), year=2006)
    rich = _rec(
        "b:1",
        title="电信大客户营销策略研究。",
        authors=("王建国", "李明华"),
        year=2006,
        journal="通信企业管理",
        abstract="摘要",
        citations=Citations(total=3),
    )
    other = _rec("c:1", title="邮政大客户", abstract="别的")
    records, merges = dedupe_records([poor, other, rich])
    assert [r.id for r in records] == ["b:1", "c:1"]  # the work stays where it first appeared
    assert merges == (Merge(kept="b:1", dropped="a:1", reason="same title, first author and year"),)


def test_kept_record_is_filled_from_the_dropped_one() -> None:
    a = _rec("a:1", title="T", authors=("张三",), year=2001, journal="J", keywords=("k",))
    b = _rec("b:1", title="T", authors=("张三",), year=2001, pages="1-2", citations=Citations(5))
    (merged,), _ = dedupe_records([a, b])
    assert (merged.id, merged.pages, merged.citations.total, merged.keywords) == (
        "a:1",
        "1-2",
        5,
        ("k",),
    )


def test_different_first_author_or_year_do_not_merge() -> None:
    a = _rec("a:1", title="卷首语", authors=("张三",), year=2001)
    b = _rec("b:1", title="卷首语", authors=("李四",), year=2001)
    c = _rec("c:1", title="卷首语", authors=("张三",), year=2002)
    assert len(dedupe_records([a, b, c])[0]) == 3


def test_same_title_with_missing_author_needs_agreeing_journal_and_abstract() -> None:
    a = _rec("a:1", title="卷首语", journal="中国邮政", abstract="本期聚焦大客户。")
    b = _rec("b:1", title="卷首语", journal="通信企业管理", abstract="本期聚焦大客户。")
    c = _rec("c:1", title="卷首语", journal="中国邮政", abstract="另一篇完全不同的卷首语。")
    d = _rec("d:1", title="卷首语", journal="中国邮政", year=2003, abstract="本期聚焦大客户。更多")
    records, merges = dedupe_records([a, b, c, d])
    assert [r.id for r in records] == ["d:1", "b:1", "c:1"]
    assert [(m.kept, m.dropped) for m in merges] == [("d:1", "a:1")]


def test_listing_record_without_title_dedupes_by_abstract_start() -> None:
    listing = _rec(
        "page:12", authors=("黄莺",), journal="中国邮政", year=2003, abstract=ABSTRACT[:50],
        truncated=True,
    )  # fmt: skip
    export = _rec(
        "refworks:2",
        title="邮政大客户服务体系的构建",
        authors=("黄莺", "周晓东"),
        journal="中国邮政",
        year=2003,
        abstract=ABSTRACT,
    )
    records, merges = dedupe_records([listing, export])
    assert [r.id for r in records] == ["refworks:2"]
    assert merges[0].reason == "one abstract, cut by the site, is the start of the other"
    # Not cut: a mere shared beginning is not enough.
    assert len(dedupe_records([replace(listing, truncated=False), export])[0]) == 2


def test_same_abstract_merges_when_titles_and_years_agree() -> None:
    a = _rec("a:1", title="大客户营销", year=2004, abstract=ABSTRACT)
    b = _rec("b:1", year=2004, abstract=ABSTRACT + " ")
    c = _rec("c:1", title="完全不同的题名", year=2004, abstract=ABSTRACT)
    d = _rec("d:1", year=2010, abstract=ABSTRACT)
    records, merges = dedupe_records([a, b, c, d])
    assert [r.id for r in records] == ["a:1", "c:1", "d:1"]
    assert merges == (Merge(kept="a:1", dropped="b:1", reason="same abstract"),)


def test_truncated_abstract_is_completed_by_the_dropped_record() -> None:
    cut = _rec("a:1", title="T", authors=("张三",), year=2001, journal="J", pages="1",
               abstract=ABSTRACT[:40], truncated=True)  # fmt: skip
    full = _rec("b:1", title="T", authors=("张三",), year=2001, abstract=ABSTRACT)
    (merged,), (merge,) = dedupe_records([cut, full])
    assert merge.kept == "a:1"
    assert (merged.abstract, merged.truncated) == (ABSTRACT, False)


def test_chains_and_input_order_are_deterministic() -> None:
    a = _rec("a:1", title="T", authors=("张三",), year=2001)
    b = _rec("b:1", title="T", authors=("张三",), year=2001, journal="J")
    c = _rec("c:1", title="T", authors=("张三",), year=2001, journal="J", pages="3")
    records, merges = dedupe_records([a, b, c])
    assert [r.id for r in records] == ["c:1"]
    assert [(m.kept, m.dropped) for m in merges] == [("b:1", "a:1"), ("c:1", "b:1")]


def test_read_paths_dedupes_unless_told_not_to() -> None:
    exports = FIXTURES / "exports"
    paths = [exports / "cnki-refworks.txt", exports / "wos-savedrecs.txt"]
    merged = read_paths(paths)
    assert merged.merges == (
        Merge(kept="wos-savedrecs:2", dropped="cnki-refworks:1",
              reason="same title, first author and year"),
    )  # fmt: skip
    assert len(merged.records) == 5 + 3 - 1
    kept = next(r for r in merged.records if r.id == "wos-savedrecs:2")
    assert kept.citations.total == 3 and kept.keywords[-1] == "电信运营商"
    plain = read_paths(paths, dedupe=False)
    assert (len(plain.records), plain.merges) == (8, ())


def test_listing_corpus_has_no_duplicates() -> None:
    result = read_paths([CORPUS_FILE])
    assert (len(result.records), result.merges) == (20, ())
