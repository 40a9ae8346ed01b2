"""The TF-IDF feature space in which statements and practices are compared.

The words of a statement, canonical (the lexicon's synonyms), stop words dropped, then mapped
to practice concepts (`data/practice_concepts.toml`: 细分, 分为, 划分 are all 客户细分). Weights per
occurrence: practice concept 2, domain term 1, other concept word 0.5, other word 0.25; words
naming a sector (电信, 中国移动, 邮政) are left out, since they tell the sector, not the practice.
TF-IDF with the IDF of all sentences of the corpus, L2-normalised. `cosine` compares two such
vectors kept sparse ({index: weight}), as practice centroids are.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kamlit.text.normalize import normalize_text

if TYPE_CHECKING:
    from kamlit.summarize.statements import Statement
    from kamlit.text import Corpus

# Feature weights: a practice concept (data/practice_concepts.toml) says what is recommended
# more than a domain term (大客户经理), which says more than any other noun or word.
FAMILY_WEIGHT = 2.0
DOMAIN_WEIGHT = 1.0
CONCEPT_WEIGHT = 0.5
WORD_WEIGHT = 0.25
# A word in more than this share of the corpus's sentences is too common to be a theme.
COMMON_SHARE = 0.2


class _Memo(dict[str, Any]):
    """A dict that fills itself from a function on a miss (a C-level look-up on a hit)."""

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> Any:
        value = self._compute(key)
        self[key] = value
        return value


class FeatureSpace:
    """Words of statements as TF-IDF vectors, with IDF over every sentence of the corpus.

    Words are those of the corpus's one segmentation; `keeps` says whether a canonical word
    is worth a feature (the run's segmenter's judgement: not a stop word, number, …)."""

    def __init__(
        self,
        corpus: Corpus,
        keeps: Callable[[str], bool],
        sector_words: Sequence[str],
        concepts: Mapping[str, str] | None = None,
    ) -> None:
        self._keeps = keeps
        self._lexicon = corpus.lexicon
        self._by_id = corpus.by_id
        # One expression for "contains a word naming a sector" (re: one scan, not one per word).
        self._sector_words = (
            re.compile("|".join(re.escape(w) for w in sector_words if w))
            if any(sector_words)
            else None
        )
        self._families = dict(concepts or {})
        self._domain = corpus.lexicon.domain_terms
        self._tokens = _Memo(self._feature_token)
        self._kept: dict[str, str | None] = {}
        self._concepts: dict[str, set[str]] = {}  # record id -> concept words
        df: dict[str, int] = {}
        n = 0
        for record, document in zip(corpus.records, corpus.documents, strict=True):
            known = {c for s in document.sentences for c in s.concepts}
            self._concepts[record.id] = known
            for sentence in document.sentences:
                n += 1
                text = sentence.text
                words = [text[a:b] for a, b in sentence.words()]
                for word in self.features(words, known):
                    df[word] = df.get(word, 0) + 1
        self.idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in sorted(df.items())}
        self._common = frozenset(w for w, d in df.items() if n >= 10 and d > n * COMMON_SHARE)
        self.domain = frozenset(self._domain)
        self.vocabulary = tuple(sorted(self.idf))
        self.index = {w: i for i, w in enumerate(self.vocabulary)}
        self.families = frozenset(self._families.values())
        self.concepts = frozenset(c for cs in self._concepts.values() for c in cs) | self.families

    def features(self, words: Iterable[str], concepts: set[str]) -> dict[str, float]:
        """Term weights of a text's words, per occurrence: practice concepts (even when the
        word is a stop word, like 分为), domain terms, other concept words, other words."""
        tf: dict[str, float] = {}
        # Per word, memoised: its feature and fixed weight (0: a concept word or not, which
        # depends on the record).
        for found in map(self._tokens.__getitem__, words):
            if found is None:
                continue
            token, weight = found
            if not weight:
                weight = CONCEPT_WEIGHT if token in concepts else WORD_WEIGHT
            tf[token] = tf.get(token, 0.0) + weight
        return tf

    def words(self, statement: Statement) -> list[str]:
        """The words of a statement: its sentence's words, cut at the statement's edges."""
        _, document = self._by_id[statement.record]
        sentences = document.sentences
        k = bisect.bisect_right([s.start for s in sentences], statement.start) - 1
        sentence = sentences[max(k, 0)]
        start, end = statement.start - sentence.start, statement.end - sentence.start
        text = sentence.text
        return [
            text[max(a, start) : min(b, end)] for a, b in sentence.words() if b > start and a < end
        ]

    def signature(self, statement: Statement, actions: Mapping[str, str]) -> Signature:
        """What a statement does to what: its actions (its words that are action verbs, as
        their action group: 建立, 成立 and 设立 are one action; a word holding a practice
        concept's verb, 市场细分, as that concept) and its objects (the features of its other
        words, words common to the corpus left out). `actions`: verb -> action."""
        did: set[str] = set()
        what: set[str] = set()
        seen: dict[str, str] = {}  # feature -> the word of the statement it came from
        concepts: set[str] = set()  # practice concepts named, common or not
        for word in self.words(statement):
            found = self._tokens[word]
            if found is None:
                continue
            token = found[0]
            surface = normalize_text(word)
            verb = surface if surface in actions else surface.removesuffix("了")
            if token in self._families.values():
                concepts.add(token)
            held = [a for a in self._family_actions(actions).get(token, ()) if a in surface]
            if verb in actions:
                did.add(actions[verb])
                seen.setdefault(token, word)
            elif held:  # 市场细分 holds the verb 细分
                did.add(actions[held[0]])
                seen.setdefault(token, word)
            elif not self.is_common(token) and len(token) > 1:
                what.add(token)
                seen.setdefault(token, word)
        return Signature(
            frozenset(did), frozenset(what), dict(sorted(seen.items())), frozenset(concepts)
        )

    def _family_actions(self, actions: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
        """Practice concept -> its words that are action verbs (客户细分: 细分, 分为, 划分 …):
        a word holding one (市场细分) names the action too."""
        key = id(actions)
        cache: dict[int, tuple[Mapping[str, str], dict[str, tuple[str, ...]]]]
        cache = self.__dict__.setdefault("_family_action_cache", {})
        if key not in cache or cache[key][0] is not actions:
            found: dict[str, list[str]] = {}
            for word, family in self._families.items():
                if word in actions:
                    found.setdefault(family, []).append(word)
            cache[key] = (actions, {k: tuple(v) for k, v in sorted(found.items())})
        return cache[key][1]

    def is_common(self, word: str) -> bool:
        """True for a word in more than COMMON_SHARE of the corpus's sentences."""
        return word in self._common

    def _feature_token(self, word: str) -> tuple[str, float] | None:
        """The feature of a cut word and its weight when that does not depend on the record
        (0.0 when it does), or None (stop word, sector name)."""
        token = self._canonical(word)
        if token is None or (self._sector_words and self._sector_words.search(token)):
            return None
        if token in self._families:
            return self._families[token], FAMILY_WEIGHT
        if token in self._domain:
            return token, DOMAIN_WEIGHT
        return token, 0.0

    def _canonical(self, word: str) -> str | None:
        """The canonical form of a word worth keeping as a feature (not a stop word, unless
        it is a practice concept's word), else None."""
        token = self._lexicon.canonical(normalize_text(word))
        if token and token in self._families:
            return token
        if token not in self._kept:
            self._kept[token] = token if token and self._keeps(token) else None
        return self._kept[token]

    def statement_matrix(self, statements: Sequence[Statement]) -> Any:
        """L2-normalised TF-IDF rows of statements."""
        rows = [
            self.features(self.words(s), self._concepts.get(s.record, set())) for s in statements
        ]
        return self._matrix(rows)

    def _matrix(self, rows: Sequence[Mapping[str, float]]) -> Any:
        import numpy as np
        from scipy import sparse

        data, cols, ptr = [], [], [0]
        for row in rows:
            for word in sorted(row):
                if word in self.index:
                    cols.append(self.index[word])
                    data.append(row[word] * self.idf[word])
            ptr.append(len(cols))
        matrix = sparse.csr_matrix(
            (np.array(data, dtype=float), np.array(cols, dtype=np.int64), np.array(ptr)),
            shape=(len(rows), len(self.vocabulary)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


@dataclass(frozen=True)
class Signature:
    """The actions and objects of a statement (features), and the word of the statement each
    feature came from."""

    actions: frozenset[str]
    objects: frozenset[str]
    surfaces: Mapping[str, str]
    concepts: frozenset[str] = frozenset()  # practice concepts (客户细分) the words name


def same_practice(a: Signature, b: Signature, families: frozenset[str] = frozenset()) -> bool:
    """True when two statements state the same action on the same object: a shared action
    (建立 and 成立 are one) and a shared object, or a shared action and a shared practice
    concept (细分 客户 and 分为 … 客户: 客户细分). A shared word alone (加强 … 合作 and 加强 …
    平台) is not enough, nor a shared object done different things to."""
    if not a.actions & b.actions:
        return False
    return bool(a.objects & b.objects) or bool(a.concepts & b.concepts)


def cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    """Dot product of two L2-normalised sparse vectors given as {index: weight}."""
    if len(b) < len(a):
        a, b = b, a
    return float(sum(w * b.get(i, 0.0) for i, w in a.items()))
