"""Machinery shared by the export readers: tagged lines to raw records, raw values to Records.

Tagged exports (RefWorks, EndNote, NoteExpress, E-Study, Web of Science, RIS) are all "a tag
starts a line, untagged lines continue the field above, a start tag begins a record". A
reader supplies a function that recognises its tag lines; `split_records` does the rest and
keeps the line number of every record and field. The CSV and JSON Lines readers share the
value side: `Draft` collects a record's raw strings and `finish` turns them into a Record
(lists split on `;`, years, zero-padded issues, page ranges, abstract markers, doc types) or
into a Problem when the record is malformed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kamlit.ingest.base import ParsedFile, Problem
from kamlit.types import DOC_TYPES, Citations, Record, Source

# --------------------------------------------------------------------------- raw records

TagMatch = Callable[[str], tuple[str, str] | None]


@dataclass(slots=True)
class RawField:
    """One tagged field: its tag, its first value and any continuation lines.

    `text` (the lines joined by `join_lines`, stripped) is set when the record is closed.
    """

    tag: str
    lines: list[str]
    line: int
    text: str = ""


@dataclass(slots=True)
class RawRecord:
    """The tagged fields of one record, with where it starts in the file."""

    position: int
    line: int
    fields: list[RawField] = field(default_factory=list)
    terminated: bool = False
    index: dict[str, list[RawField]] = field(default_factory=dict, repr=False, compare=False)

    def close(self, *, terminated: bool) -> None:
        """Mark the record complete: join each field's lines and index the fields by tag."""
        self.terminated = terminated
        index = self.index
        for f in self.fields:
            lines = f.lines
            f.text = (lines[0] if len(lines) == 1 else join_lines(lines)).strip()
            if f.tag in index:
                index[f.tag].append(f)
            else:
                index[f.tag] = [f]

    def values(self, *tags: str) -> list[str]:
        """Joined values of every field with one of `tags`, in file order, empty ones dropped."""
        if len(tags) == 1:
            return [f.text for f in self.index.get(tags[0], ()) if f.text]
        wanted = set(tags)
        return [f.text for f in self.fields if f.tag in wanted and f.text]

    def first(self, *tags: str) -> str | None:
        """The first non-empty value, trying `tags` in the order given."""
        index = self.index
        for tag in tags:
            for f in index.get(tag, ()):
                if f.text:
                    return f.text
        return None

    def lines_of(self, *tags: str) -> list[str]:
        """Every physical line (value and continuations) of the fields with one of `tags`."""
        wanted = set(tags)
        return [ln for f in self.fields if f.tag in wanted for ln in f.lines if ln.strip()]


@dataclass(frozen=True)
class Split:
    """What `split_records` found: the records, and stray lines that belong to none."""

    records: list[RawRecord]
    stray: list[int]


def split_records(
    text: str,
    *,
    match: TagMatch,
    start: Collection[str],
    end: str | None = None,
    ignore: Collection[str] = (),
) -> Split:
    """Cut tagged text into records.

    `match(line)` returns `(tag, value)` for a tag line, else None. A tag in `start` opens a
    record (closing the open one); `end`, when given, closes it, and a record closed any other
    way is marked unterminated. Untagged non-blank lines continue the last field; blank lines
    are skipped. Tags in `ignore` (file headers such as `FN`, `VR`, `EF`) are dropped.
    """
    records: list[RawRecord] = []
    stray: list[int] = []
    current: RawRecord | None = None
    last: RawField | None = None
    unended = end is None  # how a record closed by anything but `end` counts
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line:
            continue
        found = match(line)
        if found is None:
            if last is not None:
                last.lines.append(line.lstrip())
            else:
                stray.append(number)
            continue
        tag, value = found
        if tag in start:
            if current is not None:
                current.close(terminated=unended)
            current = RawRecord(position=len(records) + 1, line=number)
            records.append(current)
            last = RawField(tag, [value.strip()], number)
            current.fields.append(last)
        elif tag == end:
            if current is None:
                stray.append(number)
            else:
                current.close(terminated=True)
            current, last = None, None
        elif tag in ignore:
            last = None
        elif current is None:
            stray.append(number)
            last = None
        else:
            last = RawField(tag, [value.strip()], number)
            current.fields.append(last)
    if current is not None:
        current.close(terminated=unended)
    return Split(records=records, stray=stray)


def join_lines(lines: Sequence[str]) -> str:
    """Join a wrapped value: a space between two Latin words, nothing inside Chinese text."""
    if len(lines) == 1:
        return lines[0]
    out = lines[0]
    for nxt in lines[1:]:
        if not nxt:
            continue
        if out and _is_latin(out[-1]) and _is_latin(nxt[0]):
            out += " " + nxt
        else:
            out += nxt
    return out


def _is_latin(char: str) -> bool:
    # Characters below the CJK blocks that are not spaces: letters, digits, ASCII punctuation.
    return char < "\u2e80" and not char.isspace()


