"""kamlit: mine Chinese research abstracts — records in; topics, a concept graph and sector
digests out, every line traceable to the abstract it came from.

The verbs a notebook needs, in the order a run calls them (see docs/architecture.md):

>>> import kamlit
>>> prepared = kamlit.prepare()          # the bundled corpus: read, segment once, sectors
>>> len(prepared.records)
20
>>> digests = kamlit.digest(prepared, sector="邮政")
>>> [d.label for d in digests.digests]
['邮政']

Each verb takes the `PreparedCorpus` that `prepare` returns, so every analysis sees the same
records, tokens and sectors. Importing kamlit is cheap: the libraries behind each verb
(jieba, gensim, networkx …) load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kamlit.version import __version__

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus
    from kamlit.graph import ConceptGraph
    from kamlit.ingest import IngestResult
    from kamlit.pipeline import RunResult
    from kamlit.runfolder import RunFolder
    from kamlit.settings import Settings
    from kamlit.summarize import SectorDigests
    from kamlit.terms import TermsResult
    from kamlit.topics import TopicModelResult
    from kamlit.types import Record

__all__ = [
    "__version__",
    "build_graph",
    "count_terms",
    "digest",
    "find_topics",
    "load_run",
    "prepare",
    "read_records",
    "records_frame",
    "run",
]

Paths = Sequence[str | Path] | str | Path


def _paths(paths: Paths) -> list[str | Path]:
    """The paths given, or the default inputs (./corpus/, else the bundled corpus)."""
    from kamlit.ingest import default_inputs

    if isinstance(paths, (str, Path)):
        return [paths]
    return list(paths) or list(default_inputs())


def _settings(settings: Settings | None) -> Settings:
    from kamlit.settings import Settings

    return settings if settings is not None else Settings()


def read_records(paths: Paths = (), *, settings: Settings | None = None) -> IngestResult:
    """Read every record of the given files or folders (the bundled corpus when none).

    Formats and encodings are detected from the content; duplicates are merged (unless
    `settings.ingest.dedupe` is off); malformed records are reported in `problems`.

    >>> import kamlit
    >>> result = kamlit.read_records()
    >>> len(result.records), result.records[9].journal, result.records[9].year
    (20, '中国邮政', 2011)
    """
    from kamlit.corpus import read_records as read

    return read(_paths(paths), settings=_settings(settings))


def prepare(
    paths: Paths = (),
    *,
    settings: Settings | None = None,
    records: Sequence[Record] | None = None,
) -> PreparedCorpus:
    """Read (or take) records, segment their text once and assign each record its sectors.

    >>> import kamlit
    >>> prepared = kamlit.prepare()
    >>> prepared.sectors.of(prepared.records[0].id)
    ('postal',)
    """
    from kamlit.corpus import prepare as build

    return build(_paths(paths), settings=_settings(settings), records=records)


def count_terms(
    prepared: PreparedCorpus,
    *,
    by: Literal["sector", "year", "journal"] | None = "sector",
    top: int = 100,
) -> TermsResult:
    """Frequent terms (frequency, document frequency, TF-IDF) and distinctive terms per group.

    >>> import kamlit
    >>> terms = kamlit.count_terms(kamlit.prepare(), top=3)
    >>> [t.term for t in terms.terms]
    ['大客户', '客户', '邮政']
    """
    from kamlit.terms import count_terms as count

    return count(prepared, by=by, top=top)


def find_topics(
    prepared: PreparedCorpus,
    *,
    k: int | Literal["auto"] | None = None,
    settings: Settings | None = None,
) -> TopicModelResult:
    """Fit LDA topics; `k` is a number of topics or "auto" (chosen by coherence and stability).

    >>> import kamlit
    >>> topics = kamlit.find_topics(kamlit.prepare(), k=3)
    >>> topics.k, len(topics.topics)
    (3, 3)
    """
    import dataclasses

    from kamlit.topics import build_topics

    chosen = _settings(settings)
    topic_settings = chosen.topics
    if k is not None:
        topic_settings = dataclasses.replace(topic_settings, k=k)
    return build_topics(prepared, settings=topic_settings, seed=chosen.seed)


def build_graph(prepared: PreparedCorpus, *, settings: Settings | None = None) -> ConceptGraph:
    """Build the co-occurrence graph of concepts, every link with the sentences behind it.

    >>> import kamlit
    >>> graph = kamlit.build_graph(kamlit.prepare())
    >>> graph.node("大客户") is not None
    True
    """
    from kamlit.graph import build_concept_graph

    chosen = _settings(settings)
    return build_concept_graph(prepared, settings=chosen.graph, seed=chosen.seed)


def digest(
    prepared: PreparedCorpus, *, sector: str = "all", settings: Settings | None = None
) -> SectorDigests:
    """Digest the recommended practices of a sector (key, label, `general` or `all`).

    >>> import kamlit
    >>> prepared = kamlit.prepare()
    >>> telecom = kamlit.digest(prepared, sector="telecom").digests[0]
    >>> telecom.label, all(e.quote in prepared.by_id[e.id][0].abstract
    ...                    for p in telecom.practices for e in p.evidence)
    ('电信', True)
    """
    from kamlit.summarize import summarize_sectors

    chosen = _settings(settings)
    return summarize_sectors(prepared, settings=chosen.summarize, sectors=(sector,))


def run(
    paths: Paths = (),
    *,
    out: str | Path | None = None,
    settings: Settings | None = None,
) -> RunResult:
    """Run every stage and write the run folder (`kamlit run`); returns where it went.

    >>> import kamlit, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> result = kamlit.run(out=folder)
    >>> result.index.name, result.records
    ('index.html', 20)
    """
    from kamlit.pipeline import run_pipeline

    target = Path(out) if out is not None else None
    return run_pipeline(
        _paths(paths),
        settings=_settings(settings),
        out_dir=target,
    )


def load_run(folder: str | Path) -> RunFolder:
    """Read every typed result of a run folder back (records, sectors, terms, topics, graph,
    digests, manifest).

    >>> import kamlit, tempfile
    >>> folder = kamlit.run(out=tempfile.mkdtemp()).out_dir
    >>> loaded = kamlit.load_run(folder)
    >>> len(loaded.records), loaded.topics is not None
    (20, True)
    """
    from kamlit.runfolder import load_run as load

    return load(Path(folder))


def records_frame(records: Sequence[Record] | IngestResult | PreparedCorpus) -> Any:
    """Return the records as a pandas DataFrame, one row per record (pandas must be installed).

    List fields (authors, keywords) stay lists; citations become three columns; the source
    becomes `source_file`, `source_format`, `source_line`.

    >>> import kamlit
    >>> frame = kamlit.records_frame(kamlit.read_records())  # doctest: +SKIP
    >>> frame.shape  # doctest: +SKIP
    (20, 18)
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - exercised without pandas only
        from kamlit.errors import UsageError, message

        raise UsageError(message("error.pandas_missing")) from exc
    items: Sequence[Record] = records if isinstance(records, Sequence) else records.records
    rows = []
    for record in items:
        data = record.to_dict()
        citations = data.pop("citations")
        source = data.pop("source")
        data.update({f"citations_{k}": v for k, v in citations.items()})
        data.update({f"source_{k}": v for k, v in source.items()})
        rows.append(data)
    return pd.DataFrame(rows)
