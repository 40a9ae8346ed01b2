"""The segmenter: own jieba state, domain words kept whole, stopwords, concepts by tag."""

from __future__ import annotations

import pytest

from kamlit.errors import UsageError
from kamlit.text import Lexicon
from kamlit.text.engine import resolve_engine
from kamlit.text.lexicon import is_block
from kamlit.text.segmenter import Segmenter


def _cut(segmenter: Segmenter, text: str) -> list[str]:
    return [t for t in segmenter.cut(segmenter.prepare(text)) if not t.isspace()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A compound of the dictionary never takes the tail of a head word …
        ("邮政大客户识别", ["邮政", "大客户", "识别"]),
        ("大客户价值", ["大客户", "价值"]),
        ("大客户服务体系", ["大客户", "服务体系"]),
        # … unless a longer entry starts with the head,
        ("大客户关系管理", ["大客户关系管理"]),
        ("大客户经理制", ["大客户经理制"]),
        # and where the characters before it make a word with its start, jieba decides.
        ("扩大客户群", ["扩大", "客户群"]),
        ("加大客户维系力度", ["加大", "客户维系", "力度"]),
        # Phrase variants are replaced before cutting, Latin edges only as whole words.
        ("根据帕累托的20/80原理", ["根据", "帕", "累", "托", "的", "二八法则"]),
        ("ＫＥＹ　ＡＣＣＯＵＮＴ管理", ["大客户", "管理"]),
        ("180/200的比例", ["180", "/", "200", "的", "比例"]),
        # Latin words of the dictionary do not split longer Latin runs.
        ("systems和CRM系统", ["systems", "和", "crm", "系统"]),
    ],
)
def test_cuts(rjieba_segmenter: Segmenter, text: str, expected: list[str]) -> None:
    assert _cut(rjieba_segmenter, text) == expected


def test_every_domain_entry_is_cut_whole_on_its_own(
    rjieba_segmenter: Segmenter, lexicon: Lexicon
) -> None:
    split = [e.word for e in lexicon.entries if rjieba_segmenter.cut(e.word) != [e.word]]
    assert split == []


def test_cut_reproduces_its_input(rjieba_segmenter: Segmenter) -> None:
    text = "大客户，也被称作关键客户（key account）。\n 3.5%的20/80"
    assert "".join(rjieba_segmenter.cut(text)) == text


def test_analyze_drops_stopwords_function_words_numbers_and_maps_synonyms(
    rjieba_segmenter: Segmenter,
) -> None:
    tokens, concepts = rjieba_segmenter.analyze(
        "目前我们进行了20%的关键客户（KEY ACCOUNT）识别，两种方法都很有效。"
    )
    assert tokens == ("大客户", "大客户", "识别")
    assert concepts == ("大客户", "大客户")


def test_concepts_are_domain_terms_nouns_and_noun_verbs(rjieba_segmenter: Segmenter) -> None:
    tokens, concepts = rjieba_segmenter.analyze("邮政企业必须提升服务质量，留住忠诚客户和利润")
    assert "留住" in tokens and "留住" not in concepts  # a verb is a token, not a concept
    assert {"邮政", "服务质量", "忠诚客户", "利润"} <= set(concepts)


def test_keeps_and_tags(rjieba_segmenter: Segmenter) -> None:
    assert rjieba_segmenter.keeps("大客户")
    assert rjieba_segmenter.keeps("3g")  # a domain term though number-like
    assert not rjieba_segmenter.keeps("5%")
    assert not rjieba_segmenter.keeps("企业")
    assert not rjieba_segmenter.keeps("之间")  # locative
    assert not rjieba_segmenter.keeps("十九")  # numeral
    assert rjieba_segmenter.tag("大客户") == "n"
    assert rjieba_segmenter.tag("crm") == "nz"
    assert rjieba_segmenter.tag("okr") == "eng"
    assert rjieba_segmenter.tag("㐀") == "x"


def test_head_words_carry_their_frequency_and_compounds_the_suggested_one(
    rjieba_segmenter: Segmenter, lexicon: Lexicon
) -> None:
    freq = rjieba_segmenter.frequencies
    assert freq["客户"] == 20000 and freq["大客户"] == 3000
    # jieba's suggest_freq: the least frequency that keeps the word whole, >= the old one.
    assert freq["全球通"] == 233  # jieba's own 232, plus one
    assert freq["客户识别"] < freq["大客户"]
    assert "crm" not in freq  # Latin words are left to jieba's run rule
    assert all(is_block(e.word) for e in lexicon.entries)


def test_own_tokenizer_leaves_global_jieba_untouched(jieba_segmenter: Segmenter) -> None:
    import jieba

    initialized = jieba.dt.initialized
    assert jieba_segmenter.cut("大客户经理") == ["大客户经理"]
    assert jieba.dt.initialized == initialized  # the global tokenizer was not even loaded
    assert "大客户经理" not in jieba.dt.FREQ


def test_engines_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_engine("jieba") == "jieba"
    assert resolve_engine("auto") == "rjieba"  # rjieba is installed here
    with pytest.raises(UsageError, match="expected one of"):
        resolve_engine("thulac")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "rjieba" else real(name, *a)
    )
    assert resolve_engine("auto") == "jieba"
    with pytest.raises(UsageError, match="not installed"):
        resolve_engine("rjieba")


def test_segment_texts_of_nothing(rjieba_segmenter: Segmenter) -> None:
    assert rjieba_segmenter.segment_texts([]) == []
    assert rjieba_segmenter.segment_texts(["", "  \n"]) == [(), ()]


def test_lone_surrogates_do_not_break_the_fast_path(
    rjieba_segmenter: Segmenter, jieba_segmenter: Segmenter
) -> None:
    text = "大客户\udc80营销"
    assert rjieba_segmenter.analyze(text) == jieba_segmenter.analyze(text)
    assert rjieba_segmenter.analyze(text)[0] == ("大客户", "营销")
