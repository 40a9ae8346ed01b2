"""The words of the one segmentation pass, mapped back to original offsets exactly.

The segmenter cuts prepared text (NFKC, lower case, phrase stand-ins, guard spaces); every
sentence keeps where its words end in the original text. These tests cut each sentence again
on its own and check that each original word folds to the token the engine returned.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamlit.text import Lexicon
from kamlit.text.normalize import fold_for_cut
from kamlit.text.offsets import fold_map
from kamlit.text.segmenter import Segmenter
from kamlit.types import Record
from text.test_parity import _pieces


def _plain(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c)).replace("ς", "σ")


def _check(segmenter: Segmenter, text: str, *, exact: bool = True) -> None:
    """Every sentence's words tile it, and (`exact`) each word folds to its token of a fresh
    cut."""
    stand_ins = dict(segmenter.lexicon.phrase_variants)
    (doc,) = segmenter.segment_texts([text])
    for start, end, _, _, bounds in doc:
        sentence = text[start:end]
        assert list(bounds) == sorted(set(bounds)) and bounds[0] > 0
        assert bounds[-1] == len(sentence)
        words = [sentence[a:b] for a, b in itertools.pairwise((0, *bounds))]
        assert "".join(words) == sentence
        if not exact:
            continue
        # A final Σ lowers to ς in the whole sentence and to σ alone: compare them as one.
        # A word never ends inside a character's cluster of combining marks, while the engine
        # may cut a mark off its base: compare without the marks.
        tokens = [_plain(t) for t in segmenter.cut(segmenter.prepare(sentence))]
        tokens = [t for t in tokens if t.strip()]
        folded = [_plain(fold_for_cut(w)) for w in words]
        folded = [w for w in folded if w.strip()]
        # One original character may fold to several that the engine cuts apart (… to
        # . . .): a word then stands for the run of tokens that make up its fold.
        queue = iter(tokens)
        for word in folded:
            token = next(queue)
            if stand_ins.get(" ".join(word.split())) == token:
                continue
            while token != word.strip() and len(token) < len(word):
                token += next(queue)
            assert token == word.strip(), (sentence, words, tokens)
        assert next(queue, None) is None, (sentence, words, tokens)


@pytest.mark.parametrize(
    "text",
    [
        "邮政大客户识别的现状分析。",
        # Full-width forms and the ideographic space fold one to one.
        "ＫＥＹ　ＡＣＣＯＵＮＴ管理与ＣＲＭ系统。",
        # A phrase stand-in: the whole original phrase is one word.
        "根据帕累托的20/80原理，企业80%的利润来自关键客户（key  account）。",
        # Guard spaces: 大客户|服务体系, but 扩大|客户群.
        "大客户服务体系和扩大客户群，加大客户维系力度。",
        # Combining marks reordered and composed inside one cluster (e + U+0301 + U+08D0).
        "客户盈利能力轷e\u0301\u08d0…资费套餐。",
        # Lower case by context: a final Σ folds to ς, not σ.
        "key accountΣ·１需求。",
        # NFKC changes lengths: … becomes ..., ㎡ becomes m2, ﬁ becomes fi, İ lowers to two.
        "面积100㎡的网点……ﬁnance与İstanbul的邮政。",
        # Combining marks stay with their base character.
        "cafe\u0301与résumé的客户服务。",
    ],
)
def test_words_map_back_to_the_original_text(rjieba_segmenter: Segmenter, text: str) -> None:
    _check(rjieba_segmenter, text)


def test_fold_map_offsets() -> None:
    assert fold_map("ＡＢ大客户") == ("ab大客户", None)
    assert fold_map("AB") == ("ab", None)
    folded, origin = fold_map("a…b")
    assert folded == "a...b" and origin == [0, 1, 2, 2, 2, 3]
    folded, origin = fold_map("㎡x")
    assert folded == "m2x" and origin == [0, 1, 1, 2]
    # A composition across characters that are not combining marks (Hangul jamo): the whole
    # text is one unit, so its inner offsets map to its start.
    folded, origin = fold_map("\u1100\u1161")
    assert folded == "\uac00" and origin == [0, 2]


def test_a_jamo_composition_still_tiles_the_sentence(rjieba_segmenter: Segmenter) -> None:
    (doc,) = rjieba_segmenter.segment_texts(["大客户\u1100\u1161服务。"])
    ((start, end, _, _, bounds),) = doc
    assert bounds[-1] == end - start and list(bounds) == sorted(set(bounds))


def test_titles_and_keywords_are_cut_in_the_same_pass() -> None:
    from kamlit.text import keyword_text, segment_records
    from kamlit.types import Source

    record = Record(
        id="x:1",
        abstract="加强沟通信息共享。",
        title="扩大客户群。大客户价值",
        keywords=("大客户", "CRM系统"),
        source=Source(file="t.txt", format="test", line=1),
    )
    (doc,) = segment_records([record], use_cache=False).documents
    title = record.title or ""
    assert doc.title_bounds is not None and doc.keyword_bounds is not None
    assert [title[a:b] for a, b in itertools.pairwise(doc.title_bounds) if b > a] == [
        "扩大",
        "客户群",
        "。",
        "大客户",
        "价值",
    ]
    words = [keyword_text(record)[a:b] for a, b in itertools.pairwise(doc.keyword_bounds)]
    # The record's own keywords are dictionary words of its corpus, so each is one word.
    assert "大客户" in words and "CRM系统" in words
    (sentence,) = doc.sentences
    assert [sentence.text[a:b] for a, b in sentence.words()] == [
        "加强",
        "沟通",
        "信息",
        "共享",
        "。",
    ]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_words_map_back_on_generated_text(
    data: st.DataObject, lexicon: Lexicon, rjieba_segmenter: Segmenter
) -> None:
    extra = st.sampled_from(
        ["…", "㎡", "ﬁ", "İ", "e\u0301", "Ａ", "　", "20/80原理", "key account"]
    )
    text = "".join(data.draw(st.lists(st.one_of(_pieces(lexicon), extra), max_size=40)))
    # A character that folds to several (㎯ to rad∕s2) may share a token with the next one
    # (s2|20 cut as s220): no boundary between them is right, so only the tiling is checked.
    # The hand-picked cases above check such folds word by word.
    exact = all(len(fold_for_cut(c)) == 1 for c in text)
    _check(rjieba_segmenter, text, exact=exact)
