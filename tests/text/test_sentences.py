"""Sentence splitting: terminators, numbers (20/80, 3.5, 1.), ellipses, quotes, line breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kamlit.text.sentences import Span, sentence_bounds, split_clauses, split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\u3000") == []


def test_one_sentence_without_terminator() -> None:
    assert split_sentences("  大客户营销 ") == [Span(2, 7)]


def test_chinese_and_ascii_terminators() -> None:
    text = "大客户是关键。你同意吗？是的!好?第一;第二；完"
    assert _texts(text) == ["大客户是关键。", "你同意吗？", "是的!", "好?", "第一;", "第二；", "完"]


def test_numbers_do_not_end_sentences() -> None:
    text = "根据帕累托的20/80原理,收入增长3.5%。1.邮政大客户的分类2．电信"
    assert _texts(text) == ["根据帕累托的20/80原理,收入增长3.5%。", "1.邮政大客户的分类2．电信"]


def test_latin_dots_and_full_stops() -> None:
    assert _texts("见www.example.com网站. 然后CRM.Next") == [
        "见www.example.com网站.",
        "然后CRM.Next",
    ]


def test_ellipsis_ends_a_truncated_abstract() -> None:
    assert _texts("专业大客户往往要使用…  相似") == ["专业大客户往往要使用…", "相似"]
    assert _texts("增长20...然后") == ["增长20...", "然后"]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert _texts("他说：“好。”随后（完。）") == ["他说：“好。”", "随后（完。）"]


def test_line_breaks_always_end_a_sentence() -> None:
    assert _texts("第一行\n第二行。\n\n）第三") == ["第一行", "第二行。", "）第三"]


def test_sentence_text_is_verbatim() -> None:
    text = "  大客户，也被称作关键客户（KEY ACCOUNT）。 构成了企业的核心资源！"
    for span in split_sentences(text):
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        assert piece


def _reference(text: str) -> list[tuple[int, int]]:
    """The first, character-by-character splitter (line-break-free text)."""
    terminators = "。｡！？；!?;"
    closers = "”’」』）)】》\"'"
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))

    def full_stop(i: int) -> bool:
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isdecimal():
            return False
        return not (before and before in letters and after and after in letters + "0123456789")

    start = i = 0
    while i < len(text):
        char = text[i]
        if char in terminators or char == "…" or (char in ".．" and full_stop(i)):
            j = i + 1
            while j < len(text) and text[j] in terminators + "…．.":
                j += 1
            while j < len(text) and text[j] in closers:
                j += 1
            add(start, j)
            start = i = j
            continue
        i += 1
    add(start, len(text))
    return spans


_PIECES = st.sampled_from([*"ab1 .．。！?;…”）\t35大客户A２\u3000", "20/80", "3.5", "e.g"])


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_regex_splitter_equals_reference(text: str) -> None:
    assert sentence_bounds(text) == _reference(text)


@given(
    st.lists(st.sampled_from([*list("大客户。！? .\n3"), "20/80", "…"]), max_size=30).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_spans_are_ordered_trimmed_and_cover_all_text(text: str) -> None:
    spans = sentence_bounds(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[last:start].isspace() or last == start
        last = end
    assert text[last:].isspace() or last == len(text)


def test_split_clauses_keeps_thousands_separators() -> None:
    text = "收入1,000万元，利润增长：很快、稳定"
    (sentence,) = split_sentences(text)
    assert [text[c.start : c.end] for c in split_clauses(text, sentence)] == [
        "收入1,000万元，",
        "利润增长：",
        "很快、",
        "稳定",
    ]
