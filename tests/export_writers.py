"""Test-side writers (Records → export text, one per format) and Hypothesis strategies.

The strategies generate Records whose values are already in the form the readers produce
(no padding zeros, single spaces, unique list items without separators), so that
"write in a format, parse, compare" must give back the same Records. Writers wrap long
values onto continuation lines at places where the readers' joining rule restores them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from hypothesis import strategies as st

from kamlit.types import Citations, Record, Source

CJK = "大客户营销电信邮政服务管理研究策略分析中国移动联通集团价值关系渠道体系满意度流失预警速递网络"
CJK_PUNCT = "，。：（）"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华"


@dataclass(frozen=True)
class Written:
    """An export's text and the 1-based line on which each record starts."""

    text: str
    lines: list[int]


# --------------------------------------------------------------------------- strategies

_cjk_run = st.text(alphabet=CJK, min_size=1, max_size=12)
_cjk_text_run = st.builds(
    lambda head, tail: head + tail,
    _cjk_run,
    st.text(alphabet=CJK + CJK_PUNCT, max_size=12),
)
_latin_word = st.text(alphabet=LATIN, min_size=1, max_size=8)


@st.composite
def phrase(draw: st.DrawFn, max_tokens: int = 6) -> str:
    """Chinese runs and Latin words; single spaces only, never at either end."""
    tokens = draw(st.lists(st.one_of(_cjk_text_run, _latin_word), min_size=1, max_size=max_tokens))
    out = tokens[0]
    for token in tokens[1:]:
        latin_pair = _is_latin(out[-1]) and _is_latin(token[0])
        out += " " + token if latin_pair or draw(st.booleans()) else token
    return out


def _is_latin(char: str) -> bool:
    return char < "\u2e80" and not char.isspace()


_chinese_name = st.builds(
    lambda s, g: s + g,
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)
_latin_name = st.builds(
    lambda s, i: f"{s.capitalize()}, {i}",
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8),
    st.sampled_from("ABCDEFGHJKLMWXYZ"),
)
_keyword = st.one_of(
    st.text(alphabet=CJK, min_size=2, max_size=6),
    st.builds(lambda a, b: f"{a} {b}", _latin_word, _latin_word),
)
_number = st.integers(min_value=1, max_value=2000).map(str)


@st.composite
def records(
    draw: st.DrawFn,
    *,
    doc_types: Sequence[str],
    citations: bool = False,
    split_citations: bool = False,
) -> list[Record]:
    """1–4 Records a format can express: its doc types, and citations when it has them."""
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        title = draw(st.one_of(st.none(), phrase()))
        paragraphs = draw(st.lists(phrase(max_tokens=10), min_size=0 if title else 1, max_size=3))
        abstract = "\n".join(paragraphs)
        start = draw(st.integers(min_value=1, max_value=900))
        pages = draw(
            st.sampled_from([None, str(start), f"{start}-{start + draw(st.integers(1, 30))}"])
        )
        total = draw(st.one_of(st.none(), st.integers(0, 500))) if citations else None
        self_ = draw(st.one_of(st.none(), st.integers(0, 50))) if split_citations else None
        other = draw(st.one_of(st.none(), st.integers(0, 50))) if split_citations else None
        out.append(
            Record(
                id="placeholder",
                source=Source(file="placeholder", format="placeholder"),
                title=title,
                authors=tuple(
                    draw(st.lists(st.one_of(_chinese_name, _latin_name), max_size=4, unique=True))
                ),
                journal=draw(st.one_of(st.none(), phrase(max_tokens=3))),
                year=draw(st.one_of(st.none(), st.integers(min_value=1900, max_value=2099))),
                volume=draw(st.one_of(st.none(), _number)),
                issue=draw(st.one_of(st.none(), _number, _number.map(lambda n: "S" + n))),
                pages=pages,
                keywords=tuple(draw(st.lists(_keyword, max_size=5, unique=True))),
                abstract=abstract,
                truncated=bool(abstract) and draw(st.booleans()),
                citations=Citations(total=total, self_=self_, other=other),
                doc_type=draw(st.sampled_from(list(doc_types))),
            )
        )
    return out