def stray_problem(file: str, stray: Sequence[int], *, what: str) -> list[Problem]:
    """A note for text outside every record (page chrome, a truncated first record)."""
    if not stray:
        return []
    lines = ", ".join(str(n) for n in stray[:5]) + (", …" if len(stray) > 5 else "")
    return [
        Problem(
            file=file,
            line=stray[0],
            skipped=False,
            message=f"{len(stray)} line(s) outside any record ignored ({what}; lines {lines})",
        )
    ]


# --------------------------------------------------------------------------- values


@dataclass
class Draft:
    """A record's raw values as a reader found them, before cleaning and checking."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    truncated: bool = False
    cited: str | None = None
    cited_self: str | None = None
    cited_other: str | None = None
    doc_type: str | None = None


_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]|  ")
_SEMICOLONS = re.compile(r"[;；]")
_COMMAS = re.compile(r"[,，、]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BETWEEN_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_LEADING_ZEROS = re.compile(r"(?<![0-9A-Za-z])0+(?=\d)")
_BREAK = re.compile(r"[(（]\s*#br\s*[)）]", re.IGNORECASE)
_LEAD = re.compile(r"^\s*(?:<正>|＜正＞|〈正〉|&lt;正&gt;)\s*")
_INT = re.compile(r"^\s*(\d+)\s*$")


def clean_text(value: str | None) -> str | None:
    """Collapse layout spaces (incl. full-width U+3000) in each line; None when nothing is left."""
    if value is None:
        return None
    if "\n" not in value:
        if _ODD_SPACE.search(value):
            value = _SPACES.sub(" ", value)
        return value.strip() or None
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def split_list(values: Iterable[str]) -> list[str]:
    """Split values on `;`/`；` (also `,`/`，`/`、` in Chinese lists); drop empties and repeats."""
    out: list[str] = []
    for value in values:
        parts = _SEMICOLONS.split(value)
        if len(parts) == 1 and _CJK.search(value):
            parts = _COMMAS.split(value)
        for part in parts:
            item = part.strip()
            if item and _ODD_SPACE.search(item):
                item = clean_text(item) or ""
            if item and item not in out:
                out.append(item)
    return out


def split_authors(values: Iterable[str]) -> list[str]:
    """Like `split_list`, and drop padding spaces inside Chinese names (`王　伟` → `王伟`)."""
    out: list[str] = []
    for name in split_list(values):
        if " " in name:
            name = _BETWEEN_CJK_SPACE.sub("", name)
        if name not in out:
            out.append(name)
    return out


@lru_cache(maxsize=1024)
def parse_year(value: str | None) -> int | None:
    """The first plausible year (1500–2099) in `2003`, `2003-02-15`, `2003年`; else None."""
    if not value:
        return None
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=4096)
def strip_zeros(value: str | None) -> str | None:
    """Drop zero-padding of numbers that stand alone (`02` → `2`, `01-02` → `1-2`; `A04` stays)."""
    text = clean_text(value)
    if text is None:
        return None
    return _LEADING_ZEROS.sub("", text)


@lru_cache(maxsize=4096)
def normalize_issue(value: str | None) -> str | None:
    """An issue as printed, without padding or the words 第…期 (`IS 02` → `2`)."""
    text = clean_text(value)
    if text is None:
        return None
    text = re.sub(r"^第\s*|\s*期$", "", text)
    return strip_zeros(text)


def normalize_pages(first: str | None, last: str | None = None) -> str | None:
    """A page range `45-46` from one range string or a first and last page."""
    start = _pages_text(first)
    end = _pages_text(last)
    if start and end and end != start and not re.search(r"[-,+]", start):
        return f"{start}-{end}"
    return start or end


@lru_cache(maxsize=4096)
def _pages_text(value: str | None) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[–—~～－]", "-", text).replace("，", ",").replace("＋", "+")
    return strip_zeros(text)


def parse_count(value: str | None) -> int | None:
    """A citation count such as `12`; None when absent or not a whole number."""
    if value is None:
        return None
    match = _INT.match(value)
    return int(match.group(1)) if match else None


def abstract_markers(value: str | None) -> tuple[str, bool]:
    """Apply CNKI's markers: `(#br)` is a paragraph break; a leading `<正>` marks a lead excerpt."""
    if not value:
        return "", False
    text = _BREAK.sub("\n", value) if "#" in value else value
    lead = _LEAD.match(text)
    if lead:
        text = text[lead.end() :]
    return clean_text(text) or "", lead is not None


