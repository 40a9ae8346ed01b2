"""A run folder read back as typed results: `load_run(folder) -> RunFolder`.

`kamlit run` writes records.jsonl, sectors.json, terms/terms.json, topics/topics.json,
graph/graph.json, digests/digests.json and manifest.json (see the README, "What a run folder
holds"). `load_run` reads each with its result type's `from_dict`, so every page of the folder
can be rendered again from typed objects (`kamlit report`). A missing or garbled file gives one
InputError naming the file (and line); an analysis folder that is absent gives None.

`check_complete(folder)` is what `kamlit report` asks first: a run writes its manifest's list
of output hashes last, so a folder without that list was never finished, and a result file
whose hash differs from the list (or that is there without being listed, or listed without
being there) comes from another run or was edited. Either is refused with one line.

>>> import tempfile
>>> from kamlit.ingest import default_inputs
>>> from kamlit.pipeline import run_pipeline
>>> from kamlit.runfolder import load_run
>>> from kamlit.settings import Settings
>>> folder = Path(tempfile.mkdtemp()) / "run"
>>> _ = run_pipeline(default_inputs(), settings=Settings(), out_dir=folder)
>>> run = load_run(folder)
>>> len(run.records), run.sectors.label("telecom"), run.manifest.seed
(20, '电信', 42)
>>> run.topics is not None and run.topics.k == len(run.topics.topics)
True
>>> run.topic_model is not None and run.topic_model.topic_term.shape[0] == run.topics.k
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kamlit.codec import check_schema, from_plain, schema_tag, to_plain
from kamlit.errors import InputError, KamlitError, detail, json_reason, message, os_reason
from kamlit.i18n import Notice
from kamlit.ingest.base import Merge
from kamlit.settings import Settings
from kamlit.types import Record

if TYPE_CHECKING:
    from kamlit.graph.model import ConceptGraph
    from kamlit.sectors import SectorAssignment
    from kamlit.summarize.model import SectorDigests
    from kamlit.terms import TermsResult
    from kamlit.topics.result import TopicModelResult
    from kamlit.topics.saved import TopicModel

RECORDS = "records.jsonl"
SECTORS = "sectors.json"
TERMS = "terms/terms.json"
TOPICS = "topics/topics.json"
GRAPH = "graph/graph.json"
GRAPH_EVIDENCE = "graph/graph_evidence.jsonl"  # the edges' evidence (graph.json names it)
DIGESTS = "digests/digests.json"
MANIFEST = "manifest.json"
MANIFEST_SCHEMA = 1

T = TypeVar("T")


@dataclass(frozen=True)
class InputFile:
    """An input file of the run: where, which format and encoding, how many records, sha256."""

    path: str
    format: str
    encoding: str | None
    records: int
    sha256: str


@dataclass(frozen=True)
class StageTiming:
    """How long a stage took and whether its results came from the cache."""

    stage: str
    seconds: float
    cached: bool = False


@dataclass(frozen=True)
class Timings:
    """Seconds per stage and in all (the only part of a run that varies between runs)."""

    stages: tuple[StageTiming, ...] = ()
    total_seconds: float | None = None


@dataclass(frozen=True)
class Manifest:
    """manifest.json: inputs with sha256, effective settings and their origins, seed,
    versions, the sha256 of every output, timings."""

    kamlit: str
    inputs: tuple[InputFile, ...]
    input_hash: str
    records: int
    problems: tuple[str, ...]
    merges: tuple[Merge, ...]
    seed: int
    settings: Settings
    settings_origins: Mapping[str, str] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    outputs: Mapping[str, str] = field(default_factory=dict)
    timings: Timings = field(default_factory=Timings)
    # The problems as catalogue notices (`Notice.to_dict()`), for the report in either
    # language; `problems` keeps the English lines.
    problem_notices: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of manifest.json (timings are `{}` until the run ends)."""
        data: dict[str, Any] = {"schema": schema_tag("manifest", MANIFEST_SCHEMA)}
        data.update(to_plain(self))
        if self.timings == Timings():
            data["timings"] = {}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Rebuild a manifest from `to_dict()` data; InputError for a newer schema."""
        check_schema(data, "manifest", MANIFEST_SCHEMA)
        return from_plain(cls, {**data, "timings": data.get("timings") or {}}, where="manifest")


@dataclass(frozen=True)
class RunFolder:
    """Everything a run folder holds, as typed results (None: that analysis is absent)."""

    folder: Path
    records: tuple[Record, ...]
    sectors: SectorAssignment
    terms: TermsResult | None
    topics: TopicModelResult | None
    graph: ConceptGraph | None
    digests: SectorDigests | None
    manifest: Manifest
    # The fitted topic model (native model, full matrices; `kamlit.topics.saved`), when the
    # topics folder holds one.
    topic_model: TopicModel | None = None


def load_run(folder: str | Path) -> RunFolder:
    """Read a run folder written by `kamlit run`; raise InputError naming a bad file."""
    from kamlit.graph.export import graph_from_saved
    from kamlit.sectors import SectorAssignment
    from kamlit.summarize.model import SectorDigests
    from kamlit.terms import TermsResult
    from kamlit.topics.result import TopicModelResult

    root = Path(folder)
    if not (root / RECORDS).is_file():
        raise InputError(message("error.not_run_folder", file=RECORDS), path=root)
    sectors = load_result(root / SECTORS, SectorAssignment.from_dict)
    manifest = load_result(root / MANIFEST, Manifest.from_dict)
    if sectors is None:
        raise InputError(message("error.run_file_missing"), path=root / SECTORS)
    if manifest is None:
        raise InputError(message("error.run_file_missing"), path=root / MANIFEST)
    topics = load_result(root / TOPICS, TopicModelResult.from_dict)
    topic_model = _topic_model(root / Path(TOPICS).parent)
    if topics is not None and topic_model is not None:
        topics = replace(topics, model=topic_model)  # so a re-render writes the model again
    return RunFolder(
        folder=root,
        records=read_records(root / RECORDS),
        sectors=sectors,
        terms=load_result(root / TERMS, TermsResult.from_dict),
        topics=topics,
        graph=load_result(root / GRAPH, lambda data: graph_from_saved(data, (root / GRAPH).parent)),
        digests=load_result(root / DIGESTS, SectorDigests.from_dict),
        manifest=manifest,
        topic_model=topic_model,
    )


RESULT_FILES = (RECORDS, SECTORS, TERMS, TOPICS, GRAPH, GRAPH_EVIDENCE, DIGESTS)


def check_complete(folder: str | Path) -> None:
    """Raise InputError unless `folder` is a finished run folder whose result files are the
    ones its manifest lists (same SHA-256); pages may be missing (`kamlit report` writes them)."""
    import hashlib

    root = Path(folder)
    if not (root / RECORDS).is_file():
        raise InputError(message("error.not_run_folder", file=RECORDS), path=root)
    unfinished = message("error.run_incomplete")
    path = root / MANIFEST
    if not path.is_file():
        raise InputError(unfinished, path=root)
    try:
        outputs = json.loads(_read_text(path)).get("outputs")
    except (ValueError, AttributeError):
        outputs = None
    if not isinstance(outputs, dict) or not outputs:
        raise InputError(unfinished, path=root)
    for name in RESULT_FILES:
        file = root / name
        listed = outputs.get(name)
        if listed is None and not file.exists():
            continue
        if listed is None or not file.is_file():
            raise InputError(message("error.run_foreign"), path=file)
        try:
            actual = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError as exc:
            raise InputError(
                message("error.cannot_read", reason=os_reason(exc)), path=file
            ) from exc
        if actual != listed:
            raise InputError(message("error.run_changed"), path=file)


def _topic_model(folder: Path) -> TopicModel | None:
    from kamlit.topics.saved import load_model

    try:
        return load_model(folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            message("error.topic_model", error=detail(exc)), path=folder / "model.json"
        ) from exc


def read_records(path: Path) -> tuple[Record, ...]:
    """Read records.jsonl; lines are split on "\\n" only (U+2028 may sit inside a string)."""
    text = _read_text(path)
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(Record.from_dict(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(
                message("error.not_json", reason=json_reason(exc.msg)), path=path, line=number
            ) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                message("error.not_record", what=_what(exc)), path=path, line=number
            ) from exc
    return tuple(records)


def load_result(path: Path, build: Callable[[Any], T]) -> T | None:
    """`build` applied to the JSON of a run folder's file (None when it is absent); an
    InputError naming the file (and line) when it is not JSON or not what `build` reads."""
    if not path.is_file():
        return None
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            message("error.not_json", reason=json_reason(exc.msg)), path=path, line=exc.lineno
        ) from exc
    try:
        return build(data)
    except KamlitError as exc:
        # An error in a file this one names (graph.json's evidence file) keeps that file's name.
        raise InputError(exc.notice, path=exc.path or path, line=exc.line) from exc
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise InputError(message("error.malformed", what=_what(exc)), path=path) from exc


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(message("error.cannot_read", reason=os_reason(exc)), path=path) from exc
    except UnicodeDecodeError as exc:
        raise InputError(message("error.not_utf8"), path=path) from exc


def _what(exc: Exception) -> Notice:
    if isinstance(exc, KeyError):
        return message("error.key_missing", key=repr(exc.args[0]))
    return detail(exc)
