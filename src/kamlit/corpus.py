"""One prepared corpus that every analysis shares: records read, cut once, sectors assigned.

`prepare` reads the inputs with every `[ingest]` setting (`read_records`), segments the
abstracts, titles and keywords in one pass (`kamlit.text.segment_records`) and assigns each
record its sectors from that one segmentation (`kamlit.sectors.assign_sectors`). Terms,
topics, the concept graph and the digests all take the result as their first argument, so
they agree on every record's sectors and never cut text again.

>>> from kamlit.corpus import prepare
>>> from kamlit.settings import Settings
>>> from kamlit.types import Record, Source
>>> source = Source(file="example.txt", format="jsonl", line=1)
>>> records = [
...     Record(id="a:1", abstract="中国电信应建立大客户经理制。", source=source),
...     Record(id="a:2", abstract="邮政企业要加强沟通信息的反馈。", source=source),
... ]
>>> prepared = prepare(records=records, settings=Settings(), use_cache=False)
>>> prepared.sectors_of("a:1"), prepared.sectors_of("a:2")
(('telecom',), ('postal',))
>>> "大客户经理制" in prepared.by_id["a:1"][1].tokens
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kamlit.settings import Settings, cache_dir

if TYPE_CHECKING:
    from kamlit.ingest import IngestResult
    from kamlit.sectors import RecordSectors, SectorAssignment
    from kamlit.text import Corpus, Document, Lexicon, Segmenter
    from kamlit.types import Record

__all__ = ["PreparedCorpus", "from_corpus", "prepare", "read_records"]


@dataclass(frozen=True)
class PreparedCorpus:
    """Records read, segmented and assigned to sectors: what every analysis starts from.

    `ingest`: the records with the problems, merges and files of reading them (for records
    given directly, an `IngestResult` without files); `corpus`: the one segmentation;
    `sectors`: every record's sectors; `settings`: the settings it was prepared with.
    """

    ingest: IngestResult
    corpus: Corpus
    sectors: SectorAssignment
    settings: Settings

    @property
    def records(self) -> tuple[Record, ...]:
        """The records, in corpus order."""
        return self.corpus.records

    @property
    def documents(self) -> tuple[Document, ...]:
        """The segmented documents, in record order."""
        return self.corpus.documents

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon the corpus was cut with."""
        return self.corpus.lexicon

    @property
    def by_id(self) -> dict[str, tuple[Record, Document]]:
        """Record id -> (record, document)."""
        return self.corpus.by_id

    def sectors_of(self, record_id: str) -> tuple[str, ...]:
        """The sectors of one record (KeyError for an unknown id); O(1)."""
        return self.sectors.of(record_id)

    def sector_record(self, record_id: str) -> RecordSectors:
        """One record's sectors with the cues and scores behind them; O(1)."""
        return self.sectors.record(record_id)

    @cached_property
    def segmenter(self) -> Segmenter:
        """The segmenter of this run (same engine choice, lexicon and `min_length`), for
        dictionary look-ups such as `keeps`; it does not cut again."""
        from kamlit.text.parity import choose_engine
        from kamlit.text.segmenter import get_segmenter

        folder = cache_dir(self.settings) if self.settings.cache.enabled else None
        segment = self.settings.segment
        engine = choose_engine(segment.segmenter, self.lexicon, folder, check=False)
        return get_segmenter(
            self.lexicon, engine=engine, min_length=segment.min_length, cache_dir=folder
        )


def read_records(paths: Sequence[str | Path], settings: Settings) -> IngestResult:
    """Read records the way every command does: `[ingest] format` and `dedupe` honoured."""
    from kamlit.ingest import read_paths

    return read_paths(paths, format=settings.ingest.format, dedupe=settings.ingest.dedupe)


def prepare(
    paths: Sequence[str | Path] = (),
    *,
    settings: Settings | None = None,
    records: Sequence[Record] | None = None,
    use_cache: bool | None = None,
    jobs: int | None = None,
) -> PreparedCorpus:
    """Read `paths` (or take `records`), segment them once and assign each record its sectors.

    `use_cache` defaults to `settings.cache.enabled`: whether segmentations are read from and
    stored in kamlit's cache folder. `jobs`: worker processes for segmenting and scoring a
    large corpus (None: every core); the result does not depend on it.
    """
    settings = settings or Settings()
    if records is not None:
        from kamlit.ingest import IngestResult

        ingest = IngestResult(records=tuple(records), files=())
    else:
        ingest = read_records(paths, settings)
    return prepare_ingested(ingest, settings=settings, use_cache=use_cache, jobs=jobs)


def prepare_ingested(
    ingest: IngestResult,
    *,
    settings: Settings,
    use_cache: bool | None = None,
    jobs: int | None = None,
) -> PreparedCorpus:
    """Segment records already read and assign their sectors (`prepare` after reading)."""
    corpus = segment(ingest, settings=settings, use_cache=use_cache, jobs=jobs)
    return assign(corpus, ingest, settings, jobs=jobs)


def segment(
    ingest: IngestResult,
    *,
    settings: Settings,
    use_cache: bool | None = None,
    jobs: int | None = None,
) -> Corpus:
    """The one segmentation pass over the records' abstracts, titles and keywords, in `jobs`
    worker processes when the corpus is large (None: every core)."""
    from kamlit.text import segment_records

    caching = settings.cache.enabled if use_cache is None else use_cache
    return segment_records(
        ingest.records,
        settings=settings.segment,
        cache_dir=cache_dir(settings),
        use_cache=caching,
        jobs=jobs,
    )


def assign(
    corpus: Corpus, ingest: IngestResult, settings: Settings, *, jobs: int | None = None
) -> PreparedCorpus:
    """Assign sectors on a segmented corpus (in `jobs` worker processes when it is large) and
    bundle everything."""
    from kamlit.sectors import assign_sectors

    sectors = assign_sectors(corpus, settings=settings.sectors, jobs=jobs)
    return PreparedCorpus(ingest=ingest, corpus=corpus, sectors=sectors, settings=settings)


def from_corpus(
    corpus: Corpus,
    *,
    settings: Settings | None = None,
    sectors: SectorAssignment | None = None,
) -> PreparedCorpus:
    """Bundle a corpus segmented elsewhere (`kamlit.text.segment_records`, or built by hand)
    with its sectors: `sectors` when given (it must list the corpus's records in order), else
    assigned from the corpus's words."""
    from kamlit.ingest import IngestResult
    from kamlit.sectors import assign_sectors

    settings = settings or Settings()
    if sectors is None:
        sectors = assign_sectors(corpus, settings=settings.sectors)
    elif [r.id for r in sectors.records] != [r.id for r in corpus.records]:
        raise ValueError("the sector assignment does not list the corpus's records in order")
    ingest = IngestResult(records=corpus.records, files=())
    return PreparedCorpus(ingest=ingest, corpus=corpus, sectors=sectors, settings=settings)
