"""The Segmenter: kamlit's words added to a cutting engine, and the decision on every token.

A Segmenter owns its engine (`kamlit.text.engine`: its own `jieba.Tokenizer` or `rjieba.Jieba`,
never the global `jieba.dt`) and adds kamlit's dictionary words to it, with the frequencies
jieba would suggest where the lexicon gives none.

From raw tokens to kept tokens: normalise (NFKC, lower case), replace phrase
variants the cutter cannot keep whole (`kamlit.text.phrases`), cut, map variants to canonical
concepts (English plurals to the singular first: `kamlit.text.english`), drop stopwords,
function words (by dictionary tag), numbers, punctuation and tokens
shorter than `min_length`. Concept candidates are the kept tokens that are domain terms, or whose
tag is a noun class or a noun-verb and that are not academic-general verbs (研究, 分析:
`kamlit.text.concepts`). Every decision depends on the token alone, so it is made once per
distinct token. Many abstracts at once go through the batch pass (`kamlit.text.batch`), and
then verbs join the concepts where they are distinctive of the corpus's field against general
Chinese (交互, 沉浸 in a VR corpus; `kamlit.text.concepts`): a decision over the whole corpus.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any

from kamlit.text.batch import SEP, DocumentSeg, segment_in_batches
from kamlit.text.concepts import VERB_TAGS, academic_words, distinctive_verbs
from kamlit.text.engine import Engine, open_engine, resolve_engine
from kamlit.text.english import lemma
from kamlit.text.jiebadict import JiebaDictionary, load_jieba_dictionary
from kamlit.text.lexicon import Lexicon
from kamlit.text.normalize import fold_for_cut
from kamlit.text.phrases import Substitutions

# Noun classes, noun-verbs (服务, 营销) and noun-adjectives, plus Latin words (CRM, WTO).
CONCEPT_TAGS = frozenset({"n", "nz", "nt", "nl", "ng", "vn", "an", "eng"})
# Function classes: conjunctions, adverbs, exclamations, locatives, prefixes and suffixes,
# numerals, onomatopoeia, prepositions, classifiers, pronouns, time words, particles, modals.
_FUNCTION_TAG_LIST = "c d df dg e f h k m mg mq o p q r rg rr rz t tg u ud ug uj ul uv uz y zg"
FUNCTION_TAGS = frozenset(_FUNCTION_TAG_LIST.split())
_WORDLIKE = re.compile(r"[^\W\d_]")  # a letter of any script
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")
_NUMBERLIKE = re.compile(r"^[\d.,%/~\-+]+$|^[\d.]+[a-z]{0,2}$")

_SEGMENTERS: dict[tuple[Any, ...], Segmenter] = {}


def get_segmenter(
    lexicon: Lexicon,
    *,
    engine: str = "auto",
    hmm: bool = False,
    min_length: int = 2,
    cache_dir: Path | None = None,
) -> Segmenter:
    """Return a Segmenter for these options, reusing one built earlier in this process."""
    resolved = resolve_engine(engine)
    # The cache folder only says where helper files live; it changes no token.
    key = (lexicon.fingerprint, resolved, hmm, min_length)
    segmenter = _SEGMENTERS.get(key)
    if segmenter is None:
        if len(_SEGMENTERS) >= 4:  # each holds a tokenizer of ~100 MB with jieba
            _SEGMENTERS.pop(next(iter(_SEGMENTERS)))
        segmenter = Segmenter(
            lexicon, engine=resolved, hmm=hmm, min_length=min_length, cache_dir=cache_dir
        )
        _SEGMENTERS[key] = segmenter
    return segmenter


class _Decisions(dict[str, str]):
    """Raw token -> kept canonical token, or "" when the token is dropped; filled on demand."""

    def __init__(self, decide: Callable[[str], str]) -> None:
        super().__init__({SEP: SEP})
        self._decide = decide

    def __missing__(self, raw: str) -> str:
        value = self._decide(raw)
        self[raw] = value
        return value


class Segmenter:
    """Cut normalised Chinese text with kamlit's dictionary; one instance per lexicon."""

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        engine: str = "jieba",
        hmm: bool = False,
        min_length: int = 2,
        cache_dir: Path | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.engine: Engine = resolve_engine(engine)
        self.hmm = hmm
        self.min_length = min_length
        self.cache_dir = cache_dir
        self.frequencies: dict[str, int] = {}  # the frequency each dictionary word was given
        self._decisions = _Decisions(self._decide)
        self._concepts: set[str] = {SEP}  # concept candidates met so far, and the separator
        self._verbs: set[str] = set()  # verb candidates met so far (concepts where distinctive)
        self._academic = academic_words()

    # ---- engine

    @cached_property
    def _cut_fn(self) -> Callable[[str], list[str]]:
        """Build the engine with kamlit's words and return its plain cut."""
        add, cut = open_engine(self.engine, hmm=self.hmm, cache_dir=self.cache_dir)
        self._add_words(add, cut)
        return cut

    @cached_property
    def _dictionary(self) -> JiebaDictionary:
        return load_jieba_dictionary(self.cache_dir)

    def _add_words(
        self, add: Callable[[str, int, str], Any], cut: Callable[[str], list[str]]
    ) -> None:
        """Add kamlit's words: given frequencies first, then jieba's suggestion for the rest."""
        table = self._dictionary
        total = table.total
        entries = self.lexicon.entries
        corpus_words = self.lexicon.corpus_words
        ordered = [e for e in entries if e.freq is not None] + [
            e for e in entries if e.freq is None
        ]
        for entry in ordered:
            if _ASCII_WORD.match(entry.word):
                # jieba's dictionary has no Latin words and its cut keeps a run of Latin
                # letters and digits whole; a Latin entry would split longer runs instead
                # (systems -> syst/ems), so Latin words are left to the run rule.
                continue
            if entry.freq is not None:
                freq = entry.freq
            elif entry.word in corpus_words:
                freq = self._corpus_freq(entry.word, cut, total)
            else:
                freq = self._suggest(entry.word, cut, total)
            add(entry.word, freq, entry.tag)
            self.frequencies[entry.word] = freq
            total += freq

    def _suggest(self, word: str, cut: Callable[[str], list[str]], total: int) -> int:
        """jieba's `suggest_freq(word, tune=False)`: the least frequency that keeps it whole."""
        product = 1.0
        for piece in cut(word):
            product *= self._freq(piece) / total
        return max(int(product * total) + 1, self._freq(word) or 1)

    def _corpus_freq(self, word: str, cut: Callable[[str], list[str]], total: int) -> int:
        """A corpus word (keyword, phrase) is given the frequency of its most frequent piece
        (at least jieba's suggestion): the suggestion keeps it whole alone, but in running
        text a neighbour could still take its first or last character (移动学习/效果 wins
        over 移动/学习效果 only when 学习效果 is as strong as the words around it)."""
        pieces = cut(word)
        if len(pieces) < 2:
            # A word jieba's dictionary already holds (学习效果, often with a frequency of 3)
            # is its own cut: its pieces are then those of the best cut without it.
            pieces = self._pieces(word, total)
        strongest = max((self._freq(p) for p in pieces), default=1)
        return max(self._suggest(word, cut, total), strongest)

    def _pieces(self, word: str, total: int) -> list[str]:
        """The most probable cut of `word` into dictionary words other than itself (jieba's
        route rule: the largest product of frequencies; a character alone when no word)."""
        n = len(word)
        log_total = math.log(total)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(i + 1, n + 1):
                piece = word[i:j]
                known = piece in self.frequencies or self._dictionary.lookup(piece) is not None
                if piece == word or (j > i + 1 and not known):
                    continue
                freq = max(self._freq(piece), 1)
                options.append((math.log(freq) - log_total + best[j][0], j))
            best[i] = max(options)
        out, i = [], 0
        while i < n:
            j = best[i][1]
            out.append(word[i:j])
            i = j
        return out

    def _freq(self, word: str) -> int:
        """A word's frequency as jieba's prefix dictionary holds it (0 for a bare prefix)."""
        if word in self.frequencies:
            return self.frequencies[word]
        found = self._dictionary.lookup(word)
        if found is not None:
            return found[0]
        words = self._dictionary.words
        i = bisect.bisect_left(words, word)
        if i < len(words) and words[i].startswith(word):
            return 0
        if any(w.startswith(word) for w in self.frequencies):
            return 0
        return 1

    @cached_property
    def _substitutions(self) -> Substitutions:
        """The phrase stand-ins and guard spaces, once the engine holds kamlit's words."""
        self._cut_fn  # noqa: B018 - the guards' contests need the frequencies the build sets
        return Substitutions(self.lexicon, self._dictionary, self._freq)

    # ---- one piece of text

    def prepare(self, text: str) -> str:
        """Normalise text and replace the phrase variants the cutter cannot keep whole."""
        return self._substitutions.apply(fold_for_cut(text))[0]

    def cut(self, text: str) -> list[str]:
        """Cut already prepared text into raw tokens (punctuation and spaces included)."""
        return self._cut_fn(text)

    def tag(self, token: str) -> str:
        """Return a token's part-of-speech tag (`eng` for Latin words, `x` when unknown)."""
        tag = self.lexicon.tags.get(token) or self._dictionary.tag(token)
        if tag is not None:
            return tag
        if token.isascii() and token.isalpha():
            return "eng"
        return "x"

    def keeps(self, token: str) -> bool:
        """True when a canonical token is worth keeping: a word, not a stopword or a number."""
        return self._judge(token) is not None

    def is_concept(self, token: str) -> bool:
        """True when a kept token is a concept candidate by itself: a domain term, or a noun or
        noun-verb that is not academic-general. (A verb is a concept only in a corpus where it
        is distinctive: `segment_texts`, `is_verb_candidate`.)"""
        return bool(self._judge(token))

    def is_verb_candidate(self, token: str) -> bool:
        """True when a kept token is a verb that becomes a concept in a corpus where it is
        distinctive (`kamlit.text.concepts`): a verb class, not academic-general, not a concept
        by itself."""
        return self._judge(token) is False and self._is_verb(token)

    def _is_verb(self, token: str) -> bool:
        return token not in self._academic and self.tag(token) in VERB_TAGS

    def _judge(self, token: str) -> bool | None:
        """None: drop the token; else whether it is a concept candidate by itself."""
        if token in self.lexicon.domain_terms:
            return True
        if len(token) < self.min_length or token in self.lexicon.stopwords:
            return None
        if not _WORDLIKE.search(token) or _NUMBERLIKE.match(token):
            return None
        tag = self.tag(token)
        if tag in FUNCTION_TAGS:
            return None
        return tag in CONCEPT_TAGS and token not in self._academic

    def analyze(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return (tokens, concept candidates) of one sentence of original text."""
        get = self._decisions.__getitem__
        tokens = tuple(t for t in map(get, self.cut(self.prepare(text))) if t and t != SEP)
        return tokens, tuple(filter(self._concepts.__contains__, tokens))

    # ---- many abstracts

    def segment_texts(
        self, texts: Sequence[str], *, documents: int | None = None, jobs: int | None = None
    ) -> list[DocumentSeg]:
        """Split each text into sentences and segment them all; fast on large inputs.

        Besides tokens and concepts, every sentence gets the offsets of its words in the
        original text (see `kamlit.text.batch.SentenceSeg`), mapped back through
        normalisation, phrase stand-ins and guard spaces, so later stages need no second cut.

        The first `documents` texts (all by default) are the corpus's documents: the verbs
        distinctive of them (`kamlit.text.concepts`) join the concepts of every text.
        Large inputs are cut in `jobs` worker processes (None: every core), with the same
        result (`kamlit.text.batch`).
        """
        cut = self._cut_fn  # build the engine before any thread starts
        segs = segment_in_batches(
            texts,
            cut=cut,
            substitute=self._substitutions.apply,
            decide=self._decisions.__getitem__,
            is_concept=self._concepts.__contains__,
            releases_gil=self.engine == "rjieba",
            jobs=jobs,
        )
        self._decide_kept(segs)
        n = len(segs) if documents is None else documents
        verbs = self.distinctive_verbs(
            list(chain.from_iterable(sentence[2] for sentence in seg)) for seg in segs[:n]
        )
        return add_concepts(segs, verbs, self._concepts) if verbs else segs

    def distinctive_verbs(self, documents: Iterable[Iterable[str]]) -> frozenset[str]:
        """The verbs that are concepts of a corpus whose documents have these kept tokens."""
        table = self._dictionary
        candidates = self._verbs.__contains__

        def reference(token: str) -> int:
            found = table.lookup(token)
            return found[0] if found is not None else 0

        return distinctive_verbs(documents, candidates, reference, table.total)

    # ---- decisions

    def _decide_kept(self, segs: list[DocumentSeg]) -> None:
        """Judge here every kept token of `segs` not judged yet: worker processes judged them
        in their own copy of this segmenter, and the concept and verb sets the verb rule and
        `add_concepts` read are this process' (without this, a corpus cut in workers lost
        concepts: 23,611 instead of 23,632 on 10,000 abstracts)."""
        kept: set[str] = set()
        for seg in segs:
            for sentence in seg:
                kept.update(sentence[2])
        decide = self._decisions.__getitem__
        for token in kept.difference(self._decisions):
            decide(token)

    def _decide(self, raw: str) -> str:
        token = self.lexicon.canonical(raw)
        if token == raw and raw.isascii():
            token = self.lexicon.canonical(lemma(raw))
        judged = self._judge(token)
        if judged is None:
            return ""
        if judged:
            self._concepts.add(token)
        elif self._is_verb(token):
            self._verbs.add(token)
        return token


def add_concepts(
    segs: list[DocumentSeg], verbs: frozenset[str], concepts: set[str]
) -> list[DocumentSeg]:
    """Segmentations whose sentences count `verbs` among their concepts, in token order."""
    out: list[DocumentSeg] = []
    for seg in segs:
        sentences = []
        for start, end, tokens, found, bounds in seg:
            if not verbs.isdisjoint(tokens):
                found = tuple(t for t in tokens if t in concepts or t in verbs)
            sentences.append((start, end, tokens, found, bounds))
        out.append(tuple(sentences))
    return out
