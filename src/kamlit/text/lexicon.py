"""The domain dictionary, stopwords and synonym thesaurus: shipped data plus users' own files.

Shipped files (src/kamlit/data/lexicon/): `domain_dict.txt` (field vocabulary with part-of-speech
tags), `stopwords.txt` (the standard Chinese list of Stopwords ISO), `generic.txt` (kamlit's
judged additions: words that carry no concept in research abstracts), `boilerplate.txt` (the
structure words of abstracts in any field: 目的, 结论, 结果表明, 本文, CNKI's English section
labels, English function words) and `synonyms.txt` (variants
mapped to one canonical concept). Users name their own files in settings
(`segment.user_dicts`, `segment.stopwords`, `segment.synonyms`); theirs are read after ours, so a
user's entry overrides a shipped one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from kamlit.errors import InputError, message, os_reason
from kamlit.text.normalize import normalize_text

DEFAULT_TAG = "n"
SHIPPED_FILES = (
    ("dict", "domain_dict.txt"),
    ("stop", "stopwords.txt"),
    ("stop", "generic.txt"),
    ("stop", "boilerplate.txt"),
    ("syn", "synonyms.txt"),
)
# jieba keeps these characters together in one block before its dictionary look-up
# (re_han_default, after lower-casing); a word with any other character (a space, a slash)
# can never come out of the cutter whole, so it is replaced in the text before cutting.
_JIEBA_BLOCK = re.compile(r"^[\u4e00-\u9fd5a-z0-9+#&._%\-]+$")
# Part-of-speech tags of jieba's dictionary (ICTCLAS set plus jieba's own).
_TAG_LIST = (
    "a ad ag an b bg c d df dg e eng f g h i j k l m mg mq n ng nr nrfg nrt ns nt nz o p q r rg "
    "rr rz s t tg u ud ug uj ul uv uz v vd vg vi vn vq x y z zg"
)
JIEBA_TAGS = frozenset(_TAG_LIST.split())


@dataclass(frozen=True)
class DictEntry:
    """A dictionary word, its part-of-speech tag and frequency (None: jieba's suggested one)."""

    word: str
    freq: int | None
    tag: str


@dataclass(frozen=True)
class Lexicon:
    """Everything the segmenter adds to jieba, with a fingerprint for cache keys."""

    entries: tuple[DictEntry, ...]
    stopwords: frozenset[str]
    synonyms: Mapping[str, str]  # normalised variant -> canonical concept
    fingerprint: str
    # (surface form, stand-in): replaced in the text before cutting, since the cutter cannot
    # keep the surface form whole; the stand-in is one block that maps back to the concept.
    phrase_variants: tuple[tuple[str, str], ...] = ()
    stand_ins: Mapping[str, str] = field(default_factory=dict)  # placeholder -> concept
    # The fingerprint of the files alone, without the corpus's own words: whether rjieba cuts
    # as jieba does is a property of the engines and the files, checked once per files.
    parity_key: str = ""
    # The corpus's own words among `entries` (author keywords, phrases; kamlit.text.vocabulary).
    corpus_words: frozenset[str] = frozenset()

    @cached_property
    def domain_terms(self) -> frozenset[str]:
        """Words of the domain dictionary and canonical concepts of the thesaurus."""
        concepts = {self.canonical(e.word) for e in self.entries}
        return frozenset(concepts | set(self.synonyms.values()) | set(self.stand_ins.values()))

    @cached_property
    def tags(self) -> Mapping[str, str]:
        """Part-of-speech tag of each dictionary word (and of each concept it stands for)."""
        tags = {e.word: e.tag for e in self.entries}
        for word, tag in list(tags.items()):
            tags.setdefault(self.canonical(word), tag)
        return tags

    def canonical(self, token: str) -> str:
        """Return the canonical concept of a token (the token itself when it has none)."""
        return self.synonyms.get(token) or self.stand_ins.get(token) or token

    def variants(self, term: str) -> tuple[str, ...]:
        """Return the term's canonical form and every variant mapped to it, canonical first."""
        canonical = self.canonical(normalize_text(term))
        others = sorted(v for v, c in self.synonyms.items() if c == canonical and v != canonical)
        return (canonical, *others)


def load_lexicon(
    *,
    user_dicts: Sequence[str | Path] = (),
    stopwords: Sequence[str | Path] = (),
    synonyms: Sequence[str | Path] = (),
    corpus_words: Sequence[str] = (),
    corpus_synonyms: Mapping[str, str] | None = None,
) -> Lexicon:
    """Load the shipped lexicon files, then the user's, and return one Lexicon.

    `corpus_words`: the corpus's own vocabulary (`kamlit.text.vocabulary`: author keywords,
    discovered phrases), added as nouns with jieba's suggested frequency unless a file already
    has the word; they take part in the fingerprint, so in the segmentation's cache key.
    `corpus_synonyms`: variant -> canonical term found across the corpus's records
    (`kamlit.text.vocabulary.corpus_synonyms`); a variant the files map keeps their mapping.
    """
    shipped = resources.files("kamlit").joinpath("data/lexicon")
    sources: list[tuple[str, str, str]] = [
        (kind, f"kamlit:{name}", shipped.joinpath(name).read_text("utf-8"))
        for kind, name in SHIPPED_FILES
    ]
    for kind, paths in (("dict", user_dicts), ("stop", stopwords), ("syn", synonyms)):
        for path in paths:
            sources.append((kind, str(path), _read_user_file(path)))
    digest = hashlib.sha256(b"kamlit-lexicon-3\0")
    entries: dict[str, DictEntry] = {}
    stop: set[str] = set()
    syn: dict[str, str] = {}
    for kind, name, text in sources:
        digest.update(f"{kind}\0{text}\0".encode())
        if kind == "dict":
            for entry in _parse_dict(text, name):
                entries.pop(entry.word, None)  # a later file's entry replaces, in its position
                entries[entry.word] = entry
        elif kind == "stop":
            stop.update(_parse_stopwords(text))
        else:
            syn.update(_parse_synonyms(text, name))
    parity_key = digest.hexdigest()
    added: set[str] = set()
    if corpus_words:
        digest.update("corpus\0{}\0".format("\n".join(corpus_words)).encode())
        for word in corpus_words:
            word = normalize_text(word)
            if len(word) > 1 and word not in entries and word not in syn:
                entries[word] = DictEntry(word, None, DEFAULT_TAG)
                added.add(word)
    if corpus_synonyms:
        pairs = sorted(corpus_synonyms.items())
        digest.update("corpus-synonyms\0{}\0".format("\n".join(map("\t".join, pairs))).encode())
        for variant, canonical in pairs:
            if variant in syn or variant == canonical:
                continue
            syn[variant] = canonical
            if canonical not in entries and canonical not in syn:
                entries[canonical] = DictEntry(canonical, None, DEFAULT_TAG)
                added.add(canonical)
    syn = _resolve_chains(syn)
    # Each variant the cutter can see as one block becomes a dictionary word, so it is cut
    # whole and then mapped; the others are replaced in the text before cutting.
    for variant, canonical in syn.items():
        tag = entries[canonical].tag if canonical in entries else DEFAULT_TAG
        if canonical not in entries and _JIEBA_BLOCK.match(canonical):
            entries[canonical] = DictEntry(canonical, None, tag)
        if variant not in entries and _JIEBA_BLOCK.match(variant):
            entries[variant] = DictEntry(variant, None, tag)
    phrases, stand_ins = _phrases(entries, syn)
    # A concept is never a stopword, whatever a stopword list says.
    concepts = set(syn) | set(syn.values()) | set(entries)
    return Lexicon(
        entries=tuple(e for e in entries.values() if _JIEBA_BLOCK.match(e.word)),
        stopwords=frozenset(stop - concepts),
        synonyms=dict(sorted(syn.items())),
        fingerprint=digest.hexdigest(),
        phrase_variants=tuple(phrases),
        stand_ins=stand_ins,
        parity_key=parity_key,
        corpus_words=frozenset(e.word for e in entries.values() if e.word in added),
    )


def structure_words() -> frozenset[str]:
    """The shipped function words and abstract boilerplate (`stopwords.txt`, `boilerplate.txt`),
    without kamlit's generic words: what may not begin, end or sit inside a discovered phrase
    (a generic word such as 理论 or 增强 may: 艺术学理论, 增强现实)."""
    shipped = resources.files("kamlit").joinpath("data/lexicon")
    words: set[str] = set()
    for name in ("stopwords.txt", "boilerplate.txt"):
        words.update(_parse_stopwords(shipped.joinpath(name).read_text("utf-8")))
    return frozenset(words)


def is_block(word: str) -> bool:
    """True when jieba can cut `word` (normalised) as one token."""
    return bool(_JIEBA_BLOCK.match(word))


def _phrases(
    entries: Mapping[str, DictEntry], syn: Mapping[str, str]
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Pick a stand-in for every surface form that is not one block: the concept itself when it
    is one block, else another one-block variant of it, else a Latin placeholder."""
    groups: dict[str, list[str]] = {}
    for variant, canonical in syn.items():
        groups.setdefault(canonical, []).append(variant)
    surfaces = {v: c for v, c in syn.items() if not _JIEBA_BLOCK.match(v)}
    for word in entries:
        if not _JIEBA_BLOCK.match(word):
            surfaces.setdefault(word, syn.get(word, word))
    phrases: list[tuple[str, str]] = []
    stand_ins: dict[str, str] = {}
    for surface, canonical in sorted(surfaces.items()):
        candidates = [canonical, *sorted(groups.get(canonical, ()))]
        stand_in = next((c for c in candidates if _JIEBA_BLOCK.match(c)), None)
        if stand_in is None:
            stand_in = next((p for p, c in stand_ins.items() if c == canonical), None)
        if stand_in is None:
            stand_in = "kamlitphrase" + _letters(len(stand_ins))
            stand_ins[stand_in] = canonical
        phrases.append((surface, stand_in))
    # Longest first, so the regex built from them prefers 80/20法则 over 80/20.
    phrases.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    return phrases, stand_ins


def _letters(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
        if n == 0:
            return out


def _resolve_chains(syn: dict[str, str]) -> dict[str, str]:
    """Map every variant to its final concept (a user may map a concept of ours to another)."""
    out: dict[str, str] = {}
    for variant in syn:
        seen = {variant}
        target = syn[variant]
        while target in syn and syn[target] != target:
            if target in seen:
                raise InputError(
                    message("error.synonym_cycle", term=repr(target), chain=str(sorted(seen)))
                )
            seen.add(target)
            target = syn[target]
        if target != variant:
            out[variant] = target
    return out


def _read_user_file(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(
            message("error.lexicon_unreadable", reason=os_reason(exc)), path=p
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InputError(message("error.lexicon_encoding"), path=p) from exc


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _parse_dict(text: str, name: str) -> Iterable[DictEntry]:
    """jieba's user-dictionary format: `word [freq] [tag]`; a word may hold spaces."""
    for number, line in _lines(text):
        parts = line.split()
        tag = DEFAULT_TAG
        freq: int | None = None
        if len(parts) > 1 and parts[-1] in JIEBA_TAGS:
            tag = parts.pop()
        if len(parts) > 1 and parts[-1].isdigit():
            freq = int(parts.pop())
            if freq < 1:
                raise InputError(
                    message("error.dict_frequency", freq=freq, line=repr(line)),
                    path=name,
                    line=number,
                )
        word = normalize_text(" ".join(parts))
        if not word:
            raise InputError(message("error.dict_line", line=repr(line)), path=name, line=number)
        yield DictEntry(word, freq, tag)


def _parse_stopwords(text: str) -> Iterable[str]:
    for _, line in _lines(text):
        yield normalize_text(line) or line


def _parse_synonyms(text: str, name: str) -> dict[str, str]:
    """One group per line: `canonical<TAB>variant<TAB>…` (or `canonical = variant, variant`)."""
    out: dict[str, str] = {}
    for number, line in _lines(text):
        if "\t" in line:
            parts = line.split("\t")
        elif "=" in line:
            head, _, tail = line.partition("=")
            parts = [head, *re.split(r"[,，]", tail)]
        else:
            raise InputError(
                message("error.synonym_line"),
                path=name,
                line=number,
            )
        words = [normalize_text(p) for p in parts if p.strip()]
        if len(words) < 2:
            raise InputError(
                message("error.synonym_short"),
                path=name,
                line=number,
            )
        canonical = words[0]
        for variant in words[1:]:
            if variant != canonical:
                out[variant] = canonical
    return out
