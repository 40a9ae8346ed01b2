"""Find the recommending statements of abstracts: sentence → clauses → runs → statements.

Each sentence is cut into words (the corpus's dictionary) and split into clauses
(`split_clauses`; an enumeration comma 、 joins rather than splits, a list marker inside a
clause splits it), and the clauses into runs: a run breaks where a clause starts with a
connective or list marker (因此, 一是, 1.). Cues from `data/practice_cues.toml` are found on word
boundaries (see `cues.py`). In a run, a `key` cue (X 是…的关键, X 至关重要) yields X, the text
before the subject word, when X names an action; what precedes X in the run only sets the
scene for it. The other clauses form windows of consecutive clauses that carry no background
cue, no reported fact (统计表明, 缺乏 … block the rest of the run) and are no bare list
introduction (…三点要求:); a window whose cue score reaches `min_score` yields a statement:
from its first to its last clause with a cue (a 对于… topic clause just before it included),
scene-setting clauses (对于…而言, 为了…) and leading connectives trimmed, shortened clause by
clause to `max_statement_chars` without splitting a cue pattern. Questions are skipped. Every
statement is a substring of the abstract; its quote is the sentence around it (and around its
key words), cut at clause ends to `max_quote_chars`. Directive, key or strategy cues make it a
`recommendation`, otherwise it describes what an organisation did: an `example`.

A statement states an action: it needs a verb of doing (a practice or action cue), so how work
is divided (由…负责) or what matters is not a practice on its own; a clause run with news of a
meeting or a directive (召开, 下发了) yields nothing; a statement never ends in the clause the
source cut off (an abstract ending without sentence punctuation). `practice_name` makes a
practice's short name from its statement's words.

`features.py` turns statements into vectors, `grouping.py` groups them into practices.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kamlit.settings import SummarizeSettings
from kamlit.summarize.cues import (
    ACTING_KINDS,
    BLOCKING_KINDS,
    DOING_KINDS,
    STRONG_KINDS,
    CueMatch,
    CueSet,
)
from kamlit.text import Span, split_clauses

if TYPE_CHECKING:
    from kamlit.text import Corpus, Sentence

# Kinds counted at most this many times in one statement window.
_CAPS = {"action": 2}
_NUMBERING = re.compile(
    r"^\s*(?:[(（]?[0-9０-９]{1,2}[)）.．、:：]|[①-⑳]|[(（][一二三四五六七八九十]{1,2}[)）]"
    r"|[一二三四五六七八九十]{1,2}[、.．])\s*"
)
# A list marker inside a clause, where the site's line breaks were lost (…分析1.邮政…一是…).
_INNER_MARKER = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:[0-9]{1,2}[.．](?=[\u4e00-\u9fff])|[一二三四五六七八九十]是)"
)
_TRAIL = "，,、：:；;。！？!?…. \u3000"
_OPENERS = "“‘「『（(《【"
# A section label of a structured abstract at a statement's start: up to six characters that
# are neither punctuation nor brackets, in square, lenticular or tortoise-shell brackets.
_SECTION_LABEL = re.compile(r"[【\[［〔]\s*[^\W\d_]{1,6}\s*[】\]］〕]")
_CLOSERS = "”’」』）)》】"


@dataclass(frozen=True)
class Statement:
    """A recommending statement: `abstract[start:end] == text`, quoted by `abstract[quote]`."""

    record: str
    position: int  # order of the record in the corpus, then of the statement in the record
    order: int
    start: int
    end: int
    text: str
    quote_start: int
    quote_end: int
    kind: str  # "recommendation" or "example"
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class _Clause:
    start: int  # offsets within the sentence
    end: int
    core: int  # where the clause's content starts, after a connective or list marker
    lead: bool  # starts a new run
    frame: bool  # sets the scene only
    intro: bool  # ends with a colon: introduces what follows
    topic: bool  # 对于…: says whom the next clause is about
    matches: tuple[CueMatch, ...]  # cues starting in this clause
    tails: tuple[CueMatch, ...] = ()  # patterns started earlier and ending in this clause

    @property
    def background(self) -> bool:
        return any(m.kind in BLOCKING_KINDS for m in self.matches)

    @property
    def fact(self) -> bool:
        return any(m.kind == "fact" for m in self.matches)

    @property
    def news(self) -> bool:
        return any(m.kind == "news" for m in self.matches)

    @property
    def blocked(self) -> bool:
        """Background, or a list's introduction without a strong cue of its own."""
        if self.background:
            return True
        strong = any(m.kind in STRONG_KINDS for m in (*self.matches, *self.tails))
        return self.intro and not strong


