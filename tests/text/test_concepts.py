"""Concepts beyond nouns: verbs distinctive of the corpus's field join the concepts, academic-
general verbs never do (kamlit.text.concepts)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from kamlit.corpus import from_corpus
from kamlit.graph import build_concept_graph
from kamlit.settings import GraphSettings, SegmentSettings
from kamlit.text import Lexicon, concepts, segment_records, segmentation_key
from kamlit.text.concepts import academic_words, distinctive_verbs, weirdness
from kamlit.text.segmenter import Segmenter
from kamlit.types import Record, Source

# Six abstracts of a virtual-reality study: 交互 and 沉浸 recur (verbs in jieba's dictionary),
# as do the academic verbs 提出, 构建, 分析 and 验证; 翻译 occurs in one abstract only.
VR = (
    "虚拟现实中的手势交互影响用户的沉浸体验。本文提出一种交互方法，并构建了原型系统。",
    "沉浸式环境中，用户通过手柄交互完成任务。实验验证了交互方式对沉浸程度的作用。",
    "本文构建了虚拟展厅，分析了用户的交互行为与沉浸感受。",
    "研究提出了面向博物馆的交互叙事框架，用户在沉浸中理解文物。",
    "我们分析了多通道交互的可用性，并验证了系统的沉浸效果。",
    "虚拟导览系统提供语音翻译，用户可以自由交互。",
)


def _records(texts: tuple[str, ...]) -> list[Record]:
    source = Source(file="vr.txt", format="test", line=1)
    return [Record(id=f"vr:{i}", abstract=t, source=source) for i, t in enumerate(texts)]


def _concepts(texts: tuple[str, ...]) -> set[str]:
    corpus = segment_records(_records(texts), use_cache=False)
    return {c for d in corpus.documents for c in d.concepts}


def test_weirdness_is_a_ratio_of_relative_frequencies() -> None:
    # 10 of 1,000 tokens here; 99 (+1) of 1,000,000 in the reference: 0.01 / 0.0001 = 100.
    assert weirdness(10, 1_000, 99, 1_000_000) == pytest.approx(100.0)
    assert weirdness(10, 0, 99, 1_000_000) == 0.0


def test_a_verb_must_be_distinctive_and_recur() -> None:
    docs = [["交互", "用户"], ["交互", "系统"], ["沉浸", "用户"]]
    found = distinctive_verbs(docs, {"交互", "沉浸"}.__contains__, lambda t: 300, 60_000_000)
    # 交互: 2 of 6 tokens against 301 of 60 M (weirdness ~ 66,000), in 2 records: a concept.
    assert "交互" in found
    assert "沉浸" not in found  # one record only
    assert "用户" not in found  # not a verb candidate


def test_an_everyday_verb_is_not_distinctive() -> None:
    # A large corpus: 1,000 documents of 100 tokens; an everyday verb at 0.1 % of tokens is
    # common in general Chinese too (0.05 %): weirdness 2, not a concept.
    docs = [["喜欢"] + ["词"] * 99 for _ in range(1_000)]
    assert not distinctive_verbs(docs, {"喜欢"}.__contains__, lambda t: 30_000, 60_000_000)
    assert distinctive_verbs(docs, {"喜欢"}.__contains__, lambda t: 300, 60_000_000)


def test_a_verb_of_few_records_in_a_large_corpus_is_not_a_concept() -> None:
    # 1,000 records: a concept of the field occurs in at least 0.5 % of them (5).
    docs = [["术语"] for _ in range(1_000)]
    for k in range(4):
        docs[k] = ["交互"]
    found = distinctive_verbs(docs, {"交互"}.__contains__, lambda t: 300, 60_000_000)
    assert not found
    docs[4] = ["交互"]
    assert distinctive_verbs(docs, {"交互"}.__contains__, lambda t: 300, 60_000_000) == {"交互"}
    assert math.ceil(concepts.MIN_DOCUMENT_SHARE * 1_000) == 5


def test_field_verbs_become_concepts_and_academic_words_do_not() -> None:
    found = _concepts(VR)
    assert {"交互", "沉浸"} <= found
    assert not found & {"提出", "构建", "分析", "验证", "研究"}
    assert "翻译" not in found  # a verb of one record is no concept of the field


def test_concepts_follow_the_tokens_in_order() -> None:
    corpus = segment_records(_records(VR), use_cache=False)
    found = {c for d in corpus.documents for c in d.concepts}
    for document in corpus.documents:
        for sentence in document.sentences:
            assert sentence.concepts == tuple(t for t in sentence.tokens if t in found)


def test_the_graph_has_the_field_verbs_as_nodes() -> None:
    corpus = segment_records(_records(VR), use_cache=False)
    graph = build_concept_graph(from_corpus(corpus), settings=GraphSettings(min_count=1))
    terms = {n.term for n in graph.nodes}
    assert "交互" in terms and "沉浸" in terms
    assert not terms & academic_words()


def test_the_rule_is_the_same_from_the_cache() -> None:
    records = _records(VR)
    folder = Path(os.environ["KAMLIT_CACHE_DIR"])  # the session's, with jieba's table
    first = segment_records(records, cache_dir=folder, use_cache=True)
    again = segment_records(records, cache_dir=folder, use_cache=True)
    fresh = segment_records(records, use_cache=False)
    assert first.documents == again.documents == fresh.documents


def test_the_segmentation_key_follows_the_rule(
    monkeypatch: pytest.MonkeyPatch, lexicon: Lexicon
) -> None:
    def key() -> str:
        return segmentation_key(["交互"], lexicon=lexicon, settings=SegmentSettings(), engine="x")

    before = key()
    monkeypatch.setattr(concepts, "MIN_WEIRDNESS", 10.0)
    assert key() != before


def test_the_academic_list_holds_the_genre_verbs_only(rjieba_segmenter: Segmenter) -> None:
    listed = academic_words()
    assert {"研究", "分析", "提出", "构建", "提升", "探讨", "实现"} <= listed
    # Verbs that name what a field studies are concepts there, so they are never listed.
    assert not listed & {"设计", "翻译", "训练", "交互", "展示", "优化", "学习", "管理", "开发"}
    for word in sorted(listed):
        assert not rjieba_segmenter.is_concept(word), word
        assert not rjieba_segmenter.is_verb_candidate(word), word
