"""The batch segmentation pass: the sentences of many texts cut in few engine calls.

Sentences of many abstracts are joined into batches of ~60,000 characters, one engine call
each; a batch's raw tokens go through one C-level map over the token decisions and one filter,
then are sliced per sentence, and the ends of the cut's words are mapped back to the original
text (`kamlit.text.offsets`). What remains above the bare cut is CPython's own cost per token
(hashing each new string for the look-up) and per sentence (tuples). When the engine releases
the GIL (rjieba), the next batch is cut in a worker thread while a core is idle.

Large inputs are cut in worker processes (`jobs`, default every core): the texts are split
into contiguous chunks of about equal length, one per worker (`kamlit.workers.map_chunks`:
forked, so each inherits the built engine), and the chunks' results are joined in text order.
Every text is cut on its own sentences, so the result is the same whatever the number of
workers. Inputs under `PARALLEL_MIN_CHARS` characters per worker stay in this process.
Speed: benchmarks/bench_segment.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kamlit.gcpause import paused_gc
from kamlit.text.offsets import Batch, Edit, fold_map, fold_origin, word_ends
from kamlit.text.sentences import sentence_bounds
from kamlit.workers import chunk_bounds, map_chunks, workers_for

if TYPE_CHECKING:
    from concurrent.futures import Future

# Sentences of a batch are joined with a line break, which the cutter returns as its own token
# and which no sentence contains (a line break always ends a sentence).
SEP = "\n"
# Characters per engine call: large enough to amortise the call, small enough to pipeline.
_BATCH_CHARS = 60_000

# One segmentation of a sentence: (start, end, tokens, concepts, bounds) with offsets into the
# text; `bounds` are the offsets, relative to `start`, where the cut's words end (the last one
# is the sentence's length), so the words are text[start:end] cut at them.
SentenceSeg = tuple[int, int, tuple[str, ...], tuple[str, ...], tuple[int, ...]]
DocumentSeg = tuple[SentenceSeg, ...]

# None: decide per call (a second thread when a core is idle); True/False force it (tests).
PIPELINE: bool | None = None
# Characters of text per worker process below which a worker does not pay for itself: a
# pool costs ~0.3 s (forking, sending the results back), the cut of 10^6 characters ~1 s.
# About 2,000 abstracts with their titles and keywords.
PARALLEL_MIN_CHARS = 1_000_000


def segment_in_batches(
    texts: Sequence[str],
    *,
    cut: Callable[[str], list[str]],
    substitute: Callable[[str], tuple[str, list[list[Edit]]]],
    decide: Callable[[str], str],
    is_concept: Callable[[str], bool],
    releases_gil: bool,
    jobs: int | None = None,
) -> list[DocumentSeg]:
    """Split each text into sentences and segment them all in batches.

    `cut`: the engine's cut of prepared text into raw tokens; `substitute`: the stand-ins and
    guard spaces applied to folded text, with their edits; `decide`: raw token -> kept
    canonical token, or "" when it is dropped; `is_concept`: whether a kept token is a concept
    candidate. Both must keep the separator `SEP` (decide(SEP) == SEP, is_concept(SEP)),
    which marks the sentence ends. `releases_gil`: the engine cuts without the GIL, so a
    worker thread may cut the next batch meanwhile. `jobs`: worker processes (None: every
    core), used only when the texts are long enough (`PARALLEL_MIN_CHARS` per worker).
    """
    lengths = [len(text) for text in texts]
    workers = workers_for(sum(lengths), jobs, min_weight=PARALLEL_MIN_CHARS)
    if workers > 1:
        # Worker processes fill the cores: no second thread in any of them.
        def chunk(start: int, stop: int) -> list[DocumentSeg]:
            return _segment(
                texts[start:stop], cut, substitute, decide, is_concept, releases_gil=False
            )

        with paused_gc():
            return map_chunks(chunk, chunk_bounds(lengths, workers))
    return _segment(texts, cut, substitute, decide, is_concept, releases_gil=releases_gil)


def _segment(
    texts: Sequence[str],
    cut: Callable[[str], list[str]],
    substitute: Callable[[str], tuple[str, list[list[Edit]]]],
    decide: Callable[[str], str],
    is_concept: Callable[[str], bool],
    *,
    releases_gil: bool,
) -> list[DocumentSeg]:
    """The batch pass over `texts` in this process."""
    with paused_gc():
        bounds = [sentence_bounds(text) for text in texts]
        batches = _batches(texts)
        out: list[DocumentSeg] = []

        def collect(raw: list[str], batch: Batch, docs: range) -> list[DocumentSeg]:
            return _collect(raw, batch, bounds, docs, decide, is_concept)

        if releases_gil and len(batches) > 1 and _pipelining():
            # rjieba releases the GIL while it cuts: cut the next batch in a worker thread
            # while this one turns the previous batch's raw tokens into sentences.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=1) as pool:
                pending: tuple[range, Batch, Future[list[str]]] | None = None
                for docs in batches:
                    batch = _join(texts, bounds, docs, substitute)
                    future = pool.submit(cut, batch.text)
                    if pending is not None:
                        out.extend(collect(pending[2].result(), pending[1], pending[0]))
                    pending = (docs, batch, future)
                if pending is not None:
                    out.extend(collect(pending[2].result(), pending[1], pending[0]))
        else:
            for docs in batches:
                batch = _join(texts, bounds, docs, substitute)
                out.extend(collect(cut(batch.text), batch, docs))
        return out


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


def _join(
    texts: Sequence[str],
    bounds: list[list[tuple[int, int]]],
    docs: range,
    substitute: Callable[[str], tuple[str, list[list[Edit]]]],
) -> Batch:
    """Return the prepared sentences of `docs`, each followed by the separator, with the
    way back from prepared offsets to offsets in the joined original sentences."""
    parts = [texts[i][s:e] for i in docs for s, e in bounds[i]]
    if not parts:
        return Batch("", [], None, [])
    folded: list[str] = []
    origin: list[Any] | None = None
    for n, part in enumerate(parts):
        fold, where = fold_map(part)
        if where is not None and origin is None:
            origin = [None] * n
        if origin is not None:
            origin.append(where)
        folded.append(fold)
    joined = SEP.join(folded) + SEP
    text, steps = substitute(joined)
    origin_array = fold_origin(parts, origin)
    return Batch(text, [len(p) for p in parts], origin_array, steps)


def _collect(
    raw: list[str],
    batch: Batch,
    bounds: list[list[tuple[int, int]]],
    docs: range,
    decide: Callable[[str], str],
    is_concept: Callable[[str], bool],
) -> list[DocumentSeg]:
    """Turn one batch's raw tokens back into per-sentence tokens, concepts and words."""
    # One pass each over the batch (C-level map and filter), then slices per sentence:
    # the separator is kept by both passes, so it marks the sentence ends in both.
    kept = tuple(filter(None, map(decide, raw)))
    concepts = tuple(filter(is_concept, kept))
    words = word_ends(raw, batch)
    find_token = kept.index
    find_concept = concepts.index
    pos = cpos = 0
    part = 0
    out: list[DocumentSeg] = []
    for i in docs:
        sentences = []
        for start, end in bounds[i]:
            stop = find_token(SEP, pos)
            cstop = find_concept(SEP, cpos)
            sentences.append((start, end, kept[pos:stop], concepts[cpos:cstop], words[part]))
            pos = stop + 1
            cpos = cstop + 1
            part += 1
        out.append(tuple(sentences))
    return out
