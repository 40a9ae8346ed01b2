"""segment_records on the default corpus: domain terms whole, clean top tokens, the cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kamlit.cache import CacheWarning
from kamlit.settings import SegmentSettings
from kamlit.text import Corpus, Lexicon, segment_records
from kamlit.text.cache import cache_folder
from kamlit.text.segmenter import Segmenter
from kamlit.types import Record, Source

SRC = Path(__file__).resolve().parents[2] / "src"
MUST_STAY_WHOLE = (
    "大客户",
    "大客户经理",
    "客户关系管理",
    "高价值客户",
    "全球通",
    "中国邮政",
    "市场细分",
)
# Function words and generic words judged to carry no concept (see generic.txt): none of them
# may be among the most frequent tokens.
_JUDGED = (
    "的 了 在 是 和 与 及 或 对 为 等 中 也 而 并 将 被 把 从 以 由 其 这 那 之 所 于 着 过 就 "
    "都 而且 并且 以及 或者 但是 因此 所以 因为 由于 如果 虽然 通过 根据 对于 关于 作为 按照 "
    "为了 随着 我们 他们 自己 这些 那些 这个 这种 一个 一种 一些 各种 其他 其中 之间 以上 以下 "
    "之一 方面 可以 能够 需要 应该 必须 已经 正在 不断 进一步 主要 重要 一定 非常 比较 更加 "
    "同时 此外 另外 进行 实现 提高 加强 开展 推进 促进 具有 存在 成为 采取 利用 使用 提供 包括 "
    "形成 发展 管理 建设 企业 公司 单位 部门 行业 领域 社会 国家 我国 问题 情况 方式 方法 过程 "
    "作用 意义 特点 内容 基础 关键 重点 核心 工作 活动 业务 目前 当前 现在 如今 近年来 今后 "
    "本文 笔者 研究 分析 探讨"
)
FUNCTION_AND_GENERIC_WORDS = frozenset(_JUDGED.split())
FUNCTION_TAGS = {
    "c",
    "p",
    "u",
    "uj",
    "ul",
    "uz",
    "ug",
    "uv",
    "ud",
    "r",
    "rr",
    "rz",
    "d",
    "m",
    "mq",
    "q",
    "f",
    "t",
    "e",
    "y",
    "o",
}


@pytest.fixture(scope="module")
def corpus(records: tuple[Record, ...]) -> Corpus:
    return segment_records(records, settings=SegmentSettings(segmenter="rjieba"), use_cache=False)


def test_domain_terms_are_one_token_wherever_they_occur(
    records: tuple[Record, ...], rjieba_segmenter: Segmenter
) -> None:
    occurrences: Counter[str] = Counter()
    for record in records:
        prepared = rjieba_segmenter.prepare(record.abstract)
        bounds = set()
        offset = 0
        for token in rjieba_segmenter.cut(prepared):
            bounds.add(offset)
            offset += len(token)
        for term in MUST_STAY_WHOLE:
            for match in re.finditer(term, prepared):
                occurrences[term] += 1
                inside = [b for b in bounds if match.start() < b < match.end()]
                assert not inside, (
                    f"{term} split in {record.id}: {prepared[match.start() - 5 : match.end() + 5]}"
                )
    # 中国邮政 is a journal name in this corpus, never in an abstract; the others all occur.
    assert occurrences["大客户"] > 80
    assert all(occurrences[t] for t in MUST_STAY_WHOLE if t != "中国邮政"), occurrences


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("中国邮政速递物流与中国邮政集团", "中国邮政"),
        ("美国邮政对大客户的服务工作由大客户管理处负责", "大客户"),
        ("大客户经理制是电信大客户经理的职责", "大客户经理"),
        ("实施客户关系管理，提升大客户关系管理水平", "客户关系管理"),
        ("争夺高价值客户和全球通大客户", "高价值客户"),
        ("动感地带和全球通品牌", "全球通"),
        ("对市场细分的基础上进行目标市场细分", "市场细分"),
    ],
)
def test_domain_terms_stay_whole_in_other_contexts(
    rjieba_segmenter: Segmenter, text: str, term: str
) -> None:
    tokens, _ = rjieba_segmenter.analyze(text)
    assert term in tokens, tokens


def test_domain_terms_are_counted_as_tokens(corpus: Corpus) -> None:
    counts = Counter(t for d in corpus.documents for t in d.tokens)
    for term in MUST_STAY_WHOLE:
        if term != "中国邮政":
            assert counts[term] > 0, term
    assert counts["大客户"] > 50


def test_top_30_tokens_hold_no_stopword_or_function_word(
    corpus: Corpus, lexicon: Lexicon, rjieba_segmenter: Segmenter
) -> None:
    counts = Counter(t for d in corpus.documents for t in d.tokens)
    top = [term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]]
    print("top 30:", " ".join(top))
    assert len(top) == 30
    assert not set(top) & FUNCTION_AND_GENERIC_WORDS
    assert not set(top) & lexicon.stopwords
    assert not [t for t in top if rjieba_segmenter.tag(t) in FUNCTION_TAGS]
    assert all(len(t) >= 2 for t in top)


def test_sentences_are_verbatim_and_concepts_are_tokens(
    corpus: Corpus, records: tuple[Record, ...]
) -> None:
    for record, doc in zip(records, corpus.documents, strict=True):
        assert doc.id == record.id
        for sentence in doc.sentences:
            assert sentence.text == record.abstract[sentence.start : sentence.end]
            assert set(sentence.concepts) <= set(sentence.tokens)
    assert corpus.by_id[records[3].id][1] is corpus.documents[3]


def test_empty_input_and_empty_abstract(records: tuple[Record, ...]) -> None:
    assert segment_records([], use_cache=False).documents == ()
    empty = Record(id="x:1", abstract="", source=Source(file="x", format="csv"))
    corpus = segment_records([empty, records[0]], use_cache=False)
    assert corpus.documents[0].sentences == ()
    assert (
        corpus.documents[1].tokens
        == segment_records([records[0]], use_cache=False).documents[0].tokens
    )


def _dump(corpus: Corpus) -> str:
    return json.dumps(
        [
            [(s.start, s.end, s.text, s.tokens, s.concepts) for s in d.sentences]
            for d in corpus.documents
        ],
        ensure_ascii=False,
    )


def test_cache_hit_is_identical_and_skips_the_engine(
    records: tuple[Record, ...], tmp_path: Path
) -> None:
    fresh = segment_records(records, use_cache=False)
    first = segment_records(records, cache_dir=tmp_path)
    blobs = sorted(cache_folder(tmp_path).glob("corpus-*.bin"))
    assert len(blobs) == 1
    second = segment_records(records, cache_dir=tmp_path)
    assert _dump(fresh) == _dump(first) == _dump(second)
    # A cache hit in a new process loads neither engine nor jieba's dictionary.
    script = (
        "import sys, json\n"
        "from kamlit.ingest import read_paths\n"
        "from kamlit.text import segment_records\n"
        "import kamlit.text.jiebadict as jd\n"
        f"records = read_paths([{str(_corpus_file())!r}]).records\n"
        "from pathlib import Path\n"
        f"corpus = segment_records(records, cache_dir=Path({str(tmp_path)!r}))\n"
        "engines = sorted(m for m in sys.modules if m.split('.')[0] in ('jieba', 'rjieba'))\n"
        "print(json.dumps({'modules': engines, 'tables': len(jd._MEMO),\n"
        "                  'tokens': len(corpus.documents[0].tokens)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    report = json.loads(out.stdout)
    assert report == {"modules": [], "tables": 0, "tokens": len(fresh.documents[0].tokens)}


def _corpus_file() -> Path:
    return Path(__file__).resolve().parents[2] / "corpus" / "key-accounts-similar-literature.txt"


def test_corrupt_cache_entry_is_ignored_and_rewritten(
    records: tuple[Record, ...], tmp_path: Path
) -> None:
    expected = _dump(segment_records(records, cache_dir=tmp_path))
    (blob,) = cache_folder(tmp_path).glob("corpus-*.bin")
    good = blob.read_bytes()
    for bad in (b"", b"garbage", good[:-10], good[:40] + b"x" + good[41:]):
        blob.write_bytes(bad)
        with pytest.warns(CacheWarning, match="damaged entry"):
            assert _dump(segment_records(records, cache_dir=tmp_path)) == expected
        assert blob.read_bytes() == good


def test_no_cache_reads_and_writes_no_result(records: tuple[Record, ...], tmp_path: Path) -> None:
    expected = _dump(segment_records(records, cache_dir=tmp_path))
    (blob,) = cache_folder(tmp_path).glob("corpus-*.bin")
    blob.write_bytes(blob.read_bytes().replace("大客户".encode(), "小客户".encode()))
    stale = blob.read_bytes()
    assert _dump(segment_records(records, cache_dir=tmp_path, use_cache=False)) == expected
    assert blob.read_bytes() == stale  # neither read nor rewritten
    assert len(list(cache_folder(tmp_path).glob("corpus-*"))) == 1


def test_cache_key_follows_text_lexicon_and_settings(
    records: tuple[Record, ...], tmp_path: Path
) -> None:
    segment_records(records, cache_dir=tmp_path)
    segment_records(records[:5], cache_dir=tmp_path)
    segment_records(records, cache_dir=tmp_path, settings=SegmentSettings(min_length=3))
    stop = tmp_path / "stop.txt"
    stop.write_text("利润\n", encoding="utf-8")
    with_stop = segment_records(
        records, cache_dir=tmp_path, settings=SegmentSettings(stopwords=(str(stop),))
    )
    assert "利润" not in {t for d in with_stop.documents for t in d.tokens}
    assert len(list(cache_folder(tmp_path).glob("corpus-*.bin"))) == 4
    short = segment_records(records, cache_dir=tmp_path, settings=SegmentSettings(min_length=3))
    assert all(
        len(t) >= 3 or t in short.lexicon.domain_terms for d in short.documents for t in d.tokens
    )


def test_unwritable_cache_only_costs_speed(records: tuple[Record, ...], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    corpus = segment_records(records[:2], cache_dir=blocker)
    assert corpus.documents[0].tokens


def test_auto_checks_parity_once_and_remembers_it(
    records: tuple[Record, ...], lexicon: Lexicon, tmp_path: Path
) -> None:
    from kamlit.text.parity import choose_engine, parity_verdict

    assert parity_verdict(lexicon, tmp_path) is None
    assert choose_engine("auto", lexicon, tmp_path, check=False) == "rjieba"
    segment_records(records[:3], cache_dir=tmp_path)
    assert parity_verdict(lexicon, tmp_path) is True
    (verdict,) = cache_folder(tmp_path).glob("parity-*.txt")
    assert verdict.read_text(encoding="utf-8") == "same\n"
    assert choose_engine("jieba", lexicon, tmp_path, check=True) == "jieba"


def test_auto_falls_back_to_jieba_when_the_engines_differ(
    records: tuple[Record, ...],
    lexicon: Lexicon,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kamlit.text.parity import choose_engine, parity_verdict

    real_cut = Segmenter.cut

    def broken_cut(self: Segmenter, text: str) -> list[str]:
        tokens = real_cut(self, text)
        return tokens[::-1] if self.engine == "rjieba" else tokens

    monkeypatch.setattr(Segmenter, "cut", broken_cut)
    assert choose_engine("auto", lexicon, tmp_path, check=True) == "jieba"
    assert parity_verdict(lexicon, tmp_path) is False
    monkeypatch.undo()
    # The verdict is remembered: no new check, jieba stays the engine, the tokens are jieba's.
    assert choose_engine("auto", lexicon, tmp_path, check=True) == "jieba"
    corpus = segment_records(records[:2], cache_dir=tmp_path)
    assert (
        corpus.documents[0].tokens
        == segment_records(records[:2], use_cache=False).documents[0].tokens
    )
