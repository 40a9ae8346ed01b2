"""The domain dictionary, stopwords and synonym thesaurus: shipped data plus users' own files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kamlit.errors import InputError
from kamlit.text.normalize import normalize_text

DEFAULT_FREQ = 20000
DEFAULT_TAG = "n"
# What jieba keeps together in one block before its dictionary look-up; a synonym variant
# with any other character (a space, a slash) is replaced in the text before cutting.
_JIEBA_BLOCK = re.compile(r"^[\u4e00-\u9fd5a-z0-9+#&._%\-]+$")
_TAG = re.compile(r"^[a-z]{1,4}$")


@dataclass(frozen=True)
class DictEntry:
    """A dictionary word with the frequency and part-of-speech tag jieba needs."""

    word: str
    freq: int
    tag: str


@dataclass(frozen=True)
class Lexicon:
    """Everything the segmenter adds to jieba, with a fingerprint for cache keys."""

    entries: tuple[DictEntry, ...]
    stopwords: frozenset[str]
    synonyms: Mapping[str, str]  # normalised variant -> canonical concept
    fingerprint: str
    phrase_variants: tuple[tuple[str, str], ...] = field(default=())  # replaced before cutting

    @property
    def domain_terms(self) -> frozenset[str]:
        """Words of the domain dictionary and canonical concepts of the thesaurus."""
        return frozenset(e.word for e in self.entries) | frozenset(self.synonyms.values())

    def canonical(self, token: str) -> str:
        """Return the canonical concept of a token (the token itself when it has none)."""
        return self.synonyms.get(token, token)

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
) -> Lexicon:
    """Load the shipped lexicon files, then the user's, and return one Lexicon."""
    digest = hashlib.sha256()
    shipped = resources.files("kamlit").joinpath("data/lexicon")
    sources: list[tuple[str, str, str]] = [
        ("dict", "kamlit:domain_dict.txt", shipped.joinpath("domain_dict.txt").read_text("utf-8")),
        ("stop", "kamlit:stopwords.txt", shipped.joinpath("stopwords.txt").read_text("utf-8")),
        ("syn", "kamlit:synonyms.txt", shipped.joinpath("synonyms.txt").read_text("utf-8")),
    ]
    for kind, paths in (("dict", user_dicts), ("stop", stopwords), ("syn", synonyms)):
        for path in paths:
            sources.append((kind, str(path), _read_user_file(path)))
    entries: dict[str, DictEntry] = {}
    stop: set[str] = set()
    syn: dict[str, str] = {}
    for kind, name, text in sources:
        digest.update(f"{kind}\0{text}\0".encode())
        if kind == "dict":
            for entry in _parse_dict(text, name):
                entries[entry.word] = entry
        elif kind == "stop":
            stop.update(_parse_stopwords(text))
        else:
            syn.update(_parse_synonyms(text, name))
    # Every variant that jieba can see as one block becomes a dictionary word, so it is cut
    # whole and then mapped; the others are replaced in the text before cutting.
    phrases: list[tuple[str, str]] = []
    for variant, canonical in syn.items():
        tag = entries[canonical].tag if canonical in entries else DEFAULT_TAG
        if canonical not in entries and _JIEBA_BLOCK.match(canonical):
            entries[canonical] = DictEntry(canonical, DEFAULT_FREQ, tag)
        if _JIEBA_BLOCK.match(variant):
            entries.setdefault(variant, DictEntry(variant, DEFAULT_FREQ, tag))
        else:
            phrases.append((variant, canonical))
    phrases.sort(key=lambda vc: (-len(vc[0]), vc[0]))
    # A canonical concept is never a stopword, whatever a stopword list says.
    concepts = set(syn.values()) | set(entries)
    return Lexicon(
        entries=tuple(sorted(entries.values(), key=lambda e: e.word)),
        stopwords=frozenset(stop - concepts),
        synonyms=dict(sorted(syn.items())),
        fingerprint=digest.hexdigest(),
        phrase_variants=tuple(phrases),
    )


def _read_user_file(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read lexicon file: {exc.strerror or exc}", path=p) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InputError("lexicon file is neither UTF-8 nor GB18030 text", path=p) from exc


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _parse_dict(text: str, name: str) -> Iterable[DictEntry]:
    """jieba's user-dictionary format: `word [freq] [tag]`, freq and tag optional."""
    for number, line in _lines(text):
        parts = line.split()
        word = normalize_text(parts[0])
        freq, tag = DEFAULT_FREQ, DEFAULT_TAG
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            if len(rest) > 1 or not _TAG.match(rest[0]):
                raise InputError(
                    f"expected 'word [frequency] [tag]', got {line!r}", path=name, line=number
                )
            tag = rest[0]
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
                "expected 'canonical<TAB>variant…' or 'canonical = variant, …'",
                path=name,
                line=number,
            )
        words = [normalize_text(p) for p in parts if p.strip()]
        if len(words) < 2:
            raise InputError(
                "a synonym line needs a canonical term and at least one variant",
                path=name,
                line=number,
            )
        canonical = words[0]
        for variant in words[1:]:
            out[variant] = canonical
    return out
