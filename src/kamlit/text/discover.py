"""Phrase discovery: the multi-character terms of a corpus, found in its raw text.

A listing page has no author keywords, so the concepts of its field (增强现实, 卷积神经网络,
用户体验) are cut apart by a general dictionary. Discovery finds them without any engine, from
the characters of the abstracts and titles (NFKC, lower case), with the classic statistics of
Chinese new-word finding. Every run of Han characters is read as character n-grams of
`MIN_CHARS` to `MAX_CHARS` characters; an n-gram is a phrase when

- **frequent**: it occurs at least `MIN_COUNT` times in at least `MIN_DOCS` records;
- **cohesive**: for every split into a left and a right part, the pointwise mutual information
  `ln(p(w) / (p(left) p(right)))` (probabilities per character position) is at least
  `MIN_PMI`: its parts occur together far more often than chance;
- **free at both ends**: the entropy of the character before it, and of the character after
  it, is at least `MIN_ENTROPY` nats (an end of a run of Han characters, such as punctuation,
  counts as a neighbour of its own each time), so it is a whole unit rather than a piece of a
  longer one (现实技 is always followed by 术);
- **a term, not a clause**: its first and last words (the longest words of jieba's dictionary
  it begins and ends with) are neither function words (by jieba's part-of-speech tag) nor
  stopwords nor abstract boilerplate (的研究, 本文通过, 一种改进 are rejected), nor one of the
  `CLAUSE_VERBS` of academic prose, which take an object, a number or a clause (准确率达到,
  采用横向研究设计, 模型进行), and it does not end with a word naming a text's genre
  (研究综述, 现象探析: `GENRE_WORDS`); it holds no particle (的, 了, 着) and does not end with a
  directional or resultative complement (归纳出); a single last character may be a nominal
  suffix (主观化, 沉浸感, 艺术终结论: jieba tags 论 and 式 as suffixes, k or zg);
- **not the piece of a word**: in at most half of its occurrences does a dictionary word
  begin in the (up to three) characters before it and end with its first character (国学生 is
  mostly 韩国/泰国 + 学生, 法求解 is 归纳法 + 求解; a word beginning with a particle, 的确,
  never counts; the other phrases found count as words too: 化研究 follows 语法化), so a term
  may begin with a single-character word (元宇宙, 眼动追踪); nor, the same way, does a word
  begin with its last character and end after it (汉语教 is mostly 汉语教学);
- **new**: it is not already a word of jieba's dictionary or of kamlit's lexicon.

Counting is vectorised (numpy): an n-gram is a 64-bit polynomial hash of its characters, and
an n-gram is only extended while its count reaches `MIN_COUNT` (a rarer prefix cannot have a
frequent extension). The result is deterministic: candidates are sorted by their text.

Found phrases join the segmenter's dictionary for the run as the corpus's author keywords do
(`kamlit.text.vocabulary`); `kamlit run` writes them to `phrases.txt` with their statistics,
ready to review, edit and name as `[segment] phrases` on the next run.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kamlit.text.normalize import fold_for_cut

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MIN_CHARS = 2
MAX_CHARS = 8
MIN_COUNT = 3
MIN_DOCS = 3
MIN_PMI = 2.0
MIN_ENTROPY = 0.5
# "auto": discovery runs when no record carries author keywords (a listing page, an export
# without them: the keywords are the better vocabulary whenever there are any) and the corpus
# has at least this many records (fewer give no counts worth trusting).
AUTO_MIN_RECORDS = 50
# Characters that never occur inside a term: structural particles and aspect markers.
PARTICLES = frozenset("的了着地得之吗呢吧")
# Directional and resultative complements: a phrase ending with one is a verb phrase (归纳出).
COMPLEMENTS = frozenset("出到完起来去")
# Verbs of academic prose in any field that take an object, a number or a clause: a phrase
# beginning or ending with one is a clause (采用横向研究设计, 准确率达到), not a term. Chosen as
# the verbs that introduce a method, an aim or a result in abstracts of every field; verbs that
# also begin terms are left out (需要层次, 存在主义, 影响因素, 形成机制, 使用意愿, 比较文学,
# 探索性因子分析, 验证性因子分析, 获得感, 说明文).
_CLAUSE_VERB_LIST = (
    "进行 开展 采用 采取 利用 运用 借助 结合 实现 达到 达成 成为 提出 提供 提高 提升 降低 "
    "减少 增加 促进 推动 加强 改善 证明 归纳 得出 具有 包括 涉及 导致 使得 节省 揭示 呈现 "
    "取得 完成 引起 反映 给出 构建 考察 避免"
)
CLAUSE_VERBS = frozenset(_CLAUSE_VERB_LIST.split())
# Words naming the genre of a text, which end titles rather than terms (研究综述, 现象探析).
_GENRE_WORD_LIST = "综述 述评 探析 浅析 试论 刍议 初探 审视 探究"
GENRE_WORDS = frozenset(_GENRE_WORD_LIST.split())
_VERB_ALTERNATIVES = "|".join(sorted(CLAUSE_VERBS, key=lambda w: (-len(w), w)))
_END_ALTERNATIVES = "|".join(sorted(CLAUSE_VERBS | GENRE_WORDS, key=lambda w: (-len(w), w)))
_CLAUSE_EDGE = re.compile(f"^(?:{_VERB_ALTERNATIVES}).|.(?:{_END_ALTERNATIVES})$")
# A single last character with one of these tags is a suffix (论, 式, 型, 者), not a function word.
SUFFIX_TAGS = frozenset({"k", "zg"})
# Parts of speech (jieba's tags) that may not begin or end a phrase of three characters or
# more: adjectives (but not nominal ones, "an") and adverbs (检测精度普遍偏低, 跨学科特征明显).
EDGE_TAGS = frozenset({"a", "ad", "ag", "d", "dg"})
# Characters read at most: a larger corpus is sampled (`_sample`), which keeps discovery
# within a fraction of the time segmentation takes.
MAX_SCAN_CHARS = 200_000
_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FFF
_PRIME = 1_000_003


@dataclass(frozen=True)
class Phrase:
    """A discovered phrase and the statistics that admitted it."""

    text: str
    count: int  # occurrences in the abstracts and titles
    docs: int  # records it occurs in
    pmi: float  # the least PMI over its splits (nats)
    entropy: float  # the lesser of its left and right neighbour entropies (nats)


def discovery_applies(choice: str, records: int, with_keywords: int) -> bool:
    """Whether discovery runs: "on", "off", or "auto" (the rule in the module docstring)."""
    if choice == "on":
        return True
    if choice == "off":
        return False
    return records >= AUTO_MIN_RECORDS and with_keywords == 0


def discover_phrases(
    texts: Sequence[str],
    *,
    is_word: Callable[[str], bool],
    edge_word: Callable[[str], bool],
    min_count: int = MIN_COUNT,
    min_docs: int = MIN_DOCS,
    min_pmi: float = MIN_PMI,
    min_entropy: float = MIN_ENTROPY,
    tag: Callable[[str], str] = lambda word: "",
    max_chars: int = MAX_SCAN_CHARS,
) -> tuple[Phrase, ...]:
    """Find the phrases of `texts` (one text per record: abstract and title).

    `is_word(s)`: s is already a dictionary word (jieba's or kamlit's): it is not reported, and
    it is a candidate for the first and last word of a phrase. `edge_word(s)`: s may not begin
    or end a phrase (a function word, a stopword, boilerplate). `tag(s)`: the part of speech
    of a dictionary word ("" when unknown), for the rules on a phrase's first and last word.
    At most `max_chars` characters are read (`_sample`).
    """
    import numpy as np

    # Sampled before folding: folding every text of a large corpus would cost more than the rest.
    folded = [fold_for_cut(t) for t in _sample(list(texts), max_chars)]
    joined = "\n".join(folded)
    if not joined:
        return ()
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    size = len(chars)
    han = (chars >= _HAN_FIRST) & (chars <= _HAN_LAST)
    total = int(han.sum())
    if total == 0:
        return ()
    # Record of every position, and how many Han characters follow it in its run.
    lengths = np.fromiter((len(t) + 1 for t in folded), dtype=np.int64, count=len(folded))
    doc_of = np.repeat(np.arange(len(folded), dtype=np.int64), lengths)[:size]
    idx = np.arange(size, dtype=np.int64)
    stop = np.where(han, size, idx)  # the first non-Han position at or after each position
    run_end = np.minimum.accumulate(stop[::-1])[::-1]
    remaining = run_end - idx  # Han characters from here to the end of the run
    run_start = np.maximum.accumulate(np.where(han, -1, idx))  # last non-Han at or before
    codes = chars.astype(np.uint64)

    # counts[n][i]: occurrences of the n-gram starting at i (0 where it was not counted).
    counts: dict[int, npt.NDArray[np.int64]] = {}
    hashes: dict[int, npt.NDArray[np.uint64]] = {}
    one = np.zeros(size, dtype=np.int64)
    _, inverse, freq = np.unique(chars[han], return_inverse=True, return_counts=True)
    one[han] = freq[inverse]
    counts[1] = one
    hashes[1] = codes.copy()
    positions = np.flatnonzero(han)
    prime = np.uint64(_PRIME)
    with np.errstate(over="ignore"):
        for n in range(2, MAX_CHARS + 1):
            positions = positions[
                (remaining[positions] >= n) & (counts[n - 1][positions] >= min_count)
            ]
            if not len(positions):
                break
            h = np.zeros(size, dtype=np.uint64)
            h[positions] = hashes[n - 1][positions] * prime + codes[positions + n - 1]
            _, inverse, freq = np.unique(h[positions], return_inverse=True, return_counts=True)
            c = np.zeros(size, dtype=np.int64)
            c[positions] = freq[inverse]
            counts[n], hashes[n] = c, h

    found: dict[str, Phrase] = {}
    contexts: dict[str, tuple[list[str], list[str]]] = {}  # characters before, after
    log_total = math.log(total)
    for n in range(max(MIN_CHARS, 2), MAX_CHARS + 1):
        if n not in counts:
            break
        c = counts[n]
        at = np.flatnonzero(c >= min_count)
        if not len(at):
            continue
        # Cohesion first (cheap, per position): the least PMI over the splits.
        pmi = np.full(len(at), np.inf)
        for k in range(1, n):
            left = counts[k][at]
            right = counts[n - k][at + k]
            value = np.log(c[at]) + log_total - np.log(left) - np.log(right)
            pmi = np.minimum(pmi, value)
        keep = pmi >= min_pmi
        at, pmi = at[keep], pmi[keep]
        if not len(at):
            continue
        keys = hashes[n][at].view(np.int64)
        order = np.argsort(keys, kind="stable")
        at, pmi, keys = at[order], pmi[order], keys[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(keys)]))
        docs = _distinct(group, doc_of[at], len(starts))
        right = _neighbours(chars, at + n, remaining[at] > n, at)
        left = _neighbours(chars, at - 1, at - 1 > run_start[at], at)
        entropy = np.minimum(
            _entropy(group, right, len(starts)), _entropy(group, left, len(starts))
        )
        ends = np.r_[starts[1:], len(at)]
        for g in np.flatnonzero((docs >= min_docs) & (entropy >= min_entropy)):
            start = int(at[starts[g]])
            text = joined[start : start + n]
            if text in found or not _is_term(text, is_word, edge_word, tag):
                continue
            places = at[starts[g] : ends[g]].tolist()
            before = [joined[max(p - 3, int(run_start[p]) + 1) : p] for p in places]
            after = [joined[p + n : min(p + n + 3, int(run_end[p]))] for p in places]
            if _piece_of_word(text, before, after, is_word):
                continue
            contexts[text] = (before, after)
            found[text] = Phrase(
                text=text,
                count=int(c[start]),
                docs=int(docs[g]),
                pmi=round(float(pmi[starts[g]]), 3),
                entropy=round(float(entropy[g]), 3),
            )

    # The same test once more with the phrases found as words too (化研究 is mostly the end of
    # 语法化 or 词汇化, phrases of the corpus that no dictionary holds).
    def known(word: str) -> bool:
        return word in found or is_word(word)

    kept = [t for t in sorted(found) if not _piece_of_word(t, *contexts[t], known)]
    return tuple(found[t] for t in kept)


def _piece_of_word(
    text: str, before: list[str], after: list[str], is_word: Callable[[str], bool]
) -> bool:
    """`_inside_word` at the phrase's start, or (reversed) at its end."""
    return _inside_word(text, before, is_word) or _inside_word(
        text[::-1], [a[::-1] for a in after], lambda w: is_word(w[::-1])
    )


