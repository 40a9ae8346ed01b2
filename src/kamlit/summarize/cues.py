"""Practice cues: the data file of words that mark recommendations, and word-aware matching.

The cue lists live in `data/practice_cues.toml` (users extend them with `summarize.cues`).
A cue matches only on word boundaries of the cut text, so 要 never matches inside 重要 or 要求
and 关键 never inside 关键客户; a cue of two or more characters may also end a longer word
(策略 in 营销策略). A cue written `A…B` is a pattern: A, then B later within `_GAP`
characters, B starting a word (只有…才 in 才能) or, two or more characters, ending one
(成立…部门 in 大客户部门).
An action cue directly followed by the word 了 (加大了) also counts as a practice cue.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kamlit.errors import InputError, message, os_detail
from kamlit.errors import text as plain_text
from kamlit.text.normalize import normalize_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCORED_KINDS = (
    "directive",
    "key",
    "practice",
    "structure",
    "emphasis",
    "action",
    "strategy",
    "means",
    "background",
    "fact",
    "news",
)
# Kinds that say something is to be done (or was done); a statement needs one of them.
ACTING_KINDS = frozenset({"directive", "key", "practice", "structure", "emphasis", "action"})
# Kinds that are a verb of doing (建立, 细分, 制定了): a statement must hold one of them, so that
# it states an action, not how an organisation is built (由…负责) or what matters (X 是关键).
DOING_KINDS = frozenset({"practice", "action"})
# Kinds strong enough on their own to make a list's introduction (…三种做法:) a statement.
STRONG_KINDS = frozenset({"directive", "key", "practice"})
# Kinds that keep a clause (background), the rest of its run (fact) or its whole run (news of
# a meeting or a directive) out of statements.
BLOCKING_KINDS = frozenset({"background", "fact", "news"})
_WORD_KINDS = ("lead", "joiner", "topic", "frame", "subject")
_GAP = 60
_ELLIPSIS = re.compile(r"…+|\.\.\.+")


@dataclass(frozen=True)
class Cue:
    """One cue: its text as written, and its pieces (two or more for an `A…B` pattern)."""

    text: str
    pieces: tuple[str, ...]


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a text: its kind, the cue, and the offsets of its first and last piece."""

    kind: str
    cue: str
    start: int
    end: int


