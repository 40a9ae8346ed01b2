"""A segmenter that owns its jieba state: its own `jieba.Tokenizer` (or `rjieba.Jieba`), never
the global `jieba.dt`.

Cutting runs on jieba or on rjieba (jieba-rs, the same algorithm and dictionary at many times
the speed); both get the same words with the same frequencies, HMM stays off (with it rjieba
differs on Latin-mixed text), and part-of-speech tags come from the dictionary table, not from
the engine, so the choice of engine changes the speed and nothing else.

From raw tokens to kept tokens: normalise (NFKC, lower case), replace phrase
variants the cutter cannot keep whole, cut, map variants to canonical concepts, drop stopwords,
function words (by dictionary tag), numbers, punctuation and tokens shorter than `min_length`.
Concept candidates are the kept tokens that are domain terms or whose tag is a noun class or a
noun-verb. Every decision depends on the token alone, so it is made once per distinct token.

Speed (benchmarks/bench_segment.py): sentences of many abstracts are joined into batches of
~60,000 characters, one engine call each; a batch's raw tokens go through one C-level map over
the decisions and one filter, then are sliced per sentence. What remains above the bare cut is
CPython's own cost per token (hashing each new string for the look-up) and per sentence
(tuples, Sentence objects). With rjieba, the next batch is cut in a worker thread when a core is
idle, since rjieba releases the GIL while it cuts.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import importlib.machinery
import importlib.util
import itertools
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kamlit.errors import UsageError
from kamlit.gcpause import paused_gc
from kamlit.io import atomic_write_text
from kamlit.text.cache import cache_folder
from kamlit.text.jiebadict import JiebaDictionary, load_jieba_dictionary
from kamlit.text.lexicon import Lexicon
from kamlit.text.normalize import fold_for_cut, nfkc
from kamlit.text.sentences import sentence_bounds

if TYPE_CHECKING:
    from concurrent.futures import Future

Engine = Literal["jieba", "rjieba"]
EngineChoice = Literal["auto", "jieba", "rjieba"]
# Noun classes, noun-verbs (服务, 营销) and noun-adjectives, plus Latin words (CRM, WTO).
CONCEPT_TAGS = frozenset({"n", "nz", "nt", "nl", "ng", "vn", "an", "eng"})
# Function classes: conjunctions, adverbs, exclamations, locatives, prefixes and suffixes,
# numerals, onomatopoeia, prepositions, classifiers, pronouns, time words, particles, modals.
_FUNCTION_TAG_LIST = "c d df dg e f h k m mg mq o p q r rg rr rz t tg u ud ug uj ul uv uz y zg"
FUNCTION_TAGS = frozenset(_FUNCTION_TAG_LIST.split())
_WORDLIKE = re.compile(r"[^\W\d_]")  # a letter of any script
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")
_SURROGATES = re.compile("[\ud800-\udfff]")
_NUMBERLIKE = re.compile(r"^[\d.,%/~\-+]+$|^[\d.]+[a-z]{0,2}$")
# Sentences of a batch are joined with a line break, which the cutter returns as its own token
# and which no sentence contains (a line break always ends a sentence).
_SEP = "\n"
# Characters per engine call: large enough to amortise the call, small enough to pipeline.
_BATCH_CHARS = 60_000

# One segmentation of a sentence: (start, end, tokens, concepts, bounds) with offsets into the
# text; `bounds` are the offsets, relative to `start`, where the cut's words end (the last one
# is the sentence's length), so the words are text[start:end] cut at them.
SentenceSeg = tuple[int, int, tuple[str, ...], tuple[str, ...], tuple[int, ...]]
DocumentSeg = tuple[SentenceSeg, ...]
# One replacement of a substitution step: (start, length, source start, source length), where
# output[start:start + length] replaced input[source start:source start + source length].
Edit = tuple[int, int, int, int]

_SEGMENTERS: dict[tuple[Any, ...], Segmenter] = {}
_VERSIONS: dict[str, str] = {}


def resolve_engine(choice: str) -> Engine:
    """Return the engine a setting names: `auto` is rjieba when it is installed, else jieba."""
    has_rjieba = importlib.util.find_spec("rjieba") is not None
    if choice == "auto":
        return "rjieba" if has_rjieba else "jieba"
    if choice == "rjieba":
        if not has_rjieba:
            raise UsageError(
                "segment.segmenter is 'rjieba' but rjieba is not installed; "
                "use 'auto' or 'jieba', or pip install rjieba"
            )
        return "rjieba"
    if choice == "jieba":
        return "jieba"
    raise UsageError(f"segment.segmenter is {choice!r}; expected one of 'auto', 'jieba', 'rjieba'")


# Text the parity check cuts with both engines: tricky spots of the dictionary and of jieba's
# block rules (Latin runs, digits, decimals, percentages, Han extension characters).
_PROBE = (
    "邮政大客户识别的现状分析，扩大客户群与加大客户维系力度；大客户服务体系和大客户关系管理。"
    "根据帕累托的20/80原理，企业80%的利润来自20%的关键客户（key account）。"
    "CRM系统、systems、3G/4G业务、ARPU值增长3.5%，中国移动通信与温州市移动公司。"
    "全球通VIP客户、商业客户与公众客户；市场细分后的一对一服务。㐀客户鿠户 a1b2 x-y_z."
)


def parity_verdict(lexicon: Lexicon, cache_dir: Path | None) -> bool | None:
    """Return the remembered result of the rjieba/jieba parity check (None: not run yet)."""
    path = _verdict_path(lexicon, cache_dir)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return {"same": True, "differs": False}.get(text)


def choose_engine(choice: str, lexicon: Lexicon, cache_dir: Path | None, *, check: bool) -> Engine:
    """Return the engine to cut with. `auto` takes rjieba when it is installed and gives
    jieba's tokens with this lexicon; with `check`, that is tested once (both engines cut a
    probe text and the lexicon's words) and the verdict kept in the cache folder."""
    engine = resolve_engine(choice)
    if choice != "auto" or engine != "rjieba":
        return engine
    verdict = parity_verdict(lexicon, cache_dir)
    if verdict is None and check and cache_dir is not None:
        verdict = _check_parity(lexicon, cache_dir)
    # Without a cache folder there is nowhere to keep a verdict; the test suite's parity
    # proof for the installed versions stands in for it.
    return "jieba" if verdict is False else "rjieba"


