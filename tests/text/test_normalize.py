"""Normalisation: NFKC, quotes, case; the fast NFKC equals unicodedata's; offsets map back."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kamlit.text.normalize import fold_for_cut, fold_with_offsets, nfkc, normalize_text

# Text that exercises what NFKC changes in Chinese writing: full-width ASCII, ideographic
# space, ellipses, circled numbers, compatibility ideographs, combining marks, line breaks.
_CHARS = st.one_of(
    st.sampled_from(list("大客户经理营销，。！？；：（）“”‘’「」…　ＡＢＣａｂｃ０１２％／①②Ⅻ㈱ﬁ")),
    st.sampled_from(["e\u0301", "\u0301", "A", "z", "9", " ", "\n", "\t", "\u00a0", "\uf900"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
_TEXT = st.lists(_CHARS, max_size=40).map("".join)


def test_normalize_text_unifies_width_quotes_case_and_spaces() -> None:
    assert (
        normalize_text("  ＫＥＹ　ＡＣＣＯＵＮＴ  “大客户”\n\t80／20 ")
        == 'key account "大客户" 80/20'
    )


def test_normalize_text_of_empty_and_blank() -> None:
    assert normalize_text("") == ""
    assert normalize_text(" \u3000\n") == ""


def test_fold_for_cut_keeps_white_space_and_line_breaks() -> None:
    assert fold_for_cut("“ＣＲＭ”\n系统　Ａ") == "“crm”\n系统 a"


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_fast_nfkc_equals_unicodedata(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_fast_nfkc_bulk_path_equals_unicodedata() -> None:
    # Above the bulk threshold the full-width mapping is vectorised.
    text = ("大客户ＡＢＣ　１２３％…“引号”e\u0301㈱\n" * 3000) + "①"
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_fold_with_offsets_matches_normalize_text_and_maps_back(text: str) -> None:
    folded, starts, ends = fold_with_offsets(text)
    assert len(folded) == len(starts) == len(ends)
    # The same text as normalize_text, up to the final strip (and cross-character
    # compositions, which a per-character mapping cannot see).
    if unicodedata.is_normalized("NFKC", text):
        assert folded.strip() == normalize_text(text)
    for i in range(len(folded)):
        assert 0 <= starts[i] < ends[i] <= len(text)
        if i:
            assert starts[i] >= starts[i - 1]
        if folded[i] != " ":
            assert folded[i] in normalize_text(text[starts[i] : ends[i]]) or folded[i] in "\"'"


def test_fold_with_offsets_on_full_width_text() -> None:
    text = "关键客户（ＫＥＹ　ＡＣＣＯＵＮＴ）"
    folded, starts, ends = fold_with_offsets(text)
    assert folded == "关键客户(key account)"
    i = folded.index("key account")
    j = i + len("key account")
    assert text[starts[i] : ends[j - 1]] == "ＫＥＹ　ＡＣＣＯＵＮＴ"
