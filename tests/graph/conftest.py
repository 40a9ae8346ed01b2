"""Fixtures for the graph tests: a three-record corpus checkable by hand, and the default corpus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from kamlit.corpus import PreparedCorpus, from_corpus
from kamlit.graph import ConceptGraph, build_concept_graph, write_graph
from kamlit.sectors import RecordSectors, SectorAssignment, load_sectors
from kamlit.settings import GraphSettings
from kamlit.text import Corpus, Document, Sentence
from kamlit.text.lexicon import load_lexicon
from kamlit.types import Record, Source

# Three records, their sentences and the concepts the segmenter would give each sentence.
# Units (sentences): 5. Unit frequencies: 大客户 3, 电信 2, 服务 3, 邮政 2.
HAND = (
    (
        "hand:1",
        2001,
        ("telecom",),
        (
            ("大客户与电信，大客户。", ("大客户", "电信", "大客户")),
            ("大客户的服务。", ("大客户", "服务")),
        ),
    ),
    ("hand:2", 2005, ("postal",), (("大客户、电信和服务。", ("大客户", "电信", "服务")),)),
    (
        "hand:3",
        None,
        ("telecom", "postal"),
        (("邮政的服务。", ("邮政", "服务")), ("邮政。", ("邮政",))),
    ),
)


def make_corpus(spec: Sequence[tuple[Any, ...]]) -> tuple[PreparedCorpus, SectorAssignment]:
    """Build a prepared corpus (and its sectors) whose sentences carry exactly the given
    concepts."""
    records, documents, sectors = [], [], []
    for rid, year, secs, sentences in spec:
        abstract = "".join(text for text, _ in sentences)
        spans, at = [], 0
        for text, concepts in sentences:
            spans.append(Sentence(at, at + len(text), text, tuple(concepts), tuple(concepts)))
            at += len(text)
        records.append(
            Record(
                id=rid,
                abstract=abstract,
                year=year,
                title=f"标题{rid[-1]}",
                source=Source(file="hand.txt", format="test", line=1),
            )
        )
        documents.append(Document(id=rid, sentences=tuple(spans)))
        sectors.append(RecordSectors(rid, tuple(secs), {}))
    corpus = Corpus(records=tuple(records), documents=tuple(documents), lexicon=load_lexicon())
    assignment = SectorAssignment(sectors=load_sectors(), records=tuple(sectors))
    return from_corpus(corpus, sectors=assignment), assignment


@pytest.fixture
def hand() -> tuple[PreparedCorpus, SectorAssignment]:
    """The three hand-made records and their sectors."""
    return make_corpus(HAND)


@pytest.fixture
def corpus_from() -> Callable[..., tuple[PreparedCorpus, SectorAssignment]]:
    """`make_corpus` as a fixture, for tests that need their own little corpus."""
    return make_corpus


@pytest.fixture
def build() -> Callable[..., ConceptGraph]:
    """Build the hand-made corpus's graph with every pair kept (settings may override)."""

    def build(**settings: Any) -> ConceptGraph:
        corpus, _ = make_corpus(HAND)
        base = {"min_count": 1, "backbone": "off", "top": 100, **settings}
        return build_concept_graph(corpus, settings=GraphSettings(**base))

    return build


@pytest.fixture(scope="session")
def default_corpus() -> PreparedCorpus:
    from conftest import CORPUS_FILE
    from kamlit.corpus import prepare

    return prepare([CORPUS_FILE])


@pytest.fixture(scope="session")
def default_graph(default_corpus: PreparedCorpus) -> ConceptGraph:
    return build_concept_graph(default_corpus)


@pytest.fixture(scope="session")
def default_out(default_graph: ConceptGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph-out")
    write_graph(default_graph, out)
    return out