def _verdict_path(lexicon: Lexicon, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    from kamlit.text.jiebadict import dictionary_key, jieba_dict_path

    raw = "\0".join(
        [
            package_version("jieba"),
            package_version("rjieba"),
            dictionary_key(jieba_dict_path()),
            lexicon.fingerprint,
            _PROBE,
        ]
    )
    key = hashlib.sha256(raw.encode()).hexdigest()[:24]
    return cache_folder(cache_dir) / f"parity-{key}.txt"


def _check_parity(lexicon: Lexicon, cache_dir: Path) -> bool:
    fast = get_segmenter(lexicon, engine="rjieba", cache_dir=cache_dir)
    slow = get_segmenter(lexicon, engine="jieba", cache_dir=cache_dir)
    words = [e.word for e in lexicon.entries] + sorted(lexicon.synonyms)
    probes = [_PROBE, "，".join(words), "".join(words)]
    same = (
        all(fast.cut(fast.prepare(text)) == slow.cut(slow.prepare(text)) for text in probes)
        and fast.frequencies == slow.frequencies
    )
    path = _verdict_path(lexicon, cache_dir)
    if path is not None:
        with contextlib.suppress(OSError):
            atomic_write_text(path, "same\n" if same else "differs\n")
    return same


def package_version(name: str) -> str:
    """Return an installed distribution's version ('-' when it is not installed)."""
    if name not in _VERSIONS:
        import importlib.metadata

        try:
            _VERSIONS[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            _VERSIONS[name] = "-"
    return _VERSIONS[name]


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
        super().__init__({_SEP: _SEP})
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
        self._concepts: set[str] = {_SEP}  # concept candidates met so far, and the separator

    # ---- engine

    @cached_property
    def _cut_fn(self) -> Callable[[str], list[str]]:
        """Build the engine with kamlit's words and return its plain cut."""
        add: Callable[[str, int, str], Any]
        cut: Callable[[str], list[str]]
        if self.engine == "rjieba":
            rj = _rjieba_class()()
            hmm = self.hmm
            add = rj.add_word

            def cut(text: str) -> list[str]:
                tokens: list[str]
                try:
                    tokens = rj.cut(text, hmm)
                except UnicodeEncodeError:
                    # A lone surrogate (a badly decoded file) has no UTF-8 form for Rust;
                    # as a replacement character it is cut, and dropped, the same way.
                    tokens = rj.cut(_SURROGATES.sub("\ufffd", text), hmm)
                return tokens

        else:
            import jieba

            # jieba logs its dictionary load at DEBUG level to stderr from import on.
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            if self.cache_dir is not None:
                folder = cache_folder(self.cache_dir)
                with contextlib.suppress(OSError):  # an unusable cache folder costs speed only
                    folder.mkdir(parents=True, exist_ok=True)
                    tokenizer.tmp_dir = str(folder)  # its own prefix-dict cache goes with ours
            tokenizer.initialize()
            add = tokenizer.add_word
            jieba_hmm = self.hmm

            def cut(text: str) -> list[str]:
                return list(tokenizer.cut(text, HMM=jieba_hmm))

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
        ordered = [e for e in entries if e.freq is not None] + [
            e for e in entries if e.freq is None
        ]
        for entry in ordered:
            if _ASCII_WORD.match(entry.word):
                # jieba's dictionary has no Latin words and its cut keeps a run of Latin
                # letters and digits whole; a Latin entry would split longer runs instead
                # (systems -> syst/ems), so Latin words are left to the run rule.
                continue
            freq = entry.freq if entry.freq is not None else self._suggest(entry.word, cut, total)
            add(entry.word, freq, entry.tag)
            self.frequencies[entry.word] = freq
            total += freq

    def _suggest(self, word: str, cut: Callable[[str], list[str]], total: int) -> int:
        """jieba's `suggest_freq(word, tune=False)`: the least frequency that keeps it whole."""
        product = 1.0
        for piece in cut(word):
            product *= self._freq(piece) / total
        return max(int(product * total) + 1, self._freq(word) or 1)

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

    # ---- one piece of text

    def prepare(self, text: str) -> str:
        """Normalise text and replace the phrase variants the cutter cannot keep whole."""
        return self._substitute(fold_for_cut(text))[0]

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
        """True when a kept token is a concept candidate: a domain term, a noun or noun-verb."""
        return bool(self._judge(token))

    def _judge(self, token: str) -> bool | None:
        """None: drop the token; else whether it is a concept candidate."""
        if token in self.lexicon.domain_terms:
            return True
        if len(token) < self.min_length or token in self.lexicon.stopwords:
            return None
        if not _WORDLIKE.search(token) or _NUMBERLIKE.match(token):
            return None
        tag = self.tag(token)
        if tag in FUNCTION_TAGS:
            return None
        return tag in CONCEPT_TAGS

    def analyze(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Return (tokens, concept candidates) of one sentence of original text."""
        get = self._decisions.__getitem__
        tokens = tuple(t for t in map(get, self.cut(self.prepare(text))) if t and t != _SEP)
        return tokens, tuple(filter(self._concepts.__contains__, tokens))

    # ---- many abstracts

    def segment_texts(self, texts: Sequence[str]) -> list[DocumentSeg]:
        """Split each text into sentences and segment them all; fast on large inputs.

        Besides tokens and concepts, every sentence gets the offsets of its words in the
        original text (see `SentenceSeg`), mapped back through normalisation, phrase
        stand-ins and guard spaces, so later stages need no second cut.
        """
        cut = self._cut_fn  # build the engine before any thread starts
        with paused_gc():
            bounds = [sentence_bounds(text) for text in texts]
            batches = _batches(texts)
            out: list[DocumentSeg] = []
            if self.engine == "rjieba" and len(batches) > 1 and _pipelining():
                # rjieba releases the GIL while it cuts: cut the next batch in a worker thread
                # while this one turns the previous batch's raw tokens into sentences.
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(max_workers=1) as pool:
                    pending: tuple[range, _Batch, Future[list[str]]] | None = None
                    for docs in batches:
                        batch = self._join(texts, bounds, docs)
                        future = pool.submit(cut, batch.text)
                        if pending is not None:
                            out.extend(
                                self._collect(pending[2].result(), pending[1], bounds, pending[0])
                            )
                        pending = (docs, batch, future)
                    if pending is not None:
                        out.extend(
                            self._collect(pending[2].result(), pending[1], bounds, pending[0])
                        )
            else:
                for docs in batches:
                    batch = self._join(texts, bounds, docs)
                    out.extend(self._collect(cut(batch.text), batch, bounds, docs))
            return out

    def _join(
        self, texts: Sequence[str], bounds: list[list[tuple[int, int]]], docs: range
    ) -> _Batch:
        """Return the prepared sentences of `docs`, each followed by the separator, with the
        way back from prepared offsets to offsets in the joined original sentences."""
        parts = [texts[i][s:e] for i in docs for s, e in bounds[i]]
        if not parts:
            return _Batch("", [], None, [])
        folded: list[str] = []
        origin: list[Any] | None = None
        for n, part in enumerate(parts):
            fold, where = fold_map(part)
            if where is not None and origin is None:
                origin = [None] * n
            if origin is not None:
                origin.append(where)
            folded.append(fold)
        joined = _SEP.join(folded) + _SEP
        text, steps = self._substitute(joined)
        origin_array = _fold_origin(parts, origin)
        return _Batch(text, [len(p) for p in parts], origin_array, steps)

    def _collect(
        self, raw: list[str], batch: _Batch, bounds: list[list[tuple[int, int]]], docs: range
    ) -> list[DocumentSeg]:
        """Turn one batch's raw tokens back into per-sentence tokens, concepts and words."""
        # One pass each over the batch (C-level map and filter), then slices per sentence:
        # the separator is kept by both passes, so it marks the sentence ends in both.
        kept = tuple(filter(None, map(self._decisions.__getitem__, raw)))
        concepts = tuple(filter(self._concepts.__contains__, kept))
        words = _word_ends(raw, batch)
        find_token = kept.index
        find_concept = concepts.index
        pos = cpos = 0
        part = 0
        out: list[DocumentSeg] = []
        for i in docs:
            sentences = []
            for start, end in bounds[i]:
                stop = find_token(_SEP, pos)
                cstop = find_concept(_SEP, cpos)
                sentences.append((start, end, kept[pos:stop], concepts[cpos:cstop], words[part]))
                pos = stop + 1
                cpos = cstop + 1
                part += 1
            out.append(tuple(sentences))
        return out

    def _substitute(self, text: str) -> tuple[str, list[list[Edit]]]:
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

    # ---- decisions and phrases

    def _decide(self, raw: str) -> str:
        token = self.lexicon.canonical(raw)
        judged = self._judge(token)
        if judged is None:
            return ""
        if judged:
            self._concepts.add(token)
        return token

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
        self._cut_fn  # noqa: B018 - the contests below need the frequencies the build sets
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


# None: decide per call (a second thread when a core is idle); True/False force it (tests).
PIPELINE: bool | None = None


def _pipelining() -> bool:
    """True when cutting in a worker thread pays: the process may use two CPUs and one of
    them is idle. On a busy machine the two threads only compete for one core, which costs
    more than it saves; the tokens are the same either way."""
    if PIPELINE is not None:
        return PIPELINE
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    if cpus < 2:
        return False
    try:
        load = os.getloadavg()[0]  # this process counts for about one
    except (AttributeError, OSError):  # pragma: no cover - no load average here (Windows)
        return True
    return load < cpus - 0.5


def _rjieba_class() -> Any:
    """Return `rjieba.Jieba`, loading the extension module without the package's __init__.

    `import rjieba` builds a default instance that kamlit never uses (0.2 s, most of the
    engine's start-up). The extension is registered as `rjieba.rjieba`, so a later
    `import rjieba` elsewhere reuses it instead of initialising it twice.
    """
    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded.Jieba
    spec = importlib.util.find_spec("rjieba")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    files = []
    if folder is not None:
        files = sorted(folder.glob("rjieba.*.so")) + sorted(folder.glob("rjieba.*.pyd"))
    if not files:
        import rjieba

        return rjieba.Jieba
    loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(files[0]))
    ext = importlib.util.spec_from_file_location("rjieba.rjieba", files[0], loader=loader)
    assert ext is not None
    module = importlib.util.module_from_spec(ext)
    loader.exec_module(module)
    sys.modules["rjieba.rjieba"] = module
    return module.Jieba


def _batches(texts: Sequence[str]) -> list[range]:
    """Group documents into runs of about `_BATCH_CHARS` characters of sentence text."""
    out: list[range] = []
    start = 0
    size = 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= _BATCH_CHARS:
            out.append(range(start, i + 1))
            start = i + 1
            size = 0
    if start < len(texts):
        out.append(range(start, len(texts)))
    return out


# ---------------------------------------------------------------------------- offsets


@dataclass(frozen=True)
class _Batch:
    """One engine call's prepared text and how to map its offsets back.

    `lengths`: the original sentences' lengths (joined with the separator in that order);
    `origin`: per folded offset, the offset in the joined original sentences (None: folding
    kept every character in place); `edits`: stand-ins and guard spaces (see `_substitute`).
    """

    text: str
    lengths: list[int]
    origin: Any
    edits: list[list[Edit]]


def fold_map(text: str) -> tuple[str, list[int] | None]:
    """Return `fold_for_cut(text)` and, per folded offset (and one past the end), the offset
    in `text` it comes from; None when every character folds to exactly one character.

    A character (with the combining marks after it) that folds to several (… to ...)
    maps its first folded character to its own start and the others to its end; several
    that fold to fewer map to their start. Where folding character by character does not
    give the fold of the whole (a composition across characters), the whole text is one
    unit: inner offsets map to 0, the end to the end.
    """
    if text.isascii():
        return text.lower(), None
    folded = fold_for_cut(text)
    if len(folded) == len(text):
        wide = text.translate(_WIDE_TABLE)
        if unicodedata.is_normalized("NFKC", wide) and len(wide.lower()) == len(wide):
            return folded, None  # the fold is the wide map and a lower case, both 1:1
    origin: list[int] = []
    size = len(text)
    i = 0
    count = 0
    while i < size:
        j = i + 1
        while j < size and unicodedata.combining(text[j]):
            j += 1
        piece = nfkc(text[i:j]).lower()
        count += len(piece)
        origin.extend([i] + [min(i + k, j) for k in range(1, len(piece))])
        i = j
    if count != len(folded):  # pragma: no cover - no such text found so far
        return folded, [0] * len(folded) + [size]
    origin.append(size)
    return folded, origin


_WIDE_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _fold_origin(parts: Sequence[str], origin: list[Any] | None) -> Any:
    """Per offset of the joined folded parts, the offset in the joined original parts."""
    if origin is None:
        return None
    import numpy as np

    arrays = []
    at = 0
    for part, where in zip(parts, origin, strict=True):
        if where is None:
            arrays.append(np.arange(at, at + len(part) + 1, dtype=np.int64))
        else:
            arrays.append(np.asarray(where, dtype=np.int64) + at)
        at += len(part) + 1  # the separator follows
    arrays.append(np.array([at], dtype=np.int64))
    return np.concatenate(arrays)


def _word_ends(raw: list[str], batch: _Batch) -> list[tuple[int, ...]]:
    """Per sentence of the batch, the offsets (relative to the sentence) where words end."""
    import numpy as np

    if not batch.lengths:
        return []
    lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
    ends = np.cumsum(lengths)
    if not len(ends) or ends[-1] != len(batch.text):  # pragma: no cover - cuts keep text
        return [tuple(range(1, n + 1)) for n in batch.lengths]
    for edits in batch.edits:
        ends = _map_back(ends, edits)
    if batch.origin is not None:
        ends = batch.origin[ends]
    sizes = np.asarray(batch.lengths, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]])
    stops = starts + sizes
    ends = ends[np.diff(ends, prepend=-1) > 0]
    # The sentence each end belongs to: the first whose stop is at or after it, when the end
    # lies after that sentence's start (the separators' ends lie in no sentence).
    which = np.searchsorted(stops, ends, side="left")
    valid = which < len(stops)
    valid[valid] &= ends[valid] > starts[which[valid]]
    which = which[valid]
    # Offsets relative to each sentence's start: small ints, shared by CPython.
    relative = (ends[valid] - starts[which]).tolist()
    cuts = np.concatenate([[0], np.cumsum(np.bincount(which, minlength=len(stops)))]).tolist()
    return [tuple(relative[a:b]) for a, b in itertools.pairwise(cuts)]


def _map_back(ends: Any, edits: list[Edit]) -> Any:
    """Map offsets of one substitution step's output back to its input (see `_substitute`).

    Outside edits an offset shifts by the edits before it. Inside a stand-in " X ",
    the offsets up to X's start map to the phrase's start, the others to its end; inside an
    inserted space, to where it was inserted.
    """
    import numpy as np

    starts = np.array([e[0] for e in edits], dtype=np.int64)
    lengths = np.array([e[1] for e in edits], dtype=np.int64)
    sources = np.array([e[2] for e in edits], dtype=np.int64)
    source_lengths = np.array([e[3] for e in edits], dtype=np.int64)
    k = np.searchsorted(starts, ends, side="right") - 1  # the last edit starting at or before
    out = ends.copy()
    has = k >= 0
    kk = k[has]
    e = ends[has]
    inside = e < starts[kk] + lengths[kk]
    after_end = sources[kk] + source_lengths[kk] + (e - starts[kk] - lengths[kk])
    into = e - starts[kk]
    at_inside = np.where(into <= 1, sources[kk], sources[kk] + source_lengths[kk])
    at_inside = np.where(into == 0, sources[kk], at_inside)
    out[has] = np.where(inside, at_inside, after_end)
    return out
