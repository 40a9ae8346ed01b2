"""The corpus's own vocabulary: author keywords and the phrase file join the dictionary."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kamlit.settings import SegmentSettings
from kamlit.text import lexicon_for, segment_records, segmentation_key
from kamlit.text.vocabulary import (
    Synonym,
    corpus_vocabulary,
    keyword_vocabulary,
    read_phrase_file,
)
from kamlit.types import Record, Source

# Concepts of other fields that jieba's dictionary cuts apart (增强/现实, 深度/学习 …).
_TEXT = (
    "本研究将增强现实与深度学习用于交互设计，考察用户体验与认知负荷。"
    "结果表明，卷积神经网络提高了元宇宙场景的识别精度。"
)
_KEYWORDS = ("增强现实", "深度学习", "交互设计", "用户体验", "认知负荷", "卷积神经网络", "元宇宙")


def _record(i: int, keywords: tuple[str, ...] = _KEYWORDS, text: str = _TEXT) -> Record:
    return Record(
        id=f"v:{i}",
        abstract=text,
        keywords=keywords,
        source=Source(file="v.txt", format="test", line=i),
    )


def test_without_keywords_the_general_dictionary_cuts_these_concepts_apart() -> None:
    (doc,) = segment_records([_record(1, keywords=())], use_cache=False).documents
    assert not set(_KEYWORDS) <= set(doc.tokens)


def test_author_keywords_come_out_whole_and_are_concepts() -> None:
    corpus = segment_records([_record(1)], use_cache=False)
    (doc,) = corpus.documents
    for keyword in _KEYWORDS:
        assert keyword in doc.tokens, keyword
        assert keyword in doc.concepts, keyword
    assert corpus.vocabulary is not None
    assert set(_KEYWORDS) <= set(corpus.vocabulary.keywords)


def test_one_records_keywords_keep_the_concept_whole_in_every_record() -> None:
    # The second record has no keywords; the first one's still hold for the corpus.
    corpus = segment_records([_record(1), _record(2, keywords=())], use_cache=False)
    assert "增强现实" in corpus.documents[1].tokens


def test_keywords_can_be_turned_off() -> None:
    settings = SegmentSettings(keywords=False)
    corpus = segment_records([_record(1)], settings=settings, use_cache=False)
    assert "增强现实" not in corpus.documents[0].tokens


def test_the_keywords_are_part_of_the_cache_key(tmp_path: Path) -> None:
    settings = SegmentSettings()
    one = lexicon_for(settings, corpus_vocabulary([_record(1)]))
    other = lexicon_for(settings, corpus_vocabulary([_record(1, keywords=("增强现实",))]))
    base = lexicon_for(settings)
    keys = {
        segmentation_key([_TEXT], lexicon=lex, settings=settings, engine="rjieba")
        for lex in (one, other, base)
    }
    assert len(keys) == 3
    # A cached corpus comes back with the same tokens.
    first = segment_records([_record(1)], cache_dir=tmp_path)
    second = segment_records([_record(1)], cache_dir=tmp_path)
    assert first.documents == second.documents
    assert second.vocabulary == first.vocabulary


def test_keyword_vocabulary_is_normalised_and_skips_numbers_and_long_lists() -> None:
    record = _record(1, keywords=("ＶＲ", "2019", "x", "一" * 17, "增强现实", "增强现实"))
    assert keyword_vocabulary([record]) == ("vr", "增强现实")


def test_phrase_file_is_read_and_joins_the_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "phrases.txt"
    path.write_text("# reviewed\n交互设计\t12\t3.1\n\n认知负荷  # kept\n", encoding="utf-8")
    assert read_phrase_file(path) == ("交互设计", "认知负荷")
    assert read_phrase_file(tmp_path / "missing.txt") == ()
    settings = SegmentSettings(keywords=False, phrases=str(path))
    (doc,) = segment_records([_record(1)], settings=settings, use_cache=False).documents
    assert "交互设计" in doc.tokens and "认知负荷" in doc.tokens


def test_a_concept_of_the_seed_stays_whole_next_to_keywords() -> None:
    text = "中国电信应建立大客户经理制，加强客户关系管理。"
    corpus = segment_records([_record(1, keywords=("客户关系", "经理制"), text=text)])
    assert {"大客户经理制", "客户关系管理"} <= set(corpus.documents[0].tokens)


def test_a_keyword_jieba_holds_with_a_tiny_frequency_beats_its_neighbours_compound() -> None:
    # jieba's dictionary has 学习效果 and 实验教学 with a frequency of 3, and 效果显著 and
    # 教学模式 too: a keyword must get the strength of its pieces (学习, 实验), not those 3.
    text = "结果表明，实验组的学习效果显著优于对照组。本文构建了实验教学模式。"
    records = [_record(1, keywords=("学习效果", "实验教学"), text=text)]
    (doc,) = segment_records(records, use_cache=False).documents
    assert "学习效果" in doc.tokens
    assert "实验教学" in doc.tokens
    (plain,) = segment_records([_record(2, keywords=(), text=text)], use_cache=False).documents
    assert "学习效果" not in plain.tokens  # without the keywords jieba cuts 学习/效果显著


def test_texts_containing_finds_every_word_nested_or_overlapping_in_one_pass() -> None:
    import random

    from kamlit.text.vocabulary import texts_containing

    words = ["增强现实", "移动增强现实", "现实", "学科建设", "艺术学科", "ar", "a.b", "实"]
    texts = ["移动增强现实将虚拟信息叠加", "艺术学科建设", "a.b 与 ar", "", "axb"]
    found = texts_containing(words, texts)
    assert found == {w: [i for i, t in enumerate(texts) if w in t] for w in words}
    assert found["增强现实"] == [0] and found["学科建设"] == [1] and found["a.b"] == [2]
    rng = random.Random(3)
    chars = "增强现实移动学习效果ab"
    for _ in range(200):
        words = ["".join(rng.choices(chars, k=rng.randint(1, 5))) for _ in range(20)]
        texts = ["".join(rng.choices(chars, k=rng.randint(0, 30))) for _ in range(8)]
        expected = {w: [i for i, t in enumerate(texts) if w in t] for w in words}
        assert texts_containing(words, texts) == expected


# ---- synonyms across records


def _texts(*texts: str, keywords: tuple[str, ...] = ("虚拟现实", "增强现实")) -> list[Record]:
    return [_record(i, keywords=keywords, text=t) for i, t in enumerate(texts, start=1)]


def test_an_abbreviation_given_beside_a_term_in_two_records_maps_to_it_everywhere() -> None:
    records = _texts(
        "本文将虚拟现实（VR）用于课堂教学。",
        "基于虚拟现实(VR)的实验表明，学生更加投入。",
        "VR设备的价格逐年下降。",
    )
    corpus = segment_records(records, use_cache=False)
    assert corpus.vocabulary is not None
    assert corpus.vocabulary.synonym_map == {"vr": "虚拟现实"}
    assert corpus.lexicon.canonical("vr") == "虚拟现实"
    assert "虚拟现实" in corpus.documents[2].tokens and "vr" not in corpus.documents[2].tokens


def test_an_english_name_maps_too_and_one_record_is_not_enough() -> None:
    records = _texts(
        "增强现实(Augmented Reality, AR)将虚拟信息叠加于真实场景。",
        "移动增强现实（augmented reality）导览提升了体验。",
        "Augmented reality improves engagement. 虚拟现实（VR）也被采用。",
    )
    corpus = segment_records(records, use_cache=False)
    assert corpus.vocabulary is not None
    # 移动增强现实 ends with the keyword 增强现实: the same term. AR and VR: one record each.
    assert corpus.vocabulary.synonym_map == {"augmented reality": "增强现实"}
    assert "增强现实" in corpus.documents[2].tokens
    assert "augmented" not in corpus.documents[2].tokens


def test_an_abbreviation_beside_two_terms_is_ambiguous_and_reported_not_mapped() -> None:
    from kamlit.corpus import prepare
    from kamlit.terms import vocabulary_report

    records = _texts(
        "增强现实（AR）技术。增强现实（AR）应用。",
        "增强现实（AR）的导览。",
        "辅助生殖（AR）技术的伦理。",
        "辅助生殖（AR）的费用。",
        keywords=("增强现实", "辅助生殖", "虚拟现实"),
    ) + _texts("虚拟现实（VR）的课堂。", "虚拟现实（VR）的实验。")
    corpus = segment_records(records, use_cache=False)
    assert corpus.vocabulary is not None
    assert corpus.vocabulary.synonym_map == {"vr": "虚拟现实"}
    (ar,) = [s for s in corpus.vocabulary.synonyms if s.variant == "ar"]
    assert ar.terms == ("增强现实", "辅助生殖") and not ar.mapped
    report = {w.word: w for w in vocabulary_report(prepare(records=records, use_cache=False))}
    assert report["ar"].origin == "ambiguous" and report["ar"].maps_to == ("增强现实", "辅助生殖")
    assert report["vr"].origin == "synonym" and report["vr"].maps_to == ("虚拟现实",)
    assert (report["vr"].abstracts, report["vr"].whole) == (2, 2)


def test_common_english_words_numbers_and_unknown_terms_are_never_mapped() -> None:
    records = _texts(
        "信息技术（IT）改变了教学。结果显著（p<0.05）。艺术疗法（ART）有效。",
        "信息技术（IT）的普及。相关（r=0.92）。艺术疗法（ART）的应用。元宇宙（Metaverse）。",
        "The art of teaching. 元宇宙（Metaverse）。系统可用性量表（SUS）。系统可用性量表（SUS）。",
        keywords=("信息技术", "艺术疗法", "元宇宙"),
    )
    corpus = segment_records(records, use_cache=False)
    assert corpus.vocabulary is not None
    # IT: an English function word; ART: "art" is a lower-case word of the corpus; Metaverse:
    # one English word; SUS: no known term ends the characters before it.
    assert corpus.vocabulary.synonyms == ()


def test_the_corpus_synonyms_are_part_of_the_cache_key() -> None:
    settings = SegmentSettings()
    plain = corpus_vocabulary([_record(1)])
    with_vr = dataclasses.replace(plain, synonyms=(Synonym("vr", ("虚拟现实",), 2),))
    one = lexicon_for(settings, plain)
    other = lexicon_for(settings, with_vr)
    assert one.fingerprint != other.fingerprint
    assert other.canonical("vr") == "虚拟现实" and one.canonical("vr") == "vr"


def test_a_keyword_that_names_its_abbreviation_adds_its_term() -> None:
    record = _record(1, keywords=("虚拟现实(VR)", "增强现实/AR", "交互设计"))
    assert keyword_vocabulary([record]) == ("交互设计", "增强现实", "虚拟现实")