# Type words, most specific first: "Newspaper Article" must not read as a journal article.
_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("thesis", ("thesis", "dissertation", "学位", "硕士", "博士", "毕业论文")),
    ("conference", ("conference", "proceeding", "symposium", "会议")),
    ("newspaper", ("newspaper", "报纸")),
    ("patent", ("patent", "专利")),
    ("standard", ("standard", "标准")),
    ("book", ("book", "图书", "专著", "年鉴", "yearbook", "chapter")),
    ("other", ("other", "generic", "unknown", "科技成果", "report", "报告")),
    ("journal", ("journal", "期刊", "杂志", "magazine", "article", "review", "letter")),
)
# Short type codes: RIS `TY`, GB/T 7714 letters ([J] journal, [D] thesis …), and the like.
_TYPE_CODES = {
    "j": "journal",
    "jour": "journal",
    "ejour": "journal",
    "jfull": "journal",
    "mgzn": "journal",
    "d": "thesis",
    "thes": "thesis",
    "c": "conference",
    "conf": "conference",
    "cpaper": "conference",
    "n": "newspaper",
    "news": "newspaper",
    "m": "book",
    "book": "book",
    "ebook": "book",
    "edbook": "book",
    "chap": "book",
    "echap": "book",
    "s": "standard",
    "stand": "standard",
    "p": "patent",
    "pat": "patent",
    "gen": "other",
    "rprt": "other",
    "elec": "other",
}


def doc_type_of(*values: str | None) -> str | None:
    """Map type fields (`Journal Article`, `硕士`, `JOUR`, …) to DOC_TYPES, first match wins.

    Returns "other" when type fields are given but none is recognised, and None when there
    are none at all (then `finish` decides from the other fields).
    """
    given = False
    for value in values:
        if not value or not value.strip():
            continue
        given = True
        found = _doc_type(value)
        if found is not None:
            return found
    return "other" if given else None


@lru_cache(maxsize=1024)
def _doc_type(value: str) -> str | None:
    text = value.strip().lower()
    if text in DOC_TYPES:
        return text
    if text in _TYPE_CODES:
        return _TYPE_CODES[text]
    for name, words in _TYPE_WORDS:
        if any(word in text for word in words):
            return name
    return None


def finish(
    draft: Draft, *, file: str, stem: str, fmt: str, position: int, line: int
) -> tuple[Record | None, list[Problem]]:
    """Clean a Draft into a Record; a record with neither title nor abstract is a Problem."""
    problems: list[Problem] = []
    title = clean_text(draft.title)
    if title is not None:
        title = title.replace("\n", " ")
    abstract, lead = abstract_markers(draft.abstract)
    if title is None and not abstract:
        return None, [
            Problem(
                file=file,
                line=line,
                message=f"record {position} has no title and no abstract; skipped",
            )
        ]
    year = parse_year(draft.year)
    if year is None and clean_text(draft.year):
        problems.append(
            Problem(
                file=file,
                line=line,
                skipped=False,
                message=f"record {position}: year {draft.year!r} is not a year; left empty",
            )
        )
    citations = Citations(
        total=_count(draft.cited, "citation count", problems, file, line, position),
        self_=_count(draft.cited_self, "self-citation count", problems, file, line, position),
        other=_count(draft.cited_other, "other-citation count", problems, file, line, position),
    )
    journal = clean_text(draft.journal)
    doc_type = draft.doc_type or ("journal" if journal else "other")
    record = Record(
        id=f"{stem}:{position}",
        title=title,
        authors=tuple(split_authors(draft.authors)),
        journal=journal.replace("\n", " ") if journal else None,
        year=year,
        volume=strip_zeros(draft.volume),
        issue=normalize_issue(draft.issue),
        pages=normalize_pages(draft.pages),
        keywords=tuple(split_list(draft.keywords)),
        abstract=abstract,
        truncated=draft.truncated or lead,
        citations=citations,
        doc_type=doc_type,
        source=Source(file=file, format=fmt, line=line),
    )
    return record, problems


def _count(
    value: str | None, what: str, problems: list[Problem], file: str, line: int, position: int
) -> int | None:
    if value is None:
        return None
    count = parse_count(value)
    if count is None and clean_text(value):
        problems.append(
            Problem(
                file=file,
                line=line,
                skipped=False,
                message=f"record {position}: {what} {value!r} is not a whole number; left empty",
            )
        )
    return count


def parse_tagged(
    split: Split,
    to_draft: Callable[[RawRecord], Draft],
    *,
    file: str,
    stem: str,
    fmt: str,
    end: str | None = None,
    what: str = "not a tagged field",
) -> ParsedFile:
    """Turn split records into Records via the reader's `to_draft`; report what is malformed."""
    records: list[Record] = []
    problems = stray_problem(file, split.stray, what=what)
    for raw in split.records:
        if not raw.terminated:
            problems.append(
                Problem(
                    file=file,
                    line=raw.line,
                    message=f"record {raw.position} is not terminated by {end!r} "
                    "(file cut short or record damaged); skipped",
                )
            )
            continue
        record, found = finish(
            to_draft(raw), file=file, stem=stem, fmt=fmt, position=raw.position, line=raw.line
        )
        problems.extend(found)
        if record is not None:
            records.append(record)
    return ParsedFile(records=tuple(records), problems=tuple(problems))


def first_lines(text: str, count: int) -> list[str]:
    """The first `count` non-blank lines, for sniffing."""
    out: list[str] = []
    for line in text[:20000].split("\n"):
        if line.strip():
            out.append(line)
            if len(out) == count:
                break
    return out


# --------------------------------------------------------------------------- named columns

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