def extract_statements(
    corpus: Corpus,
    record_ids: Sequence[str],
    *,
    cues: CueSet,
    settings: SummarizeSettings,
) -> list[Statement]:
    """Find the recommending statements of the given records, in record and text order.

    Cues are matched on the words of the corpus's segmentation (`Sentence.bounds`)."""
    out: list[Statement] = []
    positions = corpus.positions
    for record_id in record_ids:
        record, document = corpus.by_id[record_id]
        abstract = record.abstract
        order = 0
        cut = _cut_off(abstract)
        for sentence in document.sentences:
            for found in _sentence_statements(
                abstract, sentence.start, sentence.end, cues, _bounds(sentence), settings
            ):
                if found["end"] > cut:
                    continue  # ends in the clause the source cut off
                out.append(
                    Statement(
                        record=record_id,
                        position=positions[record_id],
                        order=order,
                        **found,
                    )
                )
                order += 1
    return out


_SENTENCE_ENDS = "。！？!?.．"
_CLAUSE_ENDS = "，,；;：:、。！？!?"


def _cut_off(abstract: str) -> int:
    """Where the clause the source cut off begins (past the end when nothing is cut): the
    last clause of an abstract that does not end with sentence punctuation (the ellipsis of a
    cut abstract is removed when it is read, so a cut abstract ends mid-sentence)."""
    text = abstract.rstrip().rstrip(_CLOSERS).rstrip()
    if not text or text[-1] in _SENTENCE_ENDS:
        return len(abstract) + 1
    body = text.rstrip(_CLAUSE_ENDS)
    return max(body.rfind(c) for c in _CLAUSE_ENDS) + 1


def _bounds(sentence: Sentence) -> frozenset[int]:
    """Offsets in the sentence where its words begin and end."""
    if sentence.bounds is None:  # not cut (a hand-made corpus): every offset
        return frozenset(range(len(sentence.text) + 1))
    return frozenset((0, *sentence.bounds))


def _sentence_statements(
    abstract: str,
    s_start: int,
    s_end: int,
    cues: CueSet,
    bounds: frozenset[int],
    settings: SummarizeSettings,
) -> list[dict[str, Any]]:
    text = abstract[s_start:s_end]
    if text.rstrip(_CLOSERS).endswith(("？", "?", "呢")):
        return []  # a question asks; it does not recommend
    low = _ascii_lower(text)
    matches = cues.find(low, bounds)
    if not matches:
        return []  # a statement spans clauses with cues: none here
    clauses = _clauses(abstract, s_start, s_end, low, bounds, matches, cues)
    found: list[dict[str, Any]] = []
    for run in _runs(clauses):
        found.extend(_run_statements(run, low, bounds, cues, settings))
    out = []
    seen: set[tuple[int, int]] = set()
    for item in sorted(found, key=lambda f: (f["start"], f["end"])):
        span = (item["start"], item["end"])
        if span in seen or any(a <= span[0] and span[1] <= b for a, b in seen):
            continue  # the same words already stated
        seen.add(span)
        q_start, q_end = _quote(clauses, item["start"], item["end"], item["cue_end"], settings)
        out.append(
            {
                "start": s_start + item["start"],
                "end": s_start + item["end"],
                "text": text[item["start"] : item["end"]],
                "quote_start": s_start + q_start,
                "quote_end": s_start + q_end,
                "kind": item["kind"],
                "score": item["score"],
                "cues": item["cues"],
            }
        )
    return out


