"""Segmentation and sector scoring in worker processes give what one process gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kamlit.sectors
import kamlit.text.batch
import kamlit.workers
from kamlit.corpus import read_records
from kamlit.sectors import assign_sectors
from kamlit.settings import Settings
from kamlit.text import segment_records
from kamlit.workers import chunk_bounds, map_chunks, workers_for

# The seed corpus (20 records): other tests build its engine, which these reuse.
SEED = Path(__file__).resolve().parent.parent / "corpus" / "key-accounts-similar-literature.txt"

needs_fork = pytest.mark.skipif(not kamlit.workers.can_fork(), reason="no fork here")


def test_chunks_are_contiguous_ordered_and_balanced_by_weight() -> None:
    weights = [5, 1, 1, 1, 1, 1, 5, 5]
    chunks = chunk_bounds(weights, 2)
    assert [(c.start, c.stop) for c in chunks] == [(0, 6), (6, 8)]
    for n in range(1, 12):
        for parts in range(1, 6):
            got = chunk_bounds([1] * n, parts)
            assert [i for c in got for i in c] == list(range(n))
            assert len(got) == min(parts, n) and all(len(c) for c in got)
    assert chunk_bounds([], 3) == []


def test_small_inputs_stay_in_this_process() -> None:
    assert workers_for(999, 4, min_weight=1000) == 1
    assert workers_for(10_000, 1, min_weight=1000) == 1
    assert workers_for(2_500, 4, min_weight=1000) == (2 if kamlit.workers.can_fork() else 1)
    assert workers_for(10_000, 3, min_weight=1000) == (3 if kamlit.workers.can_fork() else 1)


@needs_fork
def test_map_chunks_runs_the_first_chunk_here_and_the_others_in_workers() -> None:
    def task(start: int, stop: int) -> list[tuple[int, int]]:
        return [(i, os.getpid()) for i in range(start, stop)]

    out = map_chunks(task, chunk_bounds([1] * 9, 3))
    assert [i for i, _ in out] == list(range(9))
    pids = [pid for _, pid in out]
    assert pids[:3] == [os.getpid()] * 3
    assert os.getpid() not in pids[3:]


@needs_fork
def test_a_failing_worker_raises_here() -> None:
    def task(start: int, stop: int) -> list[int]:
        if start:
            raise ValueError("worker failed")
        return list(range(start, stop))

    with pytest.raises(ValueError, match="worker failed"):
        map_chunks(task, chunk_bounds([1] * 4, 2))


def _spy(monkeypatch: pytest.MonkeyPatch, module: object) -> list[int]:
    """Record the number of chunks each call of `module.map_chunks` gets."""
    calls: list[int] = []
    real = map_chunks

    def spy(task, chunks):  # type: ignore[no-untyped-def]
        calls.append(len(chunks))
        return real(task, chunks)

    monkeypatch.setattr(module, "map_chunks", spy)
    return calls


@needs_fork
def test_segment_records_in_two_workers_equals_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = read_records([SEED], Settings()).records
    one = segment_records(records, use_cache=False, jobs=1)
    monkeypatch.setattr(kamlit.text.batch, "PARALLEL_MIN_CHARS", 1)
    calls = _spy(monkeypatch, kamlit.text.batch)
    two = segment_records(records, use_cache=False, jobs=2)
    three = segment_records(records, use_cache=False, jobs=3)
    assert calls == [2, 3]  # the cut did run in workers
    assert one.documents == two.documents == three.documents
    assert one.vocabulary == two.vocabulary and one.lexicon == two.lexicon


@needs_fork
def test_workers_on_a_fresh_segmenter_find_the_same_concepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The workers judge each token in their copy of the segmenter; the concept and verb sets
    # the parent reads afterwards (distinctive verbs join the concepts) must not miss those.
    import kamlit.text.segmenter as segmenter

    records = read_records([SEED], Settings()).records
    monkeypatch.setattr(segmenter, "_SEGMENTERS", {})
    one = segment_records(records, use_cache=False, jobs=1)
    monkeypatch.setattr(segmenter, "_SEGMENTERS", {})
    monkeypatch.setattr(kamlit.text.batch, "PARALLEL_MIN_CHARS", 1)
    two = segment_records(records, use_cache=False, jobs=2)
    assert one.documents == two.documents
    fresh = next(iter(segmenter._SEGMENTERS.values()))
    concepts = {t for doc in two.documents for s in doc.sentences for t in s.concepts}
    assert concepts & fresh._verbs, "the seed has distinctive verbs among its concepts"


@needs_fork
def test_assign_sectors_in_two_workers_equals_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = read_records([SEED], Settings()).records
    corpus = segment_records(records, use_cache=False, jobs=1)
    one = assign_sectors(corpus, jobs=1)
    monkeypatch.setattr(kamlit.sectors, "PARALLEL_MIN_RECORDS", 1)
    calls = _spy(monkeypatch, kamlit.sectors)
    two = assign_sectors(corpus, jobs=2)
    assert calls == [2]
    assert one == two
    assert one.to_dict() == two.to_dict()
    assert {s for r in one.records for s in r.sectors} != {"general"}  # sectors were found


def test_below_the_threshold_no_worker_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    records = read_records([SEED], Settings()).records
    segment_calls = _spy(monkeypatch, kamlit.text.batch)
    sector_calls = _spy(monkeypatch, kamlit.sectors)
    corpus = segment_records(records, use_cache=False, jobs=2)
    assign_sectors(corpus, jobs=2)
    assert segment_calls == [] and sector_calls == [1]
