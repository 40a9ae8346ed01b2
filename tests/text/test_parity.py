"""The fast path (rjieba) gives exactly jieba's tokens with kamlit's dictionary."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamlit.text import Lexicon
from kamlit.text.segmenter import Segmenter
from kamlit.types import Record


def test_same_frequencies_for_every_word(
    rjieba_segmenter: Segmenter, jieba_segmenter: Segmenter
) -> None:
    rjieba_segmenter.cut("")
    jieba_segmenter.cut("")
    assert rjieba_segmenter.frequencies == jieba_segmenter.frequencies


def test_same_tokens_on_the_default_corpus(
    records: tuple[Record, ...], rjieba_segmenter: Segmenter, jieba_segmenter: Segmenter
) -> None:
    abstracts = [r.abstract for r in records]
    for text in abstracts:
        prepared = rjieba_segmenter.prepare(text)
        assert prepared == jieba_segmenter.prepare(text)
        assert rjieba_segmenter.cut(prepared) == jieba_segmenter.cut(prepared)
    fast = rjieba_segmenter.segment_texts(abstracts)
    assert fast == jieba_segmenter.segment_texts(abstracts)
    assert sum(len(t) for doc in fast for _, _, t, _, _ in doc) > 500


def _pieces(lexicon: Lexicon) -> st.SearchStrategy[str]:
    words = sorted({e.word for e in lexicon.entries} | set(lexicon.synonyms))
    common = [
        "的",
        "了",
        "和",
        "是",
        "企业",
        "客户",
        "服务",
        "营销",
        "市场",
        "扩大",
        "加大",
        "最大",
    ]
    return st.one_of(
        st.sampled_from(words),
        st.sampled_from(common),
        st.sampled_from(list("，。！？；：、（）“”《》…—·　 \t\n/%.-+#&_")),
        st.sampled_from(list("ＡＢＣａｂ０１２ＫＥＹ")),
        st.text(alphabet="abcxyzKEY0123456789", min_size=1, max_size=6),
        # Han characters, including ones only rjieba's pattern calls Han (extension A, U+9FD6+).
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    )


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_same_tokens_on_generated_text(
    data: st.DataObject,
    lexicon: Lexicon,
    rjieba_segmenter: Segmenter,
    jieba_segmenter: Segmenter,
) -> None:
    text = "".join(data.draw(st.lists(_pieces(lexicon), max_size=40)))
    prepared = rjieba_segmenter.prepare(text)
    fast, slow = rjieba_segmenter.cut(prepared), jieba_segmenter.cut(prepared)
    if fast != slow:
        # The one difference allowed: two routes of exactly the same probability (中国邮政 4 ×
        # 集团客户经理 1 = 中国邮政集团 1 × 客户经理 4), which the engines break differently.
        assert _tied(jieba_segmenter, fast, slow), (text, fast, slow)
        return
    assert rjieba_segmenter.segment_texts([text]) == jieba_segmenter.segment_texts([text])


def _tied(segmenter: Segmenter, a: list[str], b: list[str]) -> bool:
    """True when `a` and `b` differ only where both routes score the same in jieba's model."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    left, right = a[head : len(a) - tail], b[head : len(b) - tail]
    if "".join(left) != "".join(right) or len(left) != len(right):
        return False
    score = [sum(math.log(max(segmenter._freq(w), 1)) for w in words) for words in (left, right)]
    return abs(score[0] - score[1]) < 1e-9


def test_batched_and_pipelined_segmentation_equals_one_batch(
    monkeypatch: pytest.MonkeyPatch,
    records: tuple[Record, ...],
    rjieba_segmenter: Segmenter,
    jieba_segmenter: Segmenter,
) -> None:
    import kamlit.text.batch as batch_module

    abstracts = [r.abstract for r in records] * 3 + ["", "大客户。"]
    whole = rjieba_segmenter.segment_texts(abstracts)
    monkeypatch.setattr(batch_module, "_BATCH_CHARS", 700)
    assert len(batch_module._batches(abstracts)) > 10
    # Batches of a few documents, cut in a worker thread while sentences are built, or not.
    for pipeline in (True, False):
        monkeypatch.setattr(batch_module, "PIPELINE", pipeline)
        assert rjieba_segmenter.segment_texts(abstracts) == whole
    assert jieba_segmenter.segment_texts(abstracts) == whole
