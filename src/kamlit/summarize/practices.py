"""Find recommending statements in abstracts, group them into practices, rank and de-duplicate.

1. Statements. Each sentence is cut into words (the corpus's dictionary) and split into
   clauses (`split_clauses`; an enumeration comma 、 joins rather than splits, a list marker
   inside a clause splits it), and the clauses into runs: a run breaks where a clause starts
   with a connective or list marker (因此, 一是, 1.). Cues from `data/practice_cues.toml` are
   found on word boundaries (see `cues.py`). In a run, a `key` cue (X 是…的关键, X 至关重要)
   yields X, the text before the subject word, when X names an action; what precedes X in the
   run only sets the scene for it. The other clauses form windows of consecutive clauses that
   carry no background cue, no reported fact (统计表明, 缺乏 … block the rest of the run) and
   are no bare list introduction (…三点要求:); a window whose cue score reaches `min_score`
   yields a statement: from its first to its last clause with a cue (a 对于… topic clause just
   before it included), scene-setting clauses (对于…而言, 为了…) and leading connectives
   trimmed, shortened clause by clause to `max_statement_chars` without splitting a cue
   pattern. Questions are skipped. Every statement is a substring of the abstract; its quote
   is the sentence around it (and around its key words), cut at clause ends to
   `max_quote_chars`. Directive, key or strategy cues make it a `recommendation`, otherwise
   it describes what an organisation did: an `example`.
2. Features. The words of the statement, canonical (the lexicon's synonyms), stop words
   dropped, then mapped to practice concepts (`data/practice_concepts.toml`: 细分, 分为, 划分
   are all 客户细分). Weights per occurrence: practice concept 2, domain term 1, other concept
   word 0.5, other word 0.25; words naming a sector (电信, 中国移动, 邮政) are left out, since they
   tell the sector, not the practice. TF-IDF with the IDF of all sentences of the corpus,
   L2-normalised.
3. Practices. Statements of one sector are grouped by average-linkage clustering of their
   cosine similarity, cut at `similarity`. A practice's support is the number of distinct
   records among its statements; its centrality the mean cosine of its centroid with the
   sector's other statements; its statement the member closest to its centroid (stronger cues
   breaking near-ties); its theme its practice concepts and heaviest domain terms (1–3); its
   evidence one quote per record, closest first, up to `max_evidence`. Practices are ranked by
   support, then centrality, then cue score, and selected by maximal marginal relevance (MMR,
   `mmr_lambda`), which also drops near-duplicates (`duplicate`).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kamlit.settings import SummarizeSettings
from kamlit.summarize.cues import ACTING_KINDS, BLOCKING_KINDS, STRONG_KINDS, CueMatch, CueSet
from kamlit.summarize.model import Evidence, Practice
from kamlit.text import Span, split_clauses
from kamlit.text.normalize import normalize_text

if TYPE_CHECKING:
    import numpy as np

    from kamlit.text import Corpus, Sentence

# Feature weights: a practice concept (data/practice_concepts.toml) says what is recommended
# more than a domain term (大客户经理), which says more than any other noun or word.
FAMILY_WEIGHT = 2.0
DOMAIN_WEIGHT = 1.0
CONCEPT_WEIGHT = 0.5
WORD_WEIGHT = 0.25
# A word in more than this share of the corpus's sentences is too common to be a theme.
COMMON_SHARE = 0.2
# Choosing a practice's statement: closeness to the centroid plus this much per cue point.
STATEMENT_CUE_BONUS = 0.05
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
        for sentence in document.sentences:
            for found in _sentence_statements(
                abstract, sentence.start, sentence.end, cues, _bounds(sentence), settings
            ):
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
    if not inner or end - start < 4 or end - start > settings.max_statement_chars:
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
    if score < settings.min_score or not any(m.kind in ACTING_KINDS for m in matches):
        return []
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation at both ends and unbalanced quote marks."""
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


# ---------------------------------------------------------------------------- grouping


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


def cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    """Dot product of two L2-normalised sparse vectors given as {index: weight}."""
    if len(b) < len(a):
        a, b = b, a
    return float(sum(w * b.get(i, 0.0) for i, w in a.items()))


