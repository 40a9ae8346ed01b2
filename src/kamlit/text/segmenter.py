"""A segmenter that owns its jieba state: its own `jieba.Tokenizer`, never the global `jieba.dt`.

`analyze` turns one sentence into (tokens, concepts): normalise, replace phrase synonyms, cut,
map variants to canonical concepts, drop stopwords, punctuation and numbers; concepts are the
tokens whose part of speech is a noun (or noun-verb) or that the domain lexicon knows.
"""

from __future__ import annotations

import logging
import re
from functools import cached_property
from typing import Any, Literal

from kamlit.text.lexicon import Lexicon
from kamlit.text.normalize import normalize_text

Engine = Literal["jieba", "rjieba"]
# Quote characters separate nothing a reader would call a word; drop them before cutting.
_QUOTES = re.compile(r"[\"'`]")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffa-z]")
_NUMBERLIKE = re.compile(r"^[\d.,%/~\-+]+[%％]?$|^[\d.]+[a-z]{0,2}$")
CONCEPT_TAGS = frozenset({"n", "nz", "nt", "ns", "nl", "ng", "vn", "eng", "an"})


class Segmenter:
    """Cut normalised Chinese text with kamlit's dictionary; one instance per lexicon."""

    def __init__(
        self, lexicon: Lexicon, *, engine: Engine = "jieba", hmm: bool = False, min_length: int = 2
    ) -> None:
        self.lexicon = lexicon
        self.engine = engine
        self.hmm = hmm
        self.min_length = min_length

    @cached_property
    def _tokenizer(self) -> Any:
        if self.engine == "rjieba":
            import rjieba

            rj = rjieba.Jieba()
            for entry in self.lexicon.entries:
                rj.add_word(entry.word, entry.freq, entry.tag)
            return rj
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for entry in self.lexicon.entries:
            tokenizer.add_word(entry.word, entry.freq, entry.tag)
        return tokenizer

    @cached_property
    def _tags(self) -> dict[str, str]:
        """Part-of-speech tags of dictionary words: jieba's dictionary, then kamlit's."""
        import jieba

        tags: dict[str, str] = {}
        with jieba.Tokenizer().get_dict_file() as handle:
            for raw in handle:
                parts = raw.decode("utf-8").split()
                if len(parts) >= 3:
                    tags[parts[0]] = parts[2]
        for entry in self.lexicon.entries:
            tags[entry.word] = entry.tag
        return tags

    def prepare(self, text: str) -> str:
        """Normalise text and replace multi-word synonym variants with their concept."""
        norm = normalize_text(text)
        for variant, canonical in self.lexicon.phrase_variants:
            if variant in norm:
                norm = norm.replace(variant, canonical)
        return _QUOTES.sub(" ", norm)

    def cut(self, text: str) -> list[str]:
        """Cut already prepared text into raw tokens (punctuation and spaces included)."""
        if self.engine == "rjieba":
            return list(self._tokenizer.cut(text, self.hmm))
        return list(self._tokenizer.cut(text, HMM=self.hmm))

    def tag(self, token: str) -> str:
        """Return a token's part-of-speech tag (`eng` for Latin words, `x` when unknown)."""
        tag = self._tags.get(token)
        if tag is not None:
            return tag
        if token.isascii() and token.isalpha():
            return "eng"
        return "x"

    def analyze(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return (tokens, concept candidates) of one sentence of original text."""
        tokens: list[str] = []
        concepts: list[str] = []
        domain = self.lexicon.domain_terms
        for raw in self.cut(self.prepare(text)):
            token = self.lexicon.canonical(raw.strip())
            if not self.keeps(token):
                continue
            tokens.append(token)
            if token in domain or self.tag(token) in CONCEPT_TAGS:
                concepts.append(token)
        return tuple(tokens), tuple(concepts)

    def keeps(self, token: str) -> bool:
        """True when a canonical token is worth keeping: a word, not a stopword or a number."""
        if len(token) < self.min_length and token not in self.lexicon.domain_terms:
            return False
        if token in self.lexicon.stopwords or not _WORDLIKE.search(token):
            return False
        return not _NUMBERLIKE.match(token)
