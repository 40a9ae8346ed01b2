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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kamlit.errors import InputError
from kamlit.text.discover import Phrase
from kamlit.text.normalize import normalize_text
from kamlit.types import Record

# Longer "keywords" are sentences or lists glued together by a bad export, not terms.
MAX_LENGTH = 16
_NUMBER = re.compile(r"^[\d.,%/~\-+]+$")


@dataclass(frozen=True)
class Vocabulary:
    """The words a corpus adds to the dictionary: its keywords and its phrase file's phrases."""

    keywords: tuple[str, ...]  # normalised author keywords, sorted
    phrases: tuple[str, ...] = ()  # phrases of the phrase file, sorted
    # Phrases found in the corpus's text (kamlit.text.discover), sorted by text.
    discovered: tuple[Phrase, ...] = ()

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
        raise InputError(f"{PHRASES_JSON}: not kamlit phrases")
    try:
        return tuple(
            Phrase(str(t), int(c), int(d), float(p), float(e)) for t, c, d, p, e in data["phrases"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{PHRASES_JSON}: not kamlit phrases") from exc


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
    """The corpus's author keywords that can be dictionary words, normalised and sorted."""
    found: set[str] = set()
    for record in records:
        for keyword in record.keywords:
            word = normalize_text(keyword)
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
        raise InputError(f"cannot read the phrase file: {exc}", path=p) from exc
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