def cluster(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of items whose similarity stays >= threshold, by first item."""
    import numpy as np

    n = similarity.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2.0
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass(frozen=True)
class Candidate:
    """A practice before selection, with its centroid for similarity to other practices."""

    practice: Practice
    centroid: Mapping[int, float]  # L2-normalised, {vocabulary index: weight}
    score: float


def build_practices(
    statements: Sequence[Statement],
    matrix: Any,
    *,
    space: FeatureSpace,
    titles: Mapping[str, str | None],
    abstracts: Mapping[str, str],
    settings: SummarizeSettings,
) -> list[Candidate]:
    """Group a sector's statements into practices, ranked by support, centrality, cue score."""
    if not statements:
        return []
    import numpy as np

    similarity = (matrix @ matrix.T).toarray()
    # A record's position in the corpus (the same for all its statements): one look-up table
    # instead of a scan of the statements per record.
    where = {s.record: s.position for s in statements}
    candidates = []
    n = len(statements)
    for members in cluster(similarity, settings.similarity):
        mean = np.asarray(matrix[members].mean(axis=0)).ravel()
        nonzero = np.flatnonzero(mean)
        # The norm over the non-zero entries only (np.linalg.norm goes through BLAS, which
        # is slow on short-lived, contended threads).
        norm = math.sqrt(float(np.square(mean[nonzero]).sum()))
        mean = mean / norm if norm > 0 else mean
        centroid = {int(i): float(mean[i]) for i in nonzero}
        to_centroid = np.asarray(matrix @ mean).ravel()  # every statement's cosine with it
        closeness = to_centroid[members]
        # The statement closest to the centroid speaks for the practice; stronger cues
        # break near-ties.
        order = sorted(
            range(len(members)),
            key=lambda i: (
                -round(float(closeness[i]) + STATEMENT_CUE_BONUS * statements[members[i]].score, 9),
                statements[members[i]].position,
                statements[members[i]].order,
            ),
        )
        ranked = [statements[members[i]] for i in order]
        head = ranked[0]
        evidence: list[Evidence] = []
        seen: set[str] = set()
        for item in ranked:
            if item.record in seen:
                continue
            seen.add(item.record)
            evidence.append(_evidence(item, titles, abstracts))
            if len(evidence) >= settings.max_evidence:
                break
        records = tuple(sorted({s.record for s in ranked}, key=where.__getitem__))
        # Centrality: how close the practice is to the sector's other statements (the mean
        # cosine with each statement outside it): a practice the rest of the literature
        # keeps coming back to ranks above an isolated one.
        outside = n - len(members)
        centrality = float(to_centroid.sum() - closeness.sum()) / outside if outside else 0.0
        practice = Practice(
            statement=head.text,
            theme=_theme(centroid, space),
            support=len(records),
            evidence=tuple(evidence),
            records=records,
            kind=head.kind,
            centrality=round(centrality, 6),
            source=Evidence(head.record, head.text, head.start, head.end, titles.get(head.record)),
        )
        candidates.append(Candidate(practice, centroid, max(s.score for s in ranked)))
    candidates.sort(
        key=lambda c: (
            -c.practice.support,
            -c.practice.centrality,
            -c.score,
            where[c.practice.source.id],
            c.practice.source.start,
        )
    )
    return candidates


def select_practices(
    candidates: Sequence[Candidate], settings: SummarizeSettings
) -> list[Candidate]:
    """Maximal marginal relevance: relevance (rank) against similarity to practices already
    chosen; practices at least `duplicate` similar to a chosen one are dropped."""
    if not candidates:
        return []
    top = max(c.practice.support for c in candidates) + 1.0
    relevance = [(c.practice.support + max(c.practice.centrality, 0.0)) / top for c in candidates]
    remaining = list(range(len(candidates)))
    chosen: list[int] = []
    lam = settings.mmr_lambda
    while remaining and len(chosen) < settings.max_practices:
        best: tuple[float, int] | None = None
        keep = []
        for i in remaining:
            redundancy = max(
                (cosine(candidates[i].centroid, candidates[j].centroid) for j in chosen),
                default=0.0,
            )
            if redundancy >= settings.duplicate:
                continue  # a near-duplicate of a chosen practice
            keep.append(i)
            value = lam * relevance[i] - (1 - lam) * redundancy
            if best is None or value > best[0] + 1e-12:
                best = (value, i)
        if best is None:
            break
        chosen.append(best[1])
        remaining = [i for i in keep if i != best[1]]
    return [candidates[i] for i in chosen]


def _theme(centroid: Mapping[int, float], space: FeatureSpace) -> tuple[str, ...]:
    """Up to 3 terms: the practice concepts of the centroid (they name the practice), then
    its heaviest domain terms (大客户经理); other concept words only when there are neither.
    Terms weigh at least half the heaviest of their kind; other words in more than a fifth of
    all sentences (客户) characterise nothing and are left out."""
    weighted = [
        (w, space.vocabulary[i])
        for i, w in centroid.items()
        if w > 0
        and (space.vocabulary[i] in space.families or not space.is_common(space.vocabulary[i]))
    ]
    weighted.sort(key=lambda wt: (-round(wt[0], 9), wt[1]))
    named = [t for _, t in weighted if t in space.families]
    domain = [(w, t) for w, t in weighted if t not in space.families and t in space.domain]
    if not named and not domain:
        domain = [(w, t) for w, t in weighted if t in space.concepts]
    top = max((w for w, _ in domain), default=0.0)
    return tuple([*named, *(t for w, t in domain if w >= 0.5 * top)][:3])


def _evidence(
    statement: Statement, titles: Mapping[str, str | None], abstracts: Mapping[str, str]
) -> Evidence:
    abstract = abstracts[statement.record]
    quote = abstract[statement.quote_start : statement.quote_end]
    return Evidence(
        statement.record,
        quote,
        statement.quote_start,
        statement.quote_end,
        titles.get(statement.record),
    )


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so offsets stay those of the original text."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