@dataclass(frozen=True)
class CueSet:
    """Every cue list: scored kinds with their weights, and the trimming word lists."""

    weights: Mapping[str, float]
    cues: Mapping[str, tuple[Cue, ...]]
    lead: tuple[str, ...]
    joiner: tuple[str, ...]
    topic: tuple[str, ...]
    frame: tuple[str, ...]
    frame_ends: tuple[str, ...]
    frame_starts: tuple[str, ...]
    subject: tuple[str, ...]
    fingerprint: str

    @cached_property
    def _by_first(self) -> dict[str, list[tuple[int, str, Cue]]]:
        """Cues by the first character of their first piece, in a fixed order."""
        index: dict[str, list[tuple[int, str, Cue]]] = {}
        for rank, kind in enumerate(SCORED_KINDS):
            for cue in self.cues.get(kind, ()):
                index.setdefault(cue.pieces[0][0], []).append((rank, kind, cue))
        return index

    def find(self, text: str, bounds: frozenset[int]) -> list[CueMatch]:
        """Return every scored cue in `text` whose pieces sit on the word boundaries `bounds`."""
        found: list[CueMatch] = []
        candidates = sorted(
            (item for char in set(text) for item in self._by_first.get(char, ())),
            key=lambda item: (item[0], item[2].text),
        )
        for _, kind, cue in candidates:
            if cue.pieces[0] not in text:
                continue
            match = _match(cue, text, bounds)
            if match is None:
                continue
            found.append(CueMatch(kind, cue.text, *match))
            end = match[1]
            if kind == "action" and text.startswith("了", end) and end + 1 in bounds:
                found.append(CueMatch("practice", cue.text + "了", match[0], end + 1))
        found.sort(key=lambda m: (m.start, m.end, m.kind, m.cue))
        return found

    def starts_with(
        self, words: Sequence[str], text: str, bounds: frozenset[int], offset: int = 0
    ) -> int:
        """Return the length of the longest word of `words` that starts `text` as whole words;
        `bounds` are word boundaries in a text of which `text` starts at `offset`."""
        best = 0
        if not text:
            return 0
        for word in self._first_chars(tuple(words)).get(text[0], ()):
            if len(word) > best and text.startswith(word) and offset + len(word) in bounds:
                best = len(word)
        return best

    def _first_chars(self, words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        cache: dict[tuple[str, ...], dict[str, tuple[str, ...]]]
        cache = self.__dict__.setdefault("_word_index", {})
        if words not in cache:
            index: dict[str, list[str]] = {}
            for word in words:
                if word:
                    index.setdefault(word[0], []).append(word)
            cache[words] = {k: tuple(v) for k, v in index.items()}
        return cache[words]


def load_cues(paths: Sequence[str | Path] = ()) -> CueSet:
    """Load the shipped practice cues and the user's cue files (lists appended)."""
    import hashlib

    shipped = resources.files("kamlit").joinpath("data/practice_cues.toml").read_text("utf-8")
    digest = hashlib.sha256()
    weights: dict[str, float] = {}
    lists: dict[str, list[str]] = {k: [] for k in (*SCORED_KINDS, *_WORD_KINDS)}
    ends: list[str] = []
    starts: list[str] = []
    for name, text in [
        ("kamlit:practice_cues.toml", shipped),
        *((str(p), _read(p)) for p in paths),
    ]:
        digest.update(text.encode("utf-8") + b"\0")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(message("error.not_toml", error=str(exc)), path=name) from exc
        for kind, table in data.items():
            if kind not in lists:
                known = ", ".join([*SCORED_KINDS, *_WORD_KINDS])
                raise InputError(message("error.cue_table", kind=kind, known=known), path=name)
            if not isinstance(table, dict):
                raise InputError(message("error.cue_not_table", kind=kind), path=name)
            lists[kind] += _strings(table, "cues", kind, name)
            if kind == "frame":
                ends += _strings(table, "ends", kind, name)
                starts += _strings(table, "starts", kind, name)
            if "weight" in table:
                weight = table["weight"]
                if kind not in SCORED_KINDS or not isinstance(weight, (int, float)):
                    raise InputError(message("error.cue_weight", kind=kind), path=name)
                weights[kind] = float(weight)
    for kind in SCORED_KINDS:
        weights.setdefault(kind, 0.0 if kind in BLOCKING_KINDS else 1.0)
    cues = {
        kind: tuple(_parse_cue(c) for c in dict.fromkeys(lists[kind]) if c.strip())
        for kind in SCORED_KINDS
    }
    return CueSet(
        weights=weights,
        cues=cues,
        lead=_unique(lists["lead"]),
        joiner=_unique(lists["joiner"]),
        topic=_unique(lists["topic"]),
        frame=_unique(lists["frame"]),
        frame_ends=_unique(ends),
        frame_starts=_unique(starts),
        subject=_unique(lists["subject"]),
        fingerprint=digest.hexdigest(),
    )


def _unique(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(w for w in dict.fromkeys(w.strip() for w in words) if w)


def _parse_cue(text: str) -> Cue:
    pieces = tuple(p.strip() for p in _ELLIPSIS.split(text.strip()) if p.strip())
    return Cue(text=text.strip(), pieces=pieces or (text.strip(),))


def _match(cue: Cue, text: str, bounds: frozenset[int]) -> tuple[int, int] | None:
    """Find the first occurrence of a cue (all its pieces, in order) on word boundaries."""
    first = cue.pieces[0]
    for start in _occurrences(first, text, bounds):
        pos = start + len(first)
        end = pos
        ok = True
        for piece in cue.pieces[1:]:
            nxt = next(
                (s for s in _occurrences(piece, text, bounds, pos, tail=True) if s - pos <= _GAP),
                None,
            )
            if nxt is None:
                ok = False
                break
            pos = end = nxt + len(piece)
        if ok:
            return start, end
    return None


def _occurrences(
    word: str, text: str, bounds: frozenset[int], begin: int = 0, *, tail: bool = False
) -> list[int]:
    """Offsets where `word` is whole words or, two or more characters, ends one longer word;
    a pattern's later piece (`tail`) may also begin a longer word."""
    out = []
    i = text.find(word, begin)
    while i >= 0:
        end = i + len(word)
        inside = any(b in bounds for b in range(i + 1, end))
        whole = i in bounds and end in bounds
        suffix = end in bounds and len(word) >= 2 and not inside
        prefix = tail and i in bounds and not inside
        if whole or suffix or prefix:
            out.append(i)
        i = text.find(word, i + 1)
    return out


def _strings(table: Mapping[str, Any], key: str, kind: str, name: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(message("error.cue_strings", kind=kind, key=key), path=name)
    return [v.strip() for v in value]


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_detail(exc) if isinstance(exc, OSError) else plain_text(exc)
        raise InputError(message("error.cue_unreadable", reason=reason), path=path) from exc


def load_concepts(paths: Sequence[str | Path] = ()) -> dict[str, str]:
    """Load the practice concepts (word -> concept) shipped and from the user's files."""
    out: dict[str, str] = {}
    for name, data in _concept_files(paths):
        table = data.get("concepts", {})
        unknown = sorted(set(data) - {"concepts", "actions"})
        if unknown or not isinstance(table, dict):
            raise InputError(message("error.concepts_table"), path=name)
        for concept, words in table.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise InputError(message("error.concept_words", concept=repr(concept)), path=name)
            key = normalize_text(concept)
            out[key] = key
            for word in words:
                if normalize_text(word):
                    out[normalize_text(word)] = key
    return dict(sorted(out.items()))


def load_actions(paths: Sequence[str | Path] = ()) -> dict[str, str]:
    """Load the action groups (verb -> action) of the practice concept files: verbs naming one
    action (建立, 成立, 设立), for deciding whether two statements state the same action."""
    out: dict[str, str] = {}
    for name, data in _concept_files(paths):
        table = data.get("actions", {})
        if not isinstance(table, dict):
            raise InputError(message("error.actions_table"), path=name)
        for action, words in table.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise InputError(message("error.action_verbs", action=repr(action)), path=name)
            for word in words:
                if normalize_text(word):
                    out[normalize_text(word)] = normalize_text(action)
    return dict(sorted(out.items()))


def _concept_files(paths: Sequence[str | Path]) -> list[tuple[str, dict[str, Any]]]:
    """The shipped practice_concepts.toml and the user's concept files, parsed: (name, data)."""
    shipped = resources.files("kamlit").joinpath("data/practice_concepts.toml").read_text("utf-8")
    sources = [("kamlit:practice_concepts.toml", shipped), *((str(p), _read(p)) for p in paths)]
    parsed = []
    for name, text in sources:
        try:
            parsed.append((name, tomllib.loads(text)))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(message("error.not_toml", error=str(exc)), path=name) from exc
    return parsed


def action_verbs(cues: CueSet, groups: Mapping[str, str]) -> dict[str, str]:
    """Verbs of doing (the single-word practice and action cues, 了 dropped, and the verbs of
    the action groups) -> the action each names (建立, 成立 and 设立 are one action)."""
    verbs = {
        normalize_text(c.pieces[0]).removesuffix("了")
        for kind in ("practice", "action")
        for c in cues.cues.get(kind, ())
        if len(c.pieces) == 1
    }
    return {verb: groups.get(verb, verb) for verb in sorted(verbs | set(groups))}
