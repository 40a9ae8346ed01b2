"""Named columns (CSV headers, JSON keys) to Draft fields, Chinese or English names alike."""

from __future__ import annotations

import re

from kamlit.ingest.doctypes import doc_type_of
from kamlit.ingest.draft import Draft
from kamlit.ingest.values import normalize_pages

# Column (CSV) and key (JSON Lines) names, Chinese or English, compared without case, spaces,
# `_` or `-`. Exports label the same field many ways; `页数` (a page count) is not `pages`.
_NAMES: dict[str, tuple[str, ...]] = {
    "title": (
        "题名",
        "篇名",
        "标题",
        "题目",
        "文献标题",
        "论文题目",
        "论文名称",
        "title",
        "articletitle",
        "ti",
        "t1",
    ),
    "authors": (
        "作者",
        "作者名",
        "著者",
        "责任者",
        "author",
        "authors",
        "au",
        "a1",
        "creator",
        "creators",
    ),
    "abstract": ("摘要", "中文摘要", "内容摘要", "abstract", "ab", "summary", "n2"),
    "keywords": (
        "关键词",
        "关键字",
        "主题词",
        "keywords",
        "keyword",
        "authorkeywords",
        "de",
        "kw",
        "k1",
    ),
    "year": (
        "年",
        "年份",
        "年度",
        "出版年",
        "出版年份",
        "发表年份",
        "year",
        "publicationyear",
        "py",
        "yr",
    ),
    "date": (
        "发表时间",
        "出版日期",
        "出版时间",
        "发表日期",
        "日期",
        "date",
        "pubtime",
        "publicationdate",
        "pd",
        "fd",
    ),
    "journal": (
        "刊名",
        "期刊",
        "期刊名",
        "期刊名称",
        "来源",
        "文献来源",
        "来源出版物",
        "来源期刊",
        "出版物名称",
        "source",
        "journal",
        "sourcetitle",
        "publication",
        "publicationtitle",
        "so",
        "jf",
        "jo",
        "secondarytitle",
    ),
    "volume": ("卷", "卷号", "volume", "vol", "vl", "vo"),
    "issue": ("期", "期号", "issue", "is", "number", "period"),
    "pages": ("页码", "起止页码", "pages", "page", "pp", "op"),
    "first_page": (
        "起始页",
        "起始页码",
        "首页",
        "startpage",
        "beginpage",
        "pagestart",
        "pagebegin",
        "firstpage",
        "bp",
        "sp",
    ),
    "last_page": ("结束页", "结束页码", "尾页", "endpage", "pageend", "lastpage", "ep"),
    "cited": (
        "被引",
        "被引频次",
        "被引次数",
        "被引量",
        "引用次数",
        "总被引",
        "cited",
        "citedby",
        "timescited",
        "citations",
        "tc",
        "z9",
    ),
    "cited_self": ("自引", "selfcitations"),
    "cited_other": ("他引", "othercitations"),
    "doc_type": (
        "文献类型",
        "类型",
        "文献类别",
        "来源库",
        "来源数据库",
        "数据库",
        "资源类型",
        "type",
        "documenttype",
        "doctype",
        "referencetype",
        "dt",
    ),
    "truncated": ("truncated",),
}
_NAME_INDEX = {alias: name for name, aliases in _NAMES.items() for alias in aliases}
_NAME_JUNK = re.compile(r"[\s_\-\ufeff]+")


def field_for_name(name: str) -> str | None:
    """The Draft field a column or key name stands for (`篇名`, `Title`, `Title-题名` → title)."""
    text = name.strip().strip("\"'").lower()
    candidates = [text, *re.split(r"[-—/|（(]", text)]
    for candidate in candidates:
        key = _NAME_JUNK.sub("", candidate.rstrip(")）"))
        if key in _NAME_INDEX:
            return _NAME_INDEX[key]
    return None


def draft_from_named(values: dict[str, str]) -> Draft:
    """A Draft from `{field: text}` as `field_for_name` names them (CSV rows, JSON objects)."""
    get = values.get
    return Draft(
        title=get("title"),
        authors=[get("authors") or ""],
        journal=get("journal"),
        year=get("year") or get("date"),
        volume=get("volume"),
        issue=get("issue"),
        pages=get("pages") or normalize_pages(get("first_page"), get("last_page")),
        keywords=[get("keywords") or ""],
        abstract=get("abstract"),
        truncated=(get("truncated") or "").strip().lower() in {"true", "1", "yes"},
        cited=get("cited"),
        cited_self=get("cited_self"),
        cited_other=get("cited_other"),
        doc_type=doc_type_of(get("doc_type")),
    )
