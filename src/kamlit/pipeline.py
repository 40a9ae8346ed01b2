"""The whole job in one call.

The shared first steps (read, segment once, assign sectors) are `kamlit.prepare`, the same
for every command, so topics, graph, terms and digests agree on which record belongs to which
sector.

`run_pipeline` (`kamlit run`) writes everything into one folder:
ingest → segment → terms → topics → graph → sectors → digests → report, plus a manifest.
Each analysis stage writes its own sub-folder; its files are cached under a key made of what
it reads (the records, its settings sections, the content of files those settings name, the
seed, kamlit's and its libraries' versions), so a second run with one setting changed
recomputes only the stages that read that setting and copies the others from the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit import __version__
from kamlit.errors import UsageError
from kamlit.io import atomic_write_text, dumps_json, dumps_jsonl
from kamlit.settings import Settings, cache_dir, settings_to_dict

if TYPE_CHECKING:
    from kamlit.prepare import PreparedCorpus
    from kamlit.sectors import SectorAssignment

DEPENDENCIES = (
    "jieba",
    "rjieba",
    "gensim",
    "scikit-learn",
    "networkx",
    "numpy",
    "scipy",
    "matplotlib",
    "mplfonts",
    "pyvis",
    "typer",
    "rich",
    "charset-normalizer",
)
# The settings sections each cached stage reads; a change elsewhere leaves its cache valid.
STAGE_SETTINGS: dict[str, tuple[str, ...]] = {
    "terms": ("ingest", "segment", "sectors"),
    "topics": ("ingest", "segment", "sectors", "topics"),
    "graph": ("ingest", "segment", "sectors", "graph"),
    "digests": ("ingest", "segment", "sectors", "summarize"),
}
TERMS_TOP = 100

Progress = Callable[[str, str], None]  # (stage, "start" | "done" | "cached")


@dataclass(frozen=True)
class StageTiming:
    """How long a stage took and whether its results came from the cache."""

    stage: str
    seconds: float
    cached: bool = False


@dataclass(frozen=True)
class RunResult:
    """What `run_pipeline` produced."""

    out_dir: Path
    index: Path
    manifest: Path
    records: int
    timings: tuple[StageTiming, ...]
    notes: tuple[str, ...] = ()


def versions() -> dict[str, str]:
    """Versions of kamlit and of the libraries whose behaviour shapes the results."""
    found = {"kamlit": __version__}
    for name in DEPENDENCIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_out_dir(input_hash: str, *, today: date | None = None) -> Path:
    """`outputs/<date>-<short input hash>/`."""
    return Path("outputs") / f"{(today or date.today()).isoformat()}-{input_hash[:8]}"


class StageCache:
    """Stage outputs stored by key under `<cache>/stages/<stage>/<key>/`, copied on a hit."""

    def __init__(self, root: Path, *, enabled: bool = True) -> None:
        self.root = root / "stages"
        self.enabled = enabled

    def restore(self, stage: str, key: str, target: Path) -> bool:
        """Copy cached outputs into `target`; return False on a miss."""
        source = self.root / stage / key
        if not self.enabled or not (source / ".complete").is_file():
            return False
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete"))
        return True

    def store(self, stage: str, key: str, source: Path) -> None:
        """Save a stage's output folder; the marker goes last, so a half entry is never used."""
        if not self.enabled:
            return
        target = self.root / stage / key
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp)
        (tmp / ".complete").write_text("", encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        tmp.replace(target)


def stage_key(stage: str, *, records_hash: str, settings: Settings, vers: Mapping[str, str]) -> str:
    """The cache key of a stage: records, the settings it reads (and files they name), seed,
    versions."""
    data = settings_to_dict(settings)
    sections = {name: data[name] for name in STAGE_SETTINGS[stage]}
    payload = {
        "stage": stage,
        "records": records_hash,
        "seed": settings.seed,
        "settings": sections,
        "files": {p: sha256_file(Path(p)) for p in sorted(_named_files(sections))},
        "versions": dict(vers),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def _named_files(data: Any) -> Iterator[str]:
    """Every string in the settings that names an existing file (user lexicons, cue lists)."""
    if isinstance(data, Mapping):
        for value in data.values():
            yield from _named_files(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _named_files(value)
    elif isinstance(data, str) and data and Path(data).is_file():
        yield data


def run_pipeline(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    out_dir: Path | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    settings_origins: Mapping[str, str] | None = None,
) -> RunResult:
    """Run every stage on the inputs and write everything into one folder."""
    notify: Progress = progress or (lambda stage, status: None)
    timings: list[StageTiming] = []
    started = time.perf_counter()

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        notify(stage, "start")
        t0 = time.perf_counter()
        value = fn()
        timings.append(StageTiming(stage, round(time.perf_counter() - t0, 3)))
        notify(stage, "done")
        return value

    from kamlit import prepare as prep

    ingest = timed("ingest", lambda: prep.read_records(paths, settings))
    inputs = [
        {
            "path": f.path,
            "format": f.format,
            "encoding": f.encoding,
            "records": f.records,
            "sha256": sha256_file(Path(f.path)),
        }
        for f in ingest.files
    ]
    input_hash = hashlib.sha256(
        json.dumps([[Path(i["path"]).name, i["sha256"]] for i in inputs]).encode()
    ).hexdigest()
    out = out_dir or default_out_dir(input_hash)
    if out.exists() and not out.is_dir():
        raise UsageError("the output path exists and is not a folder", path=out)
    out.mkdir(parents=True, exist_ok=True)
    records_jsonl = dumps_jsonl(r.to_dict() for r in ingest.records)
    atomic_write_text(out / "records.jsonl", records_jsonl)
    records_hash = hashlib.sha256(records_jsonl.encode()).hexdigest()

    caching = settings.segment.cache and use_cache
    corpus = timed("segment", lambda: prep.segment(ingest, settings=settings, use_cache=caching))
    prepared = timed("sectors", lambda: prep.assign(corpus, ingest, settings))
    atomic_write_text(out / "sectors.json", dumps_json(sectors_to_dict(prepared.sectors)))

    vers = versions()
    cache = StageCache(cache_dir(settings), enabled=use_cache)
    fit_cache = cache_dir(settings) if use_cache else None
    for stage, write in _stage_writers(settings, fit_cache=fit_cache).items():
        key = stage_key(stage, records_hash=records_hash, settings=settings, vers=vers)
        target = out / stage
        notify(stage, "start")
        t0 = time.perf_counter()
        cached = cache.restore(stage, key, target)
        if not cached:
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            write(prepared, target)
            cache.store(stage, key, target)
        timings.append(StageTiming(stage, round(time.perf_counter() - t0, 3), cached=cached))
        notify(stage, "cached" if cached else "done")

    manifest: dict[str, Any] = {
        "kamlit": __version__,
        "inputs": inputs,
        "input_hash": input_hash,
        "records": len(ingest.records),
        "problems": [p.render() for p in ingest.problems],
        "merges": [
            {"kept": m.kept, "dropped": m.dropped, "reason": m.reason} for m in ingest.merges
        ],
        "seed": settings.seed,
        "settings": settings_to_dict(settings),
        "settings_origins": dict(sorted((settings_origins or {}).items())),
        "versions": vers,
        "outputs": {},
        "timings": {},
    }
    manifest_path = out / "manifest.json"
    atomic_write_text(manifest_path, dumps_json(manifest))
    index = timed("report", lambda: _render_index(out))
    manifest["outputs"] = _output_hashes(out)
    manifest["timings"] = {
        "stages": [{"stage": t.stage, "seconds": t.seconds, "cached": t.cached} for t in timings],
        "total_seconds": round(time.perf_counter() - started, 3),
    }
    atomic_write_text(manifest_path, dumps_json(manifest))
    return RunResult(
        out_dir=out,
        index=index,
        manifest=manifest_path,
        records=len(ingest.records),
        timings=tuple(timings),
        notes=tuple(p.render() for p in ingest.problems),
    )


def sectors_to_dict(assignment: SectorAssignment) -> dict[str, Any]:
    """The JSON form of a sector assignment (sectors.json of a run)."""
    return {
        "sectors": [{"key": s.key, "label": s.label} for s in assignment.sectors],
        "records": [
            {
                "id": r.id,
                "sectors": list(r.sectors),
                "cues": {k: list(v) for k, v in sorted(r.cues.items())},
            }
            for r in assignment.records
        ],
    }


def render_report(out_dir: Path) -> Path:
    """Re-render every page of a run folder from its saved results (`kamlit report`)."""
    from kamlit.graph import read_graph, write_graph
    from kamlit.report import RECORD_PAGE, render_site
    from kamlit.summarize import digests_from_dict, render_markdown
    from kamlit.topics import write_topics

    topics = out_dir / "topics" / "topics.json"
    if topics.is_file():
        data = json.loads(topics.read_text(encoding="utf-8"))
        write_topics(data, topics.parent, record_page=RECORD_PAGE)
    graph = out_dir / "graph" / "graph.json"
    if graph.is_file():
        write_graph(read_graph(graph), graph.parent, record_page=RECORD_PAGE)
    digests = out_dir / "digests" / "digests.json"
    if digests.is_file():
        result = digests_from_dict(json.loads(digests.read_text(encoding="utf-8")))
        atomic_write_text(digests.with_suffix(".md"), render_markdown(result))
    return render_site(out_dir)


def _render_index(out: Path) -> Path:
    from kamlit.report import render_site

    return render_site(out)


def _output_hashes(out: Path) -> dict[str, str]:
    """sha256 of every file written into the run folder (the manifest itself excluded)."""
    return {
        p.relative_to(out).as_posix(): sha256_file(p)
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _stage_writers(
    settings: Settings, *, fit_cache: Path | None
) -> dict[str, Callable[[PreparedCorpus, Path], None]]:
    """Each cached stage: compute from the prepared corpus, write into its folder.

    `fit_cache` is where topic fits are kept between runs (None: the cache is off).
    """

    def terms(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.terms import count_terms, terms_csv

        result = count_terms(prepared, by="sector", top=TERMS_TOP)
        atomic_write_text(target / "terms.json", dumps_json(result.to_dict()))
        atomic_write_text(target / "terms.csv", terms_csv(result))

    def topics(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.report import RECORD_PAGE
        from kamlit.topics import build_topics, write_topics

        result = build_topics(
            prepared, settings=settings.topics, seed=settings.seed, cache_dir=fit_cache
        )
        write_topics(result, target, record_page=RECORD_PAGE)

    def graph(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.graph import build_concept_graph, write_graph
        from kamlit.report import RECORD_PAGE

        built = build_concept_graph(prepared, settings=settings.graph, seed=settings.seed)
        write_graph(built, target, record_page=RECORD_PAGE)

    def digests(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.summarize import render_json, render_markdown, summarize_sectors

        result = summarize_sectors(prepared, settings=settings.summarize)
        atomic_write_text(target / "digests.json", render_json(result))
        atomic_write_text(target / "digests.md", render_markdown(result))

    return {"terms": terms, "topics": topics, "graph": graph, "digests": digests}
