"""Which verbs are concepts of a corpus's field: part of speech plus distinctiveness.

Nouns, verbal nouns and the words of the domain dictionary are concept candidates by
themselves (`kamlit.text.segmenter`). A verb is not: most verbs of an abstract say what the
paper does (提出, 构建, 分析) or how a quantity moved (增加, 降低). Yet some verbs name what a field
is about — 交互, 沉浸, 展示 in virtual reality, 翻译 and 标注 in linguistics, 诊断 and 推理 in
deep learning, 激励 and 协调 in management — and those belong in the concept graph.

The rule, computed once over the corpus after segmentation (linear in tokens, deterministic):

1. **Part of speech.** A kept token whose tag is a verb class (`VERB_TAGS`: v, vi) and that is
   not a concept by itself is a *verb candidate*.
2. **Not academic-general.** Verbs of academic writing in every field — of the research act
   (研究, 分析, 探讨, 梳理, 考察), of proposing and building (提出, 构建), of using (采用, 借助,
   结合), of improving and changing (提升, 实现, 降低), of reporting (表明, 揭示, 验证) — are never
   concepts, however often a corpus uses them: measured against general Chinese they are
   distinctive for *every* field, which makes them boilerplate of the genre, not concepts of
   one field. They are listed in `data/lexicon/academic.txt` (reviewed against design, art,
   linguistics, engineering and management: a verb that names what one of those fields
   studies — 设计, 翻译, 训练, 交互, 优化, 评估, 融合, 学习, 管理, 开发, 创新 — is not
   listed).
   The list applies to every tag, so a verbal noun on it (研究, 分析) is no concept either,
   and it also holds the frame words of an argument in any field (影响, 路径, 机制, 差异, 优势):
   alone they are no concept, yet fields build terms on them (影响因素, 注意力机制, 路径规划), so
   they are not stopwords (a stopword also bounds the phrases discovery may find).
3. **Distinctive against general Chinese.** The reference is jieba's own dictionary, whose
   frequencies count words in a large general corpus. A candidate's *weirdness* (Ahmad, Gillam
   & Tostevin 1999) is its relative frequency among the corpus's kept abstract tokens over its
   relative frequency in the reference, (f_ref + 1) / total_ref. A candidate is a concept
   when its weirdness is at least `MIN_WEIRDNESS` (50: fifty times as frequent as in general
   Chinese, which everyday verbs such as 增加, 保持, 改变, 理解 are not) and it occurs in at
   least `MIN_DOCUMENTS` (2) abstracts and in at least `MIN_DOCUMENT_SHARE` (0.5 %) of them, so
   a verb of one or two records in a large corpus is not taken for a concept of the field.

The outcome depends on the corpus: 展示 is a concept of a corpus on virtual exhibitions and
not of one on telecom marketing. Since every later stage reads the sentences' concepts (the
graph's nodes, the digests' themes), they agree on it.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

__all__ = [
    "MIN_DOCUMENTS",
    "MIN_DOCUMENT_SHARE",
    "MIN_WEIRDNESS",
    "VERB_TAGS",
    "academic_words",
    "distinctive_verbs",
    "rule_key",
    "weirdness",
]

# Verb classes of jieba's tag set whose words may be concepts of a field: verbs and
# intransitive verbs. Verbal nouns (vn) are concepts by their tag; adverbial verbs (vd), verb
# morphemes (vg) and verbs with a classifier (vq) are never concepts.
VERB_TAGS = frozenset({"v", "vi"})
MIN_WEIRDNESS = 50.0
MIN_DOCUMENTS = 2
MIN_DOCUMENT_SHARE = 0.005
_ACADEMIC_FILE = "data/lexicon/academic.txt"


@cache
def _academic_text() -> str:
    return resources.files("kamlit").joinpath(_ACADEMIC_FILE).read_text("utf-8")


@cache
def academic_words() -> frozenset[str]:
    """The academic-general words of `data/lexicon/academic.txt` (verbs of what a paper does,
    frame words of its argument): never concepts."""
    words = (line.strip() for line in _academic_text().splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def rule_key() -> str:
    """A key that changes whenever the rule's list or thresholds change (for cache keys)."""
    raw = f"{_academic_text()}\0{MIN_WEIRDNESS}\0{MIN_DOCUMENTS}\0{MIN_DOCUMENT_SHARE}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def weirdness(count: int, tokens: int, reference_freq: int, reference_total: int) -> float:
    """Relative frequency in the corpus over relative frequency in the reference (add-one)."""
    if tokens <= 0 or reference_total <= 0:
        return 0.0
    return (count / tokens) / ((reference_freq + 1) / reference_total)


def distinctive_verbs(
    documents: Iterable[Iterable[str]],
    candidates: Callable[[str], bool],
    reference: Callable[[str], int],
    reference_total: int,
) -> frozenset[str]:
    """The verb candidates that are concepts of this corpus (the rule of this module).

    `documents`: every abstract's kept tokens; `candidates(token)`: whether a token is a verb
    candidate (verb class, not academic-general, not a concept by itself); `reference(token)`:
    its frequency in the general-language reference, of `reference_total` tokens in all.
    """
    counts: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    tokens = 0
    n_documents = 0
    for document in documents:
        n_documents += 1
        kept = document if isinstance(document, (list, tuple)) else list(document)
        tokens += len(kept)
        found = list(filter(candidates, kept))
        if found:
            counts.update(found)
            spread.update(set(found))
    min_docs = max(MIN_DOCUMENTS, math.ceil(MIN_DOCUMENT_SHARE * n_documents))
    return frozenset(
        token
        for token, count in counts.items()
        if spread[token] >= min_docs
        and weirdness(count, tokens, reference(token), reference_total) >= MIN_WEIRDNESS
    )