def expected(records: Sequence[Record], written: Written, *, file: str, fmt: str) -> list[Record]:
    """The Records a reader should give back: ids and sources as it assigns them."""
    stem = file.rsplit(".", 1)[0]
    return [
        replace(r, id=f"{stem}:{i}", source=Source(file=file, format=fmt, line=line))
        for i, (r, line) in enumerate(zip(records, written.lines, strict=True), start=1)
    ]


# --------------------------------------------------------------------------- helpers


def wrap(text: str, *, width: int = 24, at_spaces: bool = False) -> list[str]:
    """Cut a one-line value into lines the readers join back to `text`.

    Breaks go between two Chinese characters (joined with nothing) and, with `at_spaces`,
    at a space between two Latin characters (joined with a space) — the latter only for
    formats whose continuation lines are indented, so they can never look like a tag.
    """
    lines: list[str] = []
    rest = text
    while len(rest) > width:
        cut = None
        for i in range(width, len(rest)):
            if _ideograph(rest[i - 1]) and _ideograph(rest[i]):
                cut = (i, i)
                break
            if (
                at_spaces
                and rest[i] == " "
                and i + 1 < len(rest)
                and _is_latin(rest[i - 1])
                and _is_latin(rest[i + 1])
            ):
                cut = (i, i + 1)
                break
        if cut is None:
            break
        lines.append(rest[: cut[0]])
        rest = rest[cut[1] :]
    lines.append(rest)
    return lines


def _ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def cnki_abstract(record: Record) -> str:
    """The abstract as CNKI writes it: `(#br)` between paragraphs, `<正>` before a lead excerpt."""
    text = record.abstract.replace("\n", "(#br)")
    return ("<正>" + text) if record.truncated else text


