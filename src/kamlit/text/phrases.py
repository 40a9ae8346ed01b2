"""Phrase stand-ins and guard spaces: the edits made to folded text before the engine cuts it.

Stand-ins: a phrase variant that the cutter cannot keep whole (a Latin phrase with spaces,
80/20法则) is replaced by a one-block stand-in the lexicon picked for it, with spaces around.
Guards: where a compound of the dictionary would take the tail of a head word (大/客户服务体系),
a space after the head settles jieba's contest (大客户/服务体系). Every edit is recorded
(`kamlit.text.offsets.Edit`) so word offsets can be mapped back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from kamlit.text.jiebadict import JiebaDictionary
from kamlit.text.lexicon import Lexicon
from kamlit.text.offsets import Edit


class Substitutions:
    """The stand-ins and guards of one lexicon, with the engine's word frequencies.

    `freq` gives a word's frequency as the engine's prefix dictionary holds it, once kamlit's
    words are added (the guards' contests depend on it).
    """

    def __init__(
        self, lexicon: Lexicon, dictionary: JiebaDictionary, freq: Callable[[str], int]
    ) -> None:
        self.lexicon = lexicon
        self._dictionary = dictionary
        self._freq = freq

    def apply(self, text: str) -> tuple[str, list[list[Edit]]]:
        """Apply phrase stand-ins, then guard spaces, to folded text; return the result and
        the edits of each step, last step first (the order they are undone in)."""
        steps: list[list[Edit]] = []
        edits: list[Edit] = []
        if self._phrases is not None:
            pieces: list[str] = []
            last = shift = 0
            for match in self._phrases.finditer(text):
                a, b = match.span()
                stand_in = self._stand_in(match)
                pieces.append(text[last:a])
                pieces.append(stand_in)
                edits.append((a + shift, len(stand_in), a, b - a))
                shift += len(stand_in) - (b - a)
                last = b
            if edits:
                pieces.append(text[last:])
                text = "".join(pieces)
                steps.append(edits)
        if self._guards is not None:
            ends = [match.end() for match in self._guards.finditer(text)]
            if ends:
                pieces = []
                last = 0
                for end in ends:
                    pieces.append(text[last:end])
                    pieces.append(" ")
                    last = end
                pieces.append(text[last:])
                text = "".join(pieces)
                steps.insert(0, [(end + n, 1, end, 0) for n, end in enumerate(ends)])
        return text, steps

    @cached_property
    def _phrases(self) -> re.Pattern[str] | None:
        """One regex for all phrase variants; Latin and digit edges match whole words only."""
        if not self.lexicon.phrase_variants:
            return None
        parts = []
        for surface, _ in self.lexicon.phrase_variants:
            first, rest = surface[0], surface[1:]
            body = re.escape(first)
            if first.isascii() and first.isalnum():
                # The look-behind follows the first character, so every branch starts with a
                # literal and the regex engine can skip ahead to candidate positions.
                body += rf"(?<![a-z0-9]{re.escape(first)})"
            body += r"[^\S\n]+".join(re.escape(word) for word in rest.split(" "))
            if surface[-1].isascii() and surface[-1].isalnum():
                body += r"(?![a-z0-9])"
            parts.append(body)
        return re.compile("|".join(parts))

    @cached_property
    def _guards(self) -> re.Pattern[str] | None:
        """Where a compound of the dictionary would take the tail of a head word, end the head.

        Heads are the entries with a frequency of their own (大客户). A compound whose start
        overlaps a head's end (客户服务体系 after 大客户) could win jieba's contest when its
        own tail is rare (大/客户服务体系); a space after the head in such places settles it
        (大客户/服务体系), unless a longer entry starts with the head (大客户关系管理). Nothing
        forces the head's start: where the characters before it form a word with its first
        ones (扩大客户群), jieba decides as usual (扩大/客户群).
        """
        words = [e.word for e in self.lexicon.entries]
        heads = sorted(
            {e.word for e in self.lexicon.entries if e.freq is not None and len(e.word) > 1},
            key=lambda w: (-len(w), w),
        )
        parts = []
        for head in heads:
            tails = set()
            for word in words:
                for k in range(1, len(head)):
                    if word != head and len(word) > k and word.startswith(head[-k:]):
                        tails.add(word[k:])
            longer = {w[len(head) :] for w in words if w.startswith(head) and w != head}
            tails -= longer
            if tails:
                follow = "|".join(re.escape(t) for t in sorted(tails, key=lambda t: (-len(t), t)))
                keep = "|".join(re.escape(t) for t in sorted(longer, key=lambda t: (-len(t), t)))
                before = self._joining_chars(head)
                guard = (
                    re.escape(head[0])
                    + (f"(?<![{re.escape(before)}]{re.escape(head[0])})" if before else "")
                    + re.escape(head[1:])
                    + (f"(?!{keep})" if keep else "")
                    + f"(?={follow})"
                )
                parts.append(guard)
        return re.compile("|".join(parts)) if parts else None

    def _joining_chars(self, head: str) -> str:
        """Characters X that take the start of `head` in jieba's local contest: X + head[:k]
        is a word and freq(X + head[:k]) * freq(head[k:]) > freq(X) * freq(head) (扩 for
        扩大客户, but not 政 for 邮政大客户, though 政大 is a word too)."""
        found: set[str] = set()
        for k in range(1, len(head)):
            start, rest = head[:k], head[k:]
            pattern = re.compile(rf"^(.){re.escape(start)}$", re.M)
            candidates = set(pattern.findall(self._dictionary.text))
            candidates.update(e.word[0] for e in self.lexicon.entries if e.word[1:] == start)
            for x in candidates:
                if self._freq(x + start) * self._freq(rest) > self._freq(x) * self._freq(head):
                    found.add(x)
        return "".join(sorted(found))

    @cached_property
    def _stand_in_of(self) -> dict[str, str]:
        return dict(self.lexicon.phrase_variants)

    def _stand_in(self, match: re.Match[str]) -> str:
        # Spaces around the stand-in keep it one token whatever its neighbours are.
        return f" {self._stand_in_of[' '.join(match.group().split())]} "