def _sample(texts: list[str], max_chars: int) -> list[str]:
    """The texts to read: all of them when they hold at most `max_chars` characters, else a
    deterministic sample of whole texts that does, chosen by a hash of each text (the same
    texts whatever their order). Discovery's cost grows with the characters read, and a
    phrase frequent in a large corpus is frequent in a large sample of it."""
    if sum(map(len, texts)) <= max_chars:
        return texts
    ranked = sorted(texts, key=lambda t: (hashlib.blake2b(t.encode(), digest_size=8).digest(), t))
    out: list[str] = []
    used = 0
    for text in ranked:
        if used + len(text) > max_chars:
            break
        out.append(text)
        used += len(text)
    return out


def _neighbours(
    chars: npt.NDArray[np.int64],
    where: npt.NDArray[np.int64],
    ok: npt.NDArray[np.bool_],
    at: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """The neighbour character at `where`, or a value of its own (-1 - position) at a run's end,
    so every end of a run counts as a distinct neighbour."""
    import numpy

    inside = chars[numpy.clip(where, 0, len(chars) - 1)]
    return numpy.where(ok, inside, -1 - at)


def _pairs(
    group: npt.NDArray[np.int64], value: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct (group, value) pairs: their group and their number of occurrences."""
    import numpy

    order = numpy.lexsort((value, group))
    g, v = group[order], value[order]
    first = numpy.flatnonzero(numpy.r_[True, (g[1:] != g[:-1]) | (v[1:] != v[:-1])])
    sizes = numpy.diff(numpy.r_[first, len(g)])
    return g[first], sizes


def _entropy(
    group: npt.NDArray[np.int64], neighbours: npt.NDArray[np.int64], groups: int
) -> npt.NDArray[np.float64]:
    """Entropy (nats) of the neighbours of each group (groups numbered 0 … groups - 1)."""
    import numpy

    g, sizes = _pairs(group, neighbours)
    totals = numpy.bincount(g, weights=sizes, minlength=groups)
    p = sizes / totals[g]
    return numpy.bincount(g, weights=-p * numpy.log(p), minlength=groups).astype(numpy.float64)


def _distinct(
    group: npt.NDArray[np.int64], values: npt.NDArray[np.int64], groups: int
) -> npt.NDArray[np.int64]:
    """Number of distinct values (records) of each group."""
    import numpy

    g, _ = _pairs(group, values)
    return numpy.bincount(g, minlength=groups)


def _inside_word(text: str, before: list[str], is_word: Callable[[str], bool]) -> bool:
    """Whether, in more than half of a phrase's occurrences, a dictionary word begins in the
    characters before it (`before`: up to three) and ends with its first character (韩国 of
    韩国学生 for 国学生, 归纳法 for 法求解); a word beginning with a particle never counts.
    Called on the reversed phrase, words and context, it is the same test at the phrase's
    end (汉语教 is mostly followed by 学: 教学)."""
    inside = 0
    for context in before:
        inside += any(
            context[-k] not in PARTICLES and is_word(context[-k:] + text[0])
            for k in range(1, len(context) + 1)
        )
    return inside * 2 > len(before)


def _is_term(
    text: str,
    is_word: Callable[[str], bool],
    edge_word: Callable[[str], bool],
    tag: Callable[[str], str],
) -> bool:
    """A new word that is a term: no particle, not a known word, made of at least two words of
    which none is a function word, stopword or boilerplate (的研究, 本文通过, 在自动驾驶 and
    clauses such as 效率低且易漏检 or 研究述评与展望 are not terms). Its words are found by
    forward longest match on the dictionary. A phrase of three characters or more neither
    begins nor ends with an adjective or adverb (检测精度普遍偏低, 跨学科特征明显), nor
    begins or ends with a clause verb (采用横向研究设计, 准确率达到) or ends with a
    complement (归纳出)."""
    if any(ch in PARTICLES for ch in text) or is_word(text) or text[-1] in COMPLEMENTS:
        return False
    words = _longest_match(text, is_word)
    if len(words) < 2:
        return False
    first, last = words[0], words[-1]
    # A single last character may be a suffix (论, 式) that jieba tags as a function word.
    checked = words[:-1] if len(last) == 1 and tag(last) in SUFFIX_TAGS else words
    if any(edge_word(w) for w in checked) or _clause_edge(text):
        return False
    if len(text) == 2:
        return True
    return tag(first) not in EDGE_TAGS and tag(last) not in EDGE_TAGS


def _clause_edge(text: str) -> bool:
    """Whether a phrase begins or ends with the characters of a clause verb (模型参数量减少,
    whatever words the dictionary cuts its end into), or ends with a genre word (再审视)."""
    return _CLAUSE_EDGE.search(text) is not None


def _longest_match(text: str, is_word: Callable[[str], bool]) -> list[str]:
    """Cut `text` by forward longest match on the dictionary (a character alone when none)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        k = next((k for k in range(len(text), i + 1, -1) if is_word(text[i:k])), i + 1)
        out.append(text[i:k])
        i = k
    return out
