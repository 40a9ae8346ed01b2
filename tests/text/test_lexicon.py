"""The shipped lexicon and users' own dictionaries, stopword lists and synonym files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamlit.errors import InputError
from kamlit.text import Lexicon
from kamlit.text.lexicon import JIEBA_TAGS, is_block, load_lexicon


def test_domain_dictionary_is_large_and_tagged(lexicon: Lexicon) -> None:
    shipped = [e for e in lexicon.entries if e.word in _shipped_words()]
    assert len(shipped) >= 150
    assert all(e.tag in JIEBA_TAGS for e in lexicon.entries)
    for word in (
        "大客户",
        "大客户经理",
        "客户关系管理",
        "客户忠诚度",
        "高价值客户",
        "市场细分",
        "一对一服务",
        "二八法则",
        "全球通",
        "中国邮政",
        "商业客户",
        "公众客户",
        "差异化服务",
    ):
        assert word in lexicon.domain_terms, word


def _shipped_words() -> set[str]:
    from importlib import resources

    text = resources.files("kamlit").joinpath("data/lexicon/domain_dict.txt").read_text("utf-8")
    return {line.split()[0] for line in text.splitlines() if line and not line.startswith("#")}


def test_pareto_variants_are_one_concept(lexicon: Lexicon) -> None:
    for variant in ("80/20法则", "20/80原理", "二八理论", "帕累托法则", "８０／２０法则"):
        assert lexicon.canonical(_norm(variant)) == "二八法则", variant


def test_key_account_names_map_to_da_ke_hu(lexicon: Lexicon) -> None:
    for variant in (
        "关键客户",
        "KEY ACCOUNT",
        "key account",
        "Key Accounts",
        "ＫＥＹ　ＡＣＣＯＵＮＴ",
    ):
        assert lexicon.canonical(_norm(variant)) == "大客户", variant
    # Sub-types stay distinct concepts.
    for word in ("重点客户", "重要客户", "战略客户", "集团客户", "vip客户"):
        assert lexicon.canonical(word) == word


def test_variants_lists_the_concept_first(lexicon: Lexicon) -> None:
    variants = lexicon.variants("KEY ACCOUNT")
    assert variants[0] == "大客户"
    assert {"关键客户", "key account"} <= set(variants)
    assert lexicon.variants("没有的词") == ("没有的词",)


def _norm(text: str) -> str:
    from kamlit.text.normalize import normalize_text

    return normalize_text(text)


def test_stopwords_hold_the_standard_list_and_judged_generic_words(lexicon: Lexicon) -> None:
    for word in ("的", "了", "因此", "我们", "企业", "进行", "方面", "目前", "问题", "本文"):
        assert word in lexicon.stopwords, word
    # Concepts of the field are never stopwords, even where a list names them.
    assert not (lexicon.stopwords & lexicon.domain_terms)
    for word in ("客户", "市场", "服务", "营销", "利润", "价值"):
        assert word not in lexicon.stopwords


def test_phrase_variants_get_one_block_stand_ins(lexicon: Lexicon) -> None:
    phrases = dict(lexicon.phrase_variants)
    assert phrases["80/20法则"] == "二八法则"
    assert phrases["key account"] == "大客户"
    assert all(is_block(stand_in) for stand_in in phrases.values())
    # Longest first, so 80/20法则 is tried before 80/20.
    surfaces = [surface for surface, _ in lexicon.phrase_variants]
    assert surfaces.index("80/20法则") < surfaces.index("80/20")


def test_user_files_extend_and_override(tmp_path: Path) -> None:
    user_dict = tmp_path / "dict.txt"
    user_dict.write_text("# mine\n客户画像 nz\n数字化转型 50 vn\nbig data n\n", encoding="utf-8")
    stop = tmp_path / "stop.txt"
    stop.write_text("画像\n客户\n", encoding="utf-8")
    syn = tmp_path / "syn.txt"
    syn.write_text("客户画像 = 用户画像, customer profile\n大客户\tkey client\n", encoding="utf-8")
    lex = load_lexicon(user_dicts=[user_dict], stopwords=[stop], synonyms=[syn])
    entries = {e.word: e for e in lex.entries}
    assert entries["客户画像"].tag == "nz" and entries["客户画像"].freq is None
    assert entries["数字化转型"].freq == 50 and entries["数字化转型"].tag == "vn"
    assert "big data" in lex.domain_terms
    assert lex.canonical("用户画像") == "客户画像"
    assert lex.canonical("key client") == "大客户"
    assert lex.canonical("关键客户") == "大客户"  # the shipped variants are still there
    assert "画像" in lex.stopwords
    assert "客户" not in lex.stopwords  # a concept is never a stopword
    assert lex.fingerprint != load_lexicon().fingerprint


def test_user_synonyms_chain_to_the_final_concept(tmp_path: Path) -> None:
    syn = tmp_path / "syn.txt"
    syn.write_text("重点大客户 = 关键大户\n大客户 = 重点大客户\n", encoding="utf-8")
    lex = load_lexicon(synonyms=[syn])
    assert lex.canonical("关键大户") == "大客户"
    assert lex.canonical("重点大客户") == "大客户"


def test_synonym_cycle_is_an_error(tmp_path: Path) -> None:
    syn = tmp_path / "syn.txt"
    syn.write_text("甲 = 乙\n乙 = 丙\n丙 = 甲\n", encoding="utf-8")
    with pytest.raises(InputError, match="cycle"):
        load_lexicon(synonyms=[syn])


def test_gb18030_user_file_is_read(tmp_path: Path) -> None:
    stop = tmp_path / "stop.txt"
    stop.write_bytes("画像\n".encode("gb18030"))
    assert "画像" in load_lexicon(stopwords=[stop]).stopwords


@pytest.mark.parametrize(
    ("kind", "content", "message"),
    [
        ("user_dicts", "坏词 0 n\n", "positive integer"),
        ("synonyms", "只有一个词\n", "canonical"),
        ("synonyms", "甲 =\n", "at least one variant"),
    ],
)
def test_bad_lines_name_file_and_line(
    tmp_path: Path, kind: str, content: str, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("# comment\n" + content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_lexicon(**{kind: [path]})
    assert info.value.path == str(path)
    assert info.value.line == 2


def test_missing_user_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read") as info:
        load_lexicon(stopwords=[tmp_path / "nope.txt"])
    assert info.value.path == str(tmp_path / "nope.txt")


def test_standard_stopword_list_is_attributed() -> None:
    from importlib import resources

    text = resources.files("kamlit").joinpath("data/lexicon/stopwords.txt").read_text("utf-8")
    assert "Stopwords ISO" in text and "MIT License" in text and "Gene Diaz" in text


def _generic_words() -> set[str]:
    from importlib import resources

    text = resources.files("kamlit").joinpath("data/lexicon/generic.txt").read_text("utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}


def test_no_author_keyword_of_the_field_corpora_is_a_generic_word() -> None:
    from kamlit.corpus import read_records
    from kamlit.settings import Settings

    fields = Path(__file__).resolve().parents[1] / "fixtures" / "fields"
    records = read_records(sorted(fields.glob("*.txt")), Settings()).records
    keywords = {k.lower() for r in records for k in r.keywords}
    assert len(keywords) > 150
    assert not (_generic_words() & keywords)


def test_a_generic_word_never_blocks_a_keyword() -> None:
    from kamlit.text import segment_records
    from kamlit.types import Record, Source

    generic = _generic_words()
    assert {"管理", "理论", "增强", "传统"} <= generic
    text = "本文从理论上讨论增强现实与艺术学理论，以及传统文化的管理。"
    keywords = ("理论", "管理", "增强现实", "艺术学理论", "传统文化")
    record = Record(id="g:1", abstract=text, keywords=keywords, source=Source("g", "test"))
    corpus = segment_records([record], use_cache=False)
    (doc,) = corpus.documents
    for keyword in keywords:
        assert keyword in doc.tokens, keyword
        assert keyword not in corpus.lexicon.stopwords, keyword
    (plain,) = segment_records(
        [Record(id="g:2", abstract=text, source=Source("g", "test"))], use_cache=False
    ).documents
    assert "管理" not in plain.tokens and "理论" not in plain.tokens  # generic without keywords