class _Lines:
    """Collects output lines and where each record starts."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.starts: list[int] = []

    def start(self) -> None:
        self.starts.append(len(self.lines) + 1)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def field(self, prefix: str, value: str, *, indent: str = "", at_spaces: bool = False) -> None:
        first, *rest = wrap(value, at_spaces=at_spaces)
        self.add(prefix + first)
        for line in rest:
            self.add(indent + line)

    def written(self) -> Written:
        return Written(text="\n".join(self.lines) + "\n", lines=self.starts)


# --------------------------------------------------------------------------- writers

REFWORKS_TYPES = {
    "journal": "Journal Article",
    "thesis": "Dissertation/Thesis",
    "conference": "Conference Proceeding",
    "newspaper": "Newspaper Article",
    "book": "Book, Whole",
    "standard": "Standard",
    "patent": "Patent",
    "other": "Generic",
}


def write_refworks(records: Sequence[Record], *, trailing: bool = True) -> Written:
    """CNKI RefWorks: `;`-joined authors and keywords (with a trailing `;`), `vo` in lower case."""
    out = _Lines()
    end = ";" if trailing else ""
    for r in records:
        out.start()
        out.add(f"RT {REFWORKS_TYPES[r.doc_type]}")
        out.add("SR 1")
        if r.authors:
            out.add("A1 " + ";".join(r.authors) + end)
        if r.title:
            out.field("T1 ", r.title)
        if r.journal:
            out.add(f"JF {r.journal}")
        if r.year is not None:
            out.add(f"YR {r.year}")
        if r.issue:
            out.add(f"IS {r.issue.zfill(2)}")
        if r.volume:
            out.add(f"vo {r.volume}")
        if r.pages:
            out.add(f"OP {r.pages}")
        if r.keywords:
            out.add("K1 " + ";".join(r.keywords) + end)
        if r.abstract:
            out.field("AB ", cnki_abstract(r))
        out.add("DS CNKI")
        out.add("")
    return out.written()


ENDNOTE_TYPES = {
    "journal": "Journal Article",
    "thesis": "Thesis",
    "conference": "Conference Proceedings",
    "newspaper": "Newspaper Article",
    "book": "Book",
    "standard": "Standard",
    "patent": "Patent",
    "other": "Generic",
}


def write_endnote(records: Sequence[Record], *, double: bool = True) -> Written:
    """CNKI EndNote: one `%A` per author, `%K` joined by `;;`, indented continuation lines."""
    out = _Lines()
    for r in records:
        out.start()
        out.add(f"%0 {ENDNOTE_TYPES[r.doc_type]}")
        for author in r.authors:
            out.add(f"%A {author}")
        if r.title:
            out.field("%T ", r.title, indent="   ", at_spaces=True)
        if r.journal:
            out.add(f"%J {r.journal}")
        if r.year is not None:
            out.add(f"%D {r.year}")
        if r.volume:
            out.add(f"%V {r.volume}")
        if r.issue:
            out.add(f"%N {r.issue.zfill(2)}")
        if r.pages:
            out.add(f"%P {r.pages}")
        if r.keywords:
            out.add("%K " + (";;" if double else ";").join(r.keywords))
        if r.abstract:
            out.field("%X ", cnki_abstract(r), indent="   ", at_spaces=True)
        out.add("%W CNKI")
        out.add("")
    return out.written()


def write_noteexpress(records: Sequence[Record], *, repeat: bool = False) -> Written:
    """CNKI NoteExpress: `{Author}` joined by `;` or repeated per author (`repeat`)."""
    out = _Lines()
    for r in records:
        out.start()
        out.add(f"{{Reference Type}}: {ENDNOTE_TYPES[r.doc_type]}")
        if r.title:
            out.field("{Title}: ", r.title)
        if r.authors:
            if repeat:
                for author in r.authors:
                    out.add(f"{{Author}}: {author}")
            else:
                out.add("{Author}: " + ";".join(r.authors) + ";")
        out.add("{Subsidiary Author,}: ")
        if r.journal:
            out.add(f"{{Journal}}: {r.journal}")
        if r.year is not None:
            out.add(f"{{Year}}: {r.year}")
        if r.volume:
            out.add(f"{{Volume}}: {r.volume}")
        if r.issue:
            out.add(f"{{Issue}}: {r.issue.zfill(2)}")
        if r.pages:
            out.add(f"{{Pages}}: {r.pages}")
        if r.keywords:
            if repeat:
                for keyword in r.keywords:
                    out.add(f"{{Keywords}}: {keyword}")
            else:
                out.add("{Keywords}: " + ";".join(r.keywords))
        if r.abstract:
            out.field("{Abstract}: ", cnki_abstract(r))
        out.add("{Database Provider}: CNKI")
        out.add("")
    return out.written()


ESTUDY_DATABASES = {
    "journal": "期刊",
    "thesis": "硕士",
    "conference": "国内会议",
    "newspaper": "报纸",
    "book": "图书",
    "standard": "国家标准",
    "patent": "中国专利",
    "other": "科技成果",
}


def write_estudy(records: Sequence[Record]) -> Written:
    """CNKI E-Study: `English-中文:` labels, `SrcDatabase-来源库` giving the type."""
    out = _Lines()
    for r in records:
        out.start()
        out.add("DataType: 1" if r.doc_type == "journal" else "DataType: 9")
        if r.title:
            out.field("Title-题名: ", r.title)
        if r.authors:
            out.add("Author-作者: " + ";".join(r.authors) + ";")
        if r.journal:
            out.add(f"Source-文献来源: {r.journal}")
        if r.keywords:
            out.add("Keyword-关键词: " + ";".join(r.keywords) + ";")
        if r.abstract:
            out.field("Summary-摘要: ", cnki_abstract(r))
        if r.year is not None:
            out.add(f"PubTime-发表时间: {r.year}-05-01")
            out.add(f"Year-年: {r.year}")
        if r.volume:
            out.add(f"Volume-卷: {r.volume}")
        if r.issue:
            out.add(f"Period-期: {r.issue.zfill(2)}")
        if r.pages:
            out.add(f"Page-页码: {r.pages}")
        out.add(f"SrcDatabase-来源库: {ESTUDY_DATABASES[r.doc_type]}")
        out.add("")
    return out.written()


WOS_TYPES = {
    "journal": ("J", "Article"),
    "conference": ("S", "Proceedings Paper"),
    "book": ("B", "Book"),
    "patent": ("P", "Patent"),
}


def write_wos(records: Sequence[Record]) -> Written:
    """Web of Science tagged: indented continuation lines, one author per line, `ER` after each."""
    out = _Lines()
    out.add("FN Clarivate Analytics Web of Science")
    out.add("VR 1.0")
    for r in records:
        out.start()
        code, kind = WOS_TYPES[r.doc_type]
        out.add(f"PT {code}")
        for i, author in enumerate(r.authors):
            out.add(("AU " if i == 0 else "   ") + author)
        if r.title:
            out.field("TI ", r.title, indent="   ", at_spaces=True)
        if r.journal:
            out.add(f"SO {r.journal}")
        out.add(f"DT {kind}")
        if r.keywords:
            out.add("DE " + "; ".join(r.keywords))
        if r.abstract:
            out.field("AB ", cnki_abstract(r), indent="   ", at_spaces=True)
        if r.citations.total is not None:
            out.add(f"TC {r.citations.total}")
        if r.year is not None:
            out.add(f"PY {r.year}")
        if r.volume:
            out.add(f"VL {r.volume}")
        if r.issue:
            out.add(f"IS {r.issue}")
        if r.pages:
            first, _, last = r.pages.partition("-")
            out.add(f"BP {first}")
            if last:
                out.add(f"EP {last}")
        out.add("ER")
        out.add("")
    out.add("EF")
    return out.written()


RIS_TYPES = {
    "journal": "JOUR",
    "thesis": "THES",
    "conference": "CONF",
    "newspaper": "NEWS",
    "book": "BOOK",
    "standard": "STAND",
    "patent": "PAT",
    "other": "GEN",
}


def write_ris(records: Sequence[Record]) -> Written:
    """RIS: `TY  - ` … `ER  - `, one `AU` and `KW` line each."""
    out = _Lines()
    for r in records:
        out.start()
        out.add(f"TY  - {RIS_TYPES[r.doc_type]}")
        for author in r.authors:
            out.add(f"AU  - {author}")
        if r.title:
            out.field("TI  - ", r.title)
        if r.journal:
            out.add(f"T2  - {r.journal}")
        if r.year is not None:
            out.add(f"PY  - {r.year}///")
        if r.volume:
            out.add(f"VL  - {r.volume}")
        if r.issue:
            out.add(f"IS  - {r.issue}")
        if r.pages:
            first, _, last = r.pages.partition("-")
            out.add(f"SP  - {first}")
            if last:
                out.add(f"EP  - {last}")
        for keyword in r.keywords:
            out.add(f"KW  - {keyword}")
        if r.abstract:
            out.field("AB  - ", cnki_abstract(r))
        out.add("ER  - ")
        out.add("")
    return out.written()


CSV_HEADER = ["题名", "作者", "刊名", "年", "卷", "期", "页码", "关键词", "摘要", "被引", "自引",
              "他引", "文献类型"]  # fmt: skip


def write_csv(records: Sequence[Record]) -> Written:
    """A CSV table with Chinese column names (multi-line abstracts are quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    starts = []
    line = 2
    for r in records:
        starts.append(line)
        c = r.citations
        writer.writerow(
            [
                r.title or "",
                ";".join(r.authors),
                r.journal or "",
                "" if r.year is None else r.year,
                r.volume or "",
                r.issue or "",
                r.pages or "",
                ";".join(r.keywords),
                ("<正>" if r.truncated else "") + r.abstract,
                *("" if n is None else n for n in (c.total, c.self_, c.other)),
                r.doc_type,
            ]
        )
        line += 1 + r.abstract.count("\n")
    return Written(text=buffer.getvalue(), lines=starts)


def write_jsonl(records: Sequence[Record]) -> Written:
    """JSON Lines of the Record schema."""
    text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)
    return Written(text=text, lines=list(range(1, len(records) + 1)))


Writer = Callable[[Sequence[Record]], Written]