def _clauses(
    abstract: str,
    s_start: int,
    s_end: int,
    low: str,
    bounds: frozenset[int],
    matches: Sequence[CueMatch],
    cues: CueSet,
) -> list[_Clause]:
    spans: list[tuple[int, int]] = []
    for span in split_clauses(abstract, Span(s_start, s_end)):
        start, end = span.start - s_start, span.end - s_start
        # An enumeration comma joins 挖掘、吸引、留住客户 into one clause.
        if spans and low[spans[-1][1] - 1] == "、":
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    spans = [piece for span in spans for piece in _split_markers(low, *span, bounds)]
    out = []
    for i, (start, end) in enumerate(spans):
        core, lead = _core(low, start, end, bounds, cues)
        body = low[core:end].rstrip(_TRAIL)
        frame = _is_frame(body, cues)
        intro = low[start:end].rstrip().endswith((":", "："))
        homed = tuple(m for m in matches if start <= m.start < end)
        tails = tuple(m for m in matches if m.start < start < m.end <= end)
        topic = bool(cues.starts_with(cues.topic, low[core:end], bounds, core)) and not frame
        out.append(_Clause(start, end, core, lead or i == 0, frame, intro, topic, homed, tails))
    return out


def _split_markers(low: str, start: int, end: int, bounds: frozenset[int]) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _INNER_MARKER.finditer(low, start, end) if m.start() in bounds]
    edges = [start, *(c for c in cuts if c > start), end]
    return [(a, b) for a, b in itertools.pairwise(edges) if b > a]


def _core(low: str, start: int, end: int, bounds: frozenset[int], cues: CueSet) -> tuple[int, bool]:
    """Skip list markers, connectives and joiners at a clause start; say if it starts a run."""
    pos = start
    lead = False
    while pos < end:
        rest = low[pos:end]
        number = _NUMBERING.match(rest)
        if number and number.end() > 0:
            pos += number.end()
            lead = True
            continue
        stripped = len(rest) - len(rest.lstrip(" \u3000"))
        if stripped:
            pos += stripped
            continue
        n = cues.starts_with(cues.lead, rest, bounds, pos)
        if n:
            pos += n
            lead = True
            continue
        n = cues.starts_with(cues.joiner, rest, bounds, pos)
        if n and pos + n < end and low[pos + n] not in _TRAIL:
            pos += n
            continue
        break
    return pos, lead


def _is_frame(body: str, cues: CueSet) -> bool:
    if any(body.startswith(w) for w in cues.frame_starts):
        return True
    return any(body.startswith(w) for w in cues.frame) and body.endswith(cues.frame_ends)


def _runs(clauses: Sequence[_Clause]) -> list[list[_Clause]]:
    runs: list[list[_Clause]] = []
    for clause in clauses:
        if clause.lead or not runs:
            runs.append([clause])
        else:
            runs[-1].append(clause)
    return runs


