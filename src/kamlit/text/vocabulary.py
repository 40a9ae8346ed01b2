"""The corpus's own vocabulary: author keywords and reviewed phrases join the dictionary.

Researchers' exports carry the concepts of their field in every record's `keywords`; jieba's
general dictionary cuts many of them apart (增强现实 → 增强/现实, 深度学习 → 深度/学习). Every
author keyword of the corpus (normalised, two characters or more, at most `MAX_LENGTH`, not a
number) and every phrase of the phrase file (`[segment] phrases`) is added to the segmenter's
dictionary for that run, with the frequency jieba would suggest to keep it whole, as the
domain dictionary's words without a frequency are; a keyword is also a concept candidate. The
words take part in the lexicon's fingerprint, so in the segmentation's cache key.

`corpus_vocabulary` says which keywords were new to the dictionaries and which were already
there (`kamlit terms --vocabulary`); `texts_containing` finds which texts hold each word in
one pass over the texts, whatever the number of words.

**Synonyms across records** (`corpus_synonyms`). Abstracts name a term's abbreviation or
English name beside it: 虚拟现实（VR）, 增强现实(Augmented Reality, AR), 客户关系管理（CRM）, and
keywords pair them (虚拟现实(VR), 虚拟现实/VR). Such a pattern is read in every record's
abstract, title and keywords: the term is the longest end of the Chinese characters before the
bracket (at most `MAX_LENGTH` characters) that is a word the run knows otherwise — an author
keyword, a phrase of the phrase file or of discovery, a word of kamlit's lexicon — so the
pattern never invents a term; the bracket holds Latin parts separated by commas or
semicolons. A part is a variant when it is

- an abbreviation: one Latin word of 2 to `MAX_ABBREVIATION` letters or digits (a hyphen
  inside allowed) with at least two capitals or digits (VR, CRM, 5G, BiLSTM), which is not an
  English function word of kamlit's lists and is never written as a lower-case word of its own
  anywhere in the corpus (then it is an English word there: it, art, and);
- an English name: two to six Latin words, not all of them function words (augmented reality);

and nothing else (p<0.05, r=0.92, a single English word such as Metaverse). A variant becomes
a run-level synonym of its term (the Chinese term is the canonical concept) when the pair is
seen in at least `MIN_SYNONYM_RECORDS` records. A variant seen beside two different terms is
ambiguous and not mapped (one term ending the other, 移动增强现实 and 增强现实, is the same
term: the one seen in more records, the shorter on a tie); it is reported. A variant the
lexicon's files already map keeps their mapping. The synonyms take part in the lexicon's
fingerprint, so in the segmentation's cache key.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kamlit.errors import InputError, message, os_detail
from kamlit.errors import text as plain_text
from kamlit.text.discover import Phrase
from kamlit.text.lexicon import Lexicon
from kamlit.text.normalize import normalize_text
from kamlit.types import Record

# Longer "keywords" are sentences or lists glued together by a bad export, not terms.
MAX_LENGTH = 16
_NUMBER = re.compile(r"^[\d.,%/~\-+]+$")
# Synonyms across records (module docstring): least records seeing a pair, longest abbreviation.
MIN_SYNONYM_RECORDS = 2
MAX_ABBREVIATION = 10
# Chinese characters, then a bracketed text (full-width or ASCII brackets), or in a keyword a
# slash and a Latin name (虚拟现实/VR).
_BESIDE = re.compile(r"([\u4e00-\u9fff]{2,})[^\S\n]*[（(]([^（）()\n]{1,80})[）)]")
_BRACKET = re.compile(r"[（(]([^（）()\n]{1,80})[）)]")
_LATIN = re.compile(r"[A-Za-z]")
_SLASHED = re.compile(r"^([\u4e00-\u9fff]{2,})[^\S\n]*/[^\S\n]*([A-Za-z][A-Za-z0-9 \-]*)$")
_ABBREVIATION = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?$")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z\-]*$")


@dataclass(frozen=True)
class Synonym:
    """A variant (an abbreviation, an English name) the corpus gives beside a term."""

    variant: str  # normalised: vr, augmented reality
    terms: tuple[str, ...]  # the term (one: mapped) or the terms (several: ambiguous), sorted
    records: int  # records the pattern was seen in

    @property
    def mapped(self) -> bool:
        return len(self.terms) == 1


@dataclass(frozen=True)
class Vocabulary:
    """The words a corpus adds to the dictionary: its keywords and its phrase file's phrases."""

    keywords: tuple[str, ...]  # normalised author keywords, sorted
    phrases: tuple[str, ...] = ()  # phrases of the phrase file, sorted
    # Phrases found in the corpus's text (kamlit.text.discover), sorted by text.
    discovered: tuple[Phrase, ...] = ()
    # Variants seen beside a term (`corpus_synonyms`), mapped or ambiguous, sorted by variant.
    synonyms: tuple[Synonym, ...] = ()

    @property
    def synonym_map(self) -> dict[str, str]:
        """Variant -> canonical term, for the mapped synonyms only."""
        return {s.variant: s.terms[0] for s in self.synonyms if s.mapped}

    @property
    def words(self) -> tuple[str, ...]:
        """Every word added, sorted and unique."""
        found = {p.text for p in self.discovered}
        return tuple(sorted(set(self.keywords) | set(self.phrases) | found))

    def origin(self, word: str) -> str:
        """Where a word of `words` came from: "keyword", "phrase" (the file) or "discovered"."""
        if word in self.keywords:
            return "keyword"
        return "phrase" if word in self.phrases else "discovered"


