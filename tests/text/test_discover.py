"""Phrase discovery (kamlit.text.discover): terms of a corpus without keywords, from its text."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

import pytest

from kamlit.corpus import read_records
from kamlit.settings import SegmentSettings, Settings
from kamlit.text import segment_records
from kamlit.text.discover import discover_phrases, discovery_applies
from kamlit.text.vocabulary import Vocabulary, phrases_text, read_phrase_file
from kamlit.types import Record, Source

FIELDS = Path(__file__).resolve().parents[1] / "fixtures" / "fields"
# Words a small test dictionary knows; the phrase under test (量子纠缠态) is not one of them.
KNOWN = {"量子", "纠缠", "通信", "研究", "实验", "方法", "本文", "系统", "安全", "我们"}
EDGES = {"的", "本文", "研究", "通过", "在", "与"}

# Other text around the phrase, as an abstract has (cohesion is measured against it).
FILLER = [
    "城市交通拥堵日益严重，公共出行比例有待提高。",
    "农业生产受气候变化影响，粮食产量波动明显。",
    "医疗资源分布不均，基层服务能力亟需加强。",
    "教育公平问题受到社会广泛关注和讨论。",
    "企业融资渠道单一，中小企业发展面临困境。",
    "生态环境保护需要政府与公众共同参与。",
]
SENTENCES = [
    s + f
    for s, f in zip(
        [
            "本文通过实验研究量子纠缠态的制备。",
            "量子纠缠态在通信系统中具有重要作用。",
            "我们提出一种基于量子纠缠态的安全方法。",
            "利用量子纠缠态，本文通过理论推导给出界限。",
            "远距离量子纠缠态分发是难点。",
            "实验表明量子纠缠态可以稳定保持。",
        ],
        FILLER,
        strict=True,
    )
]


def _record(i: int, abstract: str, keywords: tuple[str, ...] = ()) -> Record:
    return Record(id=f"r{i}", abstract=abstract, source=Source("t.txt", "jsonl"), keywords=keywords)


def test_a_cohesive_free_phrase_is_found_and_clauses_are_not() -> None:
    found = discover_phrases(SENTENCES, is_word=KNOWN.__contains__, edge_word=EDGES.__contains__)
    texts = [p.text for p in found]
    assert "量子纠缠态" in texts
    assert not any(t.startswith("本文") or "的" in t for t in texts)  # 本文通过, 的制备
    phrase = next(p for p in found if p.text == "量子纠缠态")
    assert phrase.docs == 6 and phrase.count == 6 and phrase.entropy >= 0.5
    # Deterministic, whatever the order of the texts.
    assert (
        discover_phrases(SENTENCES[::-1], is_word=KNOWN.__contains__, edge_word=EDGES.__contains__)
        == found
    )


def test_a_phrase_in_too_few_records_is_not_found() -> None:
    found = discover_phrases(
        SENTENCES[:2], is_word=KNOWN.__contains__, edge_word=EDGES.__contains__
    )
    assert found == ()


def test_auto_runs_discovery_only_without_keywords_and_with_enough_records() -> None:
    assert discovery_applies("auto", 100, 0)
    assert discovery_applies("auto", 50, 0)
    assert not discovery_applies("auto", 100, 1)  # the keywords are the vocabulary
    assert not discovery_applies("auto", 49, 0)  # too few records to count (the seed has 20)
    assert discovery_applies("on", 1, 1) and not discovery_applies("off", 100, 0)


def test_discovered_phrases_join_the_dictionary_and_are_reported(tmp_path: Path) -> None:
    abstracts = SENTENCES * 4
    records = [_record(i, a) for i, a in enumerate(abstracts)]
    settings = SegmentSettings(discover="on")
    corpus = segment_records(records, settings=settings, cache_dir=tmp_path)
    assert corpus.vocabulary is not None
    assert "量子纠缠态" in {p.text for p in corpus.vocabulary.discovered}
    assert corpus.vocabulary.origin("量子纠缠态") == "discovered"
    # Never cut apart; whole in every record but those where a longer phrase holds it.
    assert all(any("量子纠缠态" in t for t in d.tokens) for d in corpus.documents)
    assert sum("量子纠缠态" in d.tokens for d in corpus.documents) >= 20
    again = segment_records(records, settings=settings, cache_dir=tmp_path)
    assert again.vocabulary == corpus.vocabulary and again.documents == corpus.documents
    off = segment_records(records, settings=SegmentSettings(discover="off"), cache_dir=tmp_path)
    assert off.vocabulary is not None and off.vocabulary.discovered == ()
    assert off.lexicon.fingerprint != corpus.lexicon.fingerprint  # part of the cache key
    # The file a run writes reads back as a phrase file.
    path = tmp_path / "phrases.txt"
    path.write_text(phrases_text(corpus.vocabulary), encoding="utf-8")
    assert read_phrase_file(path) == tuple(sorted(p.text for p in corpus.vocabulary.discovered))


def test_phrases_text_lists_the_most_widespread_first() -> None:
    from kamlit.text.discover import Phrase

    vocabulary = Vocabulary(
        keywords=(), discovered=(Phrase("乙乙乙", 9, 3, 4.0, 1.0), Phrase("甲甲甲", 5, 5, 4.0, 1.0))
    )
    rows = [line for line in phrases_text(vocabulary).splitlines() if not line.startswith("#")]
    assert [r.split("\t")[0] for r in rows] == ["甲甲甲", "乙乙乙"]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["art", "deeplearning", "linguistics", "management", "vr"])
def test_with_keywords_hidden_half_of_the_frequent_keywords_come_out_whole(
    name: str, tmp_path: Path
) -> None:
    """Issue 12: of the keywords in >= 3 abstracts, discovery (or the dictionary it leaves
    alone) keeps at least half whole in >= 80 % of the abstracts holding them."""
    records = read_records([FIELDS / f"{name}.txt"], Settings()).records
    hidden = [dataclasses.replace(r, keywords=()) for r in records]
    corpus = segment_records(hidden, settings=SegmentSettings(discover="on"), cache_dir=tmp_path)
    keywords = {_norm(k) for r in records for k in r.keywords}
    texts = [_norm(r.abstract) for r in records]
    eligible = [k for k in keywords if sum(k in t for t in texts) >= 3]
    kept = 0
    for k in eligible:
        having = [d for d, t in zip(corpus.documents, texts, strict=True) if k in t]
        whole = sum(corpus.lexicon.canonical(k) in d.tokens for d in having)
        kept += whole >= 0.8 * len(having)
    assert eligible and kept >= 0.5 * len(eligible), (kept, len(eligible))
    assert not any(re.match(r"^(本文|的|研究表明)", p.text) for p in corpus.vocabulary.discovered)  # type: ignore[union-attr]


def test_a_large_corpus_is_read_through_an_order_free_sample() -> None:
    from kamlit.text.discover import _sample

    texts = [f"第{i}条文本内容" * 3 for i in range(200)]
    sample = _sample(texts, 1_000)
    assert 0 < sum(map(len, sample)) <= 1_000 and len(sample) < len(texts)
    assert sorted(_sample(texts[::-1], 1_000)) == sorted(sample)
    assert _sample(texts, 10**6) == texts


def test_a_phrase_does_not_begin_with_the_tail_of_a_word_or_end_with_an_adverb() -> None:
    from kamlit.text.discover import _inside_word, _is_term

    known = {"求解", "算法", "归纳法", "精度", "普遍", "检测", "主观", "韩国", "学生", "的确"}
    tags = {"普遍": "ad"}
    is_word, edge = known.__contains__, set().__contains__
    # 法求解 mostly follows 算 or 归纳 (算法, 归纳法): the tail of a word, by the evidence.
    assert _inside_word("法求解", ["用算", "归纳", "采用"], is_word)
    assert not _inside_word("法求解", ["用算", "采用", "通过"], is_word)
    assert _inside_word("国学生", ["韩", "在韩", "美"], lambda w: w in known | {"美国"})
    assert not _inside_word("确定性", ["的", "的", "的"], is_word)  # 的确 begins with 的
    # The same test at the end, on the reversed phrase and context.
    assert _inside_word("学生"[::-1], ["们"[::-1]] * 2, lambda w: w[::-1] == "生们")
    assert not _is_term("精度普遍", is_word, edge, lambda w: tags.get(w, ""))
    assert _is_term("检测精度", is_word, edge, lambda w: tags.get(w, ""))
    assert _is_term("主观化", is_word, edge, lambda w: tags.get(w, ""))


def test_clauses_of_academic_prose_are_not_terms() -> None:
    from kamlit.text.discover import _is_term

    known = {
        "准确率",
        "达到",
        "采用",
        "横向",
        "研究",
        "设计",
        "模型",
        "进行",
        "归纳",
        "艺术",
        "终结",
        "论",
        "参数",
        "量减少",
        "沉浸",
        "感",
        "式",
    }
    tags = {"论": "zg", "式": "k", "感": "v", "进行": "v"}
    is_word, edge = known.__contains__, {"的", "在"}.__contains__

    def tag(word: str) -> str:
        return tags.get(word, "")

    clauses = ("准确率达到", "采用横向研究设计", "模型进行", "归纳出", "模型参数量减少", "研究综述")
    for clause in clauses:
        assert not _is_term(clause, is_word, edge, tag), clause
    # A single last character may be a suffix jieba tags as a function word (论 zg, 式 k).
    edges_with_suffix_tags = {"论", "式", "的"}.__contains__
    for term in ("艺术终结论", "沉浸式", "沉浸感"):
        assert _is_term(term, is_word, edges_with_suffix_tags, tag), term


def test_discovered_lists_hold_no_clause_on_the_field_corpora(tmp_path: Path) -> None:
    """Precision: on every field corpus, no discovered phrase begins or ends with a clause
    verb, a complement or boilerplate (准确率达到, 结果表明, 进行了)."""
    from kamlit.text import _discover, lexicon_for
    from kamlit.text.discover import CLAUSE_VERBS, COMPLEMENTS

    found = []
    for path in sorted(FIELDS.glob("*.txt")):
        records = read_records([path], Settings()).records
        phrases = _discover(records, lexicon_for(SegmentSettings()), tmp_path, use_cache=False)
        found += [p.text for p in phrases]
    assert len(found) >= 100
    for text in found:
        assert not any(text.startswith(v) or text.endswith(v) for v in CLAUSE_VERBS), text
        assert text[-1] not in COMPLEMENTS, text
        assert not re.match(r"^(本文|结果表明|研究表明|进行)", text), text


@pytest.mark.slow
def test_a_run_writes_phrases_and_report_renders_them_again(tmp_path: Path) -> None:
    """`kamlit run` writes phrases.txt (and the phrases.json it comes from) when discovery
    ran; `kamlit report` renders phrases.txt again byte for byte."""
    from kamlit.pipeline import render_report, run_pipeline
    from kamlit.settings import CacheSettings

    settings = Settings(
        segment=SegmentSettings(discover="on"), cache=CacheSettings(dir=str(tmp_path / "c"))
    )
    out = tmp_path / "out"
    run_pipeline([FIELDS / "vr.txt"], settings=settings, out_dir=out)
    written = (out / "phrases.txt").read_bytes()
    assert len(read_phrase_file(out / "phrases.txt")) > 5
    (out / "phrases.txt").unlink()
    render_report(out)
    assert (out / "phrases.txt").read_bytes() == written