def _run_statements(
    run: Sequence[_Clause],
    low: str,
    bounds: frozenset[int],
    cues: CueSet,
    settings: SummarizeSettings,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if any(clause.news for clause in run):
        return out  # news of a meeting or a directive: an event, not a practice
    used: set[int] = set()  # clauses a key statement already took
    for k, clause in enumerate(run):
        for match in clause.matches:
            if match.kind != "key":
                continue
            found = _key_statement(run, k, match, low, bounds, cues, settings)
            if found is not None:
                out.append(found)
                # What precedes X 是…的关键 in its run sets the scene for it.
                used.update(range(k + 1))
                break
    window: list[int] = []
    reported = False  # after 统计表明 or a problem word, the run reports, not recommends
    for k, clause in enumerate(run):
        reported = reported or clause.fact
        if k in used or reported or clause.blocked:
            out.extend(_window_statement(run, window, low, cues, settings))
            window = []
            continue
        window.append(k)
    out.extend(_window_statement(run, window, low, cues, settings))
    return out


def _key_statement(
    run: Sequence[_Clause],
    k: int,
    match: CueMatch,
    low: str,
    bounds: frozenset[int],
    cues: CueSet,
    settings: SummarizeSettings,
) -> dict[str, Any] | None:
    """X 是…的关键: return X (the text before the subject word) when X names an action."""
    if not _predicate(low[match.end : run[k].end]):
        return None  # 关键 of 关键区域 or 动力 of 动力电池: an attribute, not "the key"
    marker = _subject_marker(run, k, match, low, bounds, cues)
    j, pos = marker if marker is not None else (k, match.start)
    if low[run[j].core : pos].strip(_TRAIL + " "):
        # X ends inside clause j; without a subject word (X 至关重要) X may begin earlier.
        first = j if marker is not None else 0
        last, stop = j, pos
    else:
        first, last = 0, j - 1
        stop = run[last].end if last >= 0 else -1
    picked = [i for i in range(first, last + 1) if not run[i].frame and not run[i].intro]
    if not picked or any(run[i].background for i in picked):
        return None
    if any(c.fact for c in run[: picked[0] + 1]):
        return None

    def bounds_of(ks: Sequence[int]) -> tuple[int, int]:
        return _trim(low, run[ks[0]].core, stop if ks[-1] == last else run[ks[-1]].end)

    # X is nearest the cue: drop clauses from the front until it is short enough.
    while len(picked) > 1 and _span_len(bounds_of(picked)) > settings.max_statement_chars:
        picked = picked[1:]
    start, end = bounds_of(picked)
    inner = [
        m
        for i in picked
        for m in run[i].matches
        if m.kind in ACTING_KINDS and m.kind != "key" and start <= m.start < end
    ]
    doing = any(m.kind in DOING_KINDS for m in inner)
    if not doing or end - start < 4 or end - start > settings.max_statement_chars:
        return None
    return {
        "start": start,
        "end": end,
        "cue_end": match.end,
        "kind": "recommendation",
        "score": cues.weights["key"] + _score(inner, cues),
        "cues": tuple(dict.fromkeys([match.cue, *(m.cue for m in inner)])),
    }


def _subject_marker(
    run: Sequence[_Clause],
    k: int,
    match: CueMatch,
    low: str,
    bounds: frozenset[int],
    cues: CueSet,
) -> tuple[int, int] | None:
    """The nearest subject word (是, 成为) before a key cue in its run: (clause, offset)."""
    for j in range(k, -1, -1):
        clause = run[j]
        limit = match.start if j == k else clause.end
        best = -1
        for word in cues.subject:
            pos = low.rfind(word, clause.core, limit)
            while pos >= 0 and not (pos in bounds and pos + len(word) in bounds):
                pos = low.rfind(word, clause.core, pos + len(word) - 1)
            best = max(best, pos)
        if best >= 0:
            return j, best
    return None


def _span_len(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _window_statement(
    run: Sequence[_Clause],
    window: Sequence[int],
    low: str,
    cues: CueSet,
    settings: SummarizeSettings,
) -> list[dict[str, Any]]:
    """The statement of a window of clauses: from its first to its last clause with a cue."""
    members = [k for k in window if not run[k].frame]
    cued = [k for k in members if any(m.kind in ACTING_KINDS for m in run[k].matches)]
    if not cued:
        return []
    picked = [k for k in members if cued[0] <= k <= cued[-1]]

    def length(ks: Sequence[int]) -> int:
        return run[ks[-1]].end - run[ks[0]].core

    def clause_score(k: int) -> float:
        return _score([m for m in run[k].matches if m.kind != "key"], cues)

    # Too long: drop the weaker end clause until it fits, never an end holding part of a
    # pattern that starts or ends in another kept clause (a single clause stays whole).
    while len(picked) > 1 and length(picked) > settings.max_statement_chars:
        ends = [k for k in (picked[0], picked[-1]) if not _tied(run, picked, k)]
        if not ends:
            break
        drop = min(ends, key=lambda k: (clause_score(k), k == picked[0]))
        picked = [k for k in picked if k != drop]
    matches = [m for k in picked for m in run[k].matches if m.kind != "key"]
    score = _score(matches, cues)
    if score < settings.min_score or not any(m.kind in DOING_KINDS for m in matches):
        return []  # too weak, or no verb of doing: not a practice
    before = picked[0] - 1
    if before in members and run[before].topic and not run[before].matches:
        picked = [before, *picked]  # 对于其他的客户,则由…负责: keep whom it is about
    start, stop = _trim(low, run[picked[0]].core, run[picked[-1]].end)
    if stop - start > settings.max_statement_chars:
        # Still too long: start at the first cue of the first clause (its subject is lost,
        # what it does is kept).
        first = [m for m in run[picked[0]].matches if m.kind in ACTING_KINDS and m.start > start]
        if first:
            start = first[0].start
    if stop - start < 4:
        return []
    kinds = {m.kind for m in matches}
    kind = "recommendation" if kinds & {"directive", "strategy"} else "example"
    return [
        {
            "start": start,
            "end": stop,
            "cue_end": stop,
            "kind": kind,
            "score": score,
            "cues": tuple(dict.fromkeys(m.cue for m in matches if m.kind != "background")),
        }
    ]


def _tied(run: Sequence[_Clause], picked: Sequence[int], k: int) -> bool:
    """True when clause k holds one end of a cue pattern whose other end is in another kept
    clause."""
    clause = run[k]
    for i in picked:
        if i == k:
            continue
        for m in run[i].matches:
            if clause.start <= m.end - 1 < clause.end:
                return True
    return any(m.end > clause.end for m in clause.matches)


def _score(matches: Iterable[CueMatch], cues: CueSet) -> float:
    """Sum of kind weights, each kind counted once (action up to twice)."""
    counts: dict[str, int] = {}
    for match in matches:
        if match.kind in BLOCKING_KINDS:
            continue
        counts[match.kind] = counts.get(match.kind, 0) + 1
    return sum(cues.weights[k] * min(n, _CAPS.get(k, 1)) for k, n in sorted(counts.items()))


# What may follow a key cue in its clause when it says "X is the key": nothing, or a
# predicate or conjunction (关键在于, 前提和基础, 关键所在, 根本之一).
_AFTER_KEY = ("在于", "是", "所在", "之一", "和", "与", "及", "也", "、")


def _predicate(rest: str) -> bool:
    """True when the clause text after a key cue leaves it a predicate, not an attribute."""
    rest = rest.strip(_TRAIL + " ")
    return not rest or rest.startswith(_AFTER_KEY)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation at both ends, unbalanced quote marks and a leading section label of a
    structured abstract (【方法】, [结论], 〔结果〕: a short bracketed tag never states the
    practice)."""
    while start < end and text[start] in _TRAIL:
        start += 1
    label = _SECTION_LABEL.match(text, start, end)
    if label is not None and label.end() < end:
        start = label.end()
        while start < end and text[start] in _TRAIL:
            start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    piece = text[start:end]
    for opener, closer in zip(_OPENERS, _CLOSERS, strict=True):
        if piece.endswith(opener):
            end -= 1
            piece = piece[:-1]
        if piece.startswith(closer):
            start += 1
            piece = piece[1:]
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


def _quote(
    clauses: Sequence[_Clause], start: int, end: int, cue_end: int, settings: SummarizeSettings
) -> tuple[int, int]:
    """The statement's sentence, or whole clauses around it when the sentence is too long."""
    first = next(i for i, c in enumerate(clauses) if c.end > start)
    last = next(i for i, c in reversed(list(enumerate(clauses))) if c.start < max(end, cue_end))
    limit = settings.max_quote_chars
    while True:
        grown = False
        if last + 1 < len(clauses) and clauses[last + 1].end - clauses[first].start <= limit:
            last += 1
            grown = True
        if first > 0 and clauses[last].end - clauses[first - 1].start <= limit:
            first -= 1
            grown = True
        if not grown:
            break
    return clauses[first].start, clauses[last].end


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so offsets stay those of the original text."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


# Modal words a practice's name does not start with (应分析… names 分析…).
_MODALS = ("必须要", "一定要", "必须", "应当", "应该", "需要", "要", "应", "须", "就", "则", "并")
_NAME_BREAKS = "，,；;"


def practice_name(text: str, cues: Sequence[str], limit: int) -> str:
    """A short name for a practice, from its statement's own words: the statement when it has
    at most `limit` characters; else a stretch of it from a clause start or a cue (a verb, so
    not right after 的 and not inside 《》 or quotes) to a clause end, a leading modal word
    (应, 要) dropped: of those that fit, the one keeping the most cues, then one starting a
    clause, then the longest. When none fits, the statement's start cut to `limit`."""
    if len(text) <= limit:
        return text
    pieces = sorted({p for c in cues if c for p in _ELLIPSIS_SPLIT.split(c)[:1] if p})
    clause_starts = [0, *(i + 1 for i, ch in enumerate(text) if ch in _NAME_BREAKS)]
    cue_starts = [
        i
        for p in pieces
        for i in _all(text, p)
        if not (i > 0 and text[i - 1] == "的") and not _inside_brackets(text, i)
    ]
    ends = [i for i, ch in enumerate(text) if ch in _NAME_BREAKS] + [len(text)]
    best: tuple[int, bool, int, str] | None = None
    for start in sorted({*clause_starts, *cue_starts}):
        if start not in clause_starts and _first_clause_len(text, start) < 3:
            continue  # a cue closing its clause (…开发，在…) would start the name with a stub
        fits = [e for e in ends if start < e and len(text[start:e].strip(_TRAIL)) <= limit + 2]
        for end in fits[-1:]:
            name = _unmodal(text[start:end].strip(_TRAIL))
            if not name or len(name) > limit or _inside_brackets(text, start):
                continue
            option = (sum(1 for p in pieces if p in name), start in clause_starts, len(name), name)
            if best is None or option[:3] > best[:3]:
                best = option
    if best is not None:
        return best[3]
    return text[:limit].strip(_TRAIL)


def _first_clause_len(text: str, start: int) -> int:
    """Characters from `start` to the next clause break (or the end)."""
    for i in range(start, len(text)):
        if text[i] in _NAME_BREAKS:
            return i - start
    return len(text) - start


_BRACKETS = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」", "【": "】"}


def _inside_brackets(text: str, i: int) -> bool:
    """True when offset i lies inside a pair of 《》, quotes or parentheses (or on a closer)."""
    if i < len(text) and text[i] in _BRACKETS.values():
        return True
    for opener, closer in _BRACKETS.items():
        if text.rfind(opener, 0, i) > text.rfind(closer, 0, i):
            return True
    return False


def _all(text: str, piece: str) -> list[int]:
    out = []
    i = text.find(piece)
    while i >= 0:
        out.append(i)
        i = text.find(piece, i + 1)
    return out


def _unmodal(rest: str) -> str:
    for modal in _MODALS:
        if rest.startswith(modal) and len(rest) > len(modal) + 4:
            return rest[len(modal) :]
    return rest


_ELLIPSIS_SPLIT = re.compile(r"…+|\.\.\.+")