# The discovered phrases of a run, as data (`kamlit report` renders phrases.txt from it).
PHRASES_JSON = "phrases.json"


def phrases_to_json(found: tuple[Phrase, ...]) -> dict[str, object]:
    """Discovered phrases as a JSON document (schema kamlit-phrases/1)."""
    rows = [[p.text, p.count, p.docs, p.pmi, p.entropy] for p in found]
    return {"schema": "kamlit-phrases/1", "phrases": rows}


def phrases_from_json(data: object) -> tuple[Phrase, ...]:
    """The phrases `phrases_to_json` wrote; an InputError when the document is not one."""
    if not isinstance(data, dict) or data.get("schema") != "kamlit-phrases/1":
        raise InputError(message("error.not_phrases"))
    try:
        return tuple(
            Phrase(str(t), int(c), int(d), float(p), float(e)) for t, c, d, p, e in data["phrases"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(message("error.not_phrases")) from exc


def phrases_text(vocabulary: Vocabulary) -> str:
    """The discovered phrases as a phrase file (`[segment] phrases`): one per line, most
    frequent first, with their statistics after a tab; delete a line to reject a phrase."""
    lines = [
        "# Phrases kamlit discovered in this corpus (kamlit.text.discover). Review them: delete",
        "# a line to reject a phrase, add your own, then name this file as [segment] phrases.",
        "# phrase<TAB>occurrences<TAB>records<TAB>least PMI<TAB>least neighbour entropy",
    ]
    ranked = sorted(vocabulary.discovered, key=lambda p: (-p.docs, -p.count, p.text))
    lines += [f"{p.text}\t{p.count}\t{p.docs}\t{p.pmi:.2f}\t{p.entropy:.2f}" for p in ranked]
    return "\n".join(lines) + "\n"


def keyword_vocabulary(records: Iterable[Record]) -> tuple[str, ...]:
    """The corpus's author keywords that can be dictionary words, normalised and sorted; a
    keyword that names its abbreviation (虚拟现实(VR), 虚拟现实/VR) adds its term."""
    found: set[str] = set()
    for record in records:
        for keyword in record.keywords:
            paired = _BESIDE.fullmatch(keyword.strip()) or _SLASHED.match(keyword.strip())
            word = normalize_text(paired.group(1) if paired else keyword)
            if 1 < len(word) <= MAX_LENGTH and not _NUMBER.match(word):
                found.add(word)
    return tuple(sorted(found))


def read_phrase_file(path: str | Path) -> tuple[str, ...]:
    """Read a phrase file: one phrase per line, `#` starts a comment; a missing file is empty.

    Any further columns on a line (the statistics `kamlit run` writes after a tab) are ignored.
    """
    p = Path(path)
    if not p.is_file():
        return ()
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_detail(exc) if isinstance(exc, OSError) else plain_text(exc)
        raise InputError(message("error.phrases_unreadable", reason=reason), path=p) from exc
    out: set[str] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].split("\t", 1)[0].strip()
        word = normalize_text(line)
        if 1 < len(word) <= MAX_LENGTH:
            out.add(word)
    return tuple(sorted(out))


def corpus_vocabulary(
    records: Sequence[Record], *, keywords: bool = True, phrase_file: str | Path | None = None
) -> Vocabulary:
    """The vocabulary a corpus adds: its keywords (when `keywords`) and the phrase file's."""
    return Vocabulary(
        keywords=keyword_vocabulary(records) if keywords else (),
        phrases=read_phrase_file(phrase_file) if phrase_file else (),
    )


def texts_containing(words: Iterable[str], texts: Sequence[str]) -> dict[str, list[int]]:
    """For every word, the positions of the texts that contain it verbatim (ascending).

    One scan of each text, whatever the number of words (an Aho-Corasick-like pass): the words
    form a trie, written as one regular expression in which every branch starts with a
    distinct character, so at each position of a text the engine follows one path, at most as
    long as the longest word; the words starting there are the match and those of its
    prefixes that are words too.
    """
    wanted = sorted({w for w in words if w})
    found: dict[str, list[int]] = {w: [] for w in wanted}
    if not wanted:
        return found
    pattern = re.compile(f"(?=({_trie_pattern(wanted)}))")
    lengths = sorted({len(w) for w in wanted})
    for i, text in enumerate(texts):
        seen: set[str] = set()
        for match in pattern.finditer(text):
            longest = match.group(1)
            for n in lengths:
                if n > len(longest):
                    break
                if longest[:n] in found:
                    seen.add(longest[:n])
        for word in seen:
            found[word].append(i)
    return found


class _Trie(dict[str, "_Trie"]):
    """A node of a trie of words: next character -> node; the key "" marks a word's end."""


def _trie_pattern(words: Sequence[str]) -> str:
    """A regular expression matching the longest of `words` (sorted, non-empty) that starts
    at a position: the words' trie, one branch per distinct next character."""
    trie = _Trie()
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, _Trie())
        node[""] = _Trie()

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def corpus_synonyms(
    records: Sequence[Record],
    known: Callable[[str], bool],
    *,
    function_words: Collection[str] = frozenset(),
    existing: Mapping[str, str] | None = None,
) -> tuple[Synonym, ...]:
    """The variants the records give beside a term (the rule in the module docstring).

    `known(word)`: a normalised word is a term the run knows (a keyword, a phrase, a word of
    kamlit's lexicon). `function_words`: English words never mapped. `existing`: variants the
    lexicon's files map already (left to them).
    """
    existing = existing or {}
    seen: dict[str, dict[str, set[int]]] = {}  # variant -> term -> records
    for i, record in enumerate(records):
        texts = [record.abstract, record.title or "", *record.keywords]
        pairs = [pair for text in texts for pair in _bracketed(text)]
        pairs += [
            (m.group(1), m.group(2)) for k in record.keywords if (m := _SLASHED.match(k.strip()))
        ]
        for run, inside in pairs:
            term = _term_ending(normalize_text(run), known)
            if term is None:
                continue
            for variant in _variants(inside, function_words):
                seen.setdefault(variant, {}).setdefault(term, set()).add(i)
    lower_words = _lower_case_words(records, [v for v in seen if " " not in v])
    out = []
    for variant in sorted(seen):
        if variant in lower_words or variant in existing:
            continue
        terms = _merge_nested(seen[variant])
        support = len(set().union(*terms.values()))
        if len(terms) == 1 and support < MIN_SYNONYM_RECORDS:
            continue
        out.append(Synonym(variant, tuple(sorted(terms)), support))
    return tuple(out)


def _bracketed(text: str) -> list[tuple[str, str]]:
    """(Chinese characters, bracketed text) of every bracket with a Latin letter that follows
    Chinese characters: the last `MAX_LENGTH` of them (a term is never longer)."""
    out = []
    for match in _BRACKET.finditer(text):
        if not _LATIN.search(match.group(1)):
            continue
        end = match.start()
        while end > 0 and text[end - 1] in " \t\u3000":
            end -= 1
        start = end
        while start > max(0, end - MAX_LENGTH) and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if end - start >= 2:
            out.append((text[start:end], match.group(1)))
    return out


def _lower_case_words(records: Sequence[Record], candidates: list[str]) -> set[str]:
    """Those of the candidates (lower case) that some record writes in lower case as a word."""
    if not candidates:
        return set()
    alternatives = "|".join(re.escape(c) for c in sorted(candidates, key=lambda c: (-len(c), c)))
    pattern = re.compile(f"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")
    found: set[str] = set()
    for record in records:
        for text in (record.abstract, record.title or "", *record.keywords):
            found.update(pattern.findall(text))
    return found


def _term_ending(run: str, known: Callable[[str], bool]) -> str | None:
    """The longest end of a run of Chinese characters that is a known word (two or more)."""
    for n in range(min(len(run), MAX_LENGTH), 1, -1):
        if known(run[-n:]):
            return run[-n:]
    return None


def _variants(inside: str, function_words: Collection[str]) -> list[str]:
    """The abbreviations and English names in a bracket (normalised), by the module's rule."""
    out = []
    for part in re.split(r"[,，;；、]", inside):
        words = part.split()
        if len(words) == 1:
            word = words[0]
            strong = sum(1 for ch in word if ch.isupper() or ch.isdigit())
            if (
                _ABBREVIATION.match(word)
                and 2 <= len(word) <= MAX_ABBREVIATION
                and strong >= 2
                and any(ch.isalpha() for ch in word)
                and word.lower() not in function_words
            ):
                out.append(normalize_text(word))
        elif (
            2 <= len(words) <= 6
            and all(_LATIN_WORD.match(w) for w in words)
            and any(w.lower() not in function_words for w in words)
        ):
            out.append(normalize_text(" ".join(words)))
    return out


def _merge_nested(terms: dict[str, set[int]]) -> dict[str, set[int]]:
    """Merge terms of which one ends the other (移动增强现实 and 增强现实): the one
    seen in more records keeps the records of both (the shorter on a tie)."""
    merged = {t: set(r) for t, r in terms.items()}
    ranked = sorted(merged, key=lambda t: (-len(merged[t]), len(t), t))
    for t in ranked:
        if t not in merged:
            continue
        for other in [o for o in merged if o != t and (o.endswith(t) or t.endswith(o))]:
            if (len(merged[other]), -len(other)) <= (len(merged[t]), -len(t)):
                merged[t] |= merged.pop(other)
    return merged


def with_synonyms(
    vocabulary: Vocabulary, records: Sequence[Record], lexicon: Lexicon
) -> Vocabulary:
    """The vocabulary with the synonyms its records give (`corpus_synonyms`), its terms being
    the vocabulary's words and the lexicon's (the files', without the corpus's words)."""
    from kamlit.text.lexicon import structure_words

    words = set(vocabulary.words) | {e.word for e in lexicon.entries}
    words |= set(lexicon.synonyms) | set(lexicon.synonyms.values())
    found = corpus_synonyms(
        records,
        words.__contains__,
        function_words=structure_words(),
        existing=lexicon.synonyms,
    )
    return dataclasses.replace(vocabulary, synonyms=found)
