"""The whole job in one call.

The shared first steps (read, segment once, assign sectors) are `kamlit.corpus`, the same
for every command, so topics, graph, terms and digests agree on which record belongs to which
sector.

`run_pipeline` (`kamlit run`) writes everything into one folder:
ingest → segment → terms → topics → graph → sectors → digests → report, plus a manifest.
Each analysis stage writes its own sub-folder; its files are cached under a key made of what
it reads (the records, its settings sections, the content of files those settings name, the
seed, kamlit's and its libraries' versions), so a second run with one setting changed
recomputes only the stages that read that setting and copies the others from the cache.
Every stage honours the `[cache]` settings (`cache.dir`, `cache.enabled`); the cache itself
(keys, blobs, stage folders) is `kamlit.cache`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit.cache import STAGE_SETTINGS, StageCache, sha256_file, stage_key
from kamlit.errors import UsageError
from kamlit.io import atomic_write_text, dumps_json, dumps_jsonl
from kamlit.runfolder import InputFile, Manifest, StageTiming, Timings, load_run
from kamlit.settings import Settings, cache_dir
from kamlit.text.vocabulary import phrases_text
from kamlit.version import __version__

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus
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
__all__ = [
    "STAGE_SETTINGS",
    "RunResult",
    "StageCache",
    "StageTiming",
    "render_report",
    "run_pipeline",
    "sha256_file",
    "stage_key",
    "versions",
]
TERMS_TOP = 100

Progress = Callable[[str, str], None]  # (stage, "start" | "done" | "cached")


def results_cache(settings: Settings) -> Path | None:
    """The cache folder stages read and store results in; None when `cache.enabled` is off."""
    return cache_dir(settings) if settings.cache.enabled else None


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


def default_out_dir(input_hash: str, *, today: date | None = None) -> Path:
    """`outputs/<date>-<short input hash>/`."""
    return Path("outputs") / f"{(today or date.today()).isoformat()}-{input_hash[:8]}"


def run_pipeline(
    paths: Sequence[str | Path],
    *,
    settings: Settings,
    out_dir: Path | None = None,
    progress: Progress | None = None,
    settings_origins: Mapping[str, str] | None = None,
) -> RunResult:
    """Run every stage on the inputs and write everything into one folder.

    With `settings.cache.enabled` off, every stage computes afresh and nothing is stored.
    """
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

    import kamlit.corpus as prep

    ingest = timed("ingest", lambda: prep.read_records(paths, settings))
    inputs = tuple(
        InputFile(
            path=f.path,
            format=f.format,
            encoding=f.encoding,
            records=f.records,
            sha256=sha256_file(Path(f.path)),
        )
        for f in ingest.files
    )
    input_hash = hashlib.sha256(
        json.dumps([[Path(i.path).name, i.sha256] for i in inputs]).encode()
    ).hexdigest()
    out = out_dir or default_out_dir(input_hash)
    if out.exists() and not out.is_dir():
        raise UsageError("the output path exists and is not a folder", path=out)
    out.mkdir(parents=True, exist_ok=True)
    records_jsonl = dumps_jsonl(r.to_dict() for r in ingest.records)
    atomic_write_text(out / "records.jsonl", records_jsonl)
    records_hash = hashlib.sha256(records_jsonl.encode()).hexdigest()

    caching = settings.cache.enabled
    corpus = timed("segment", lambda: prep.segment(ingest, settings=settings, use_cache=caching))
    prepared = timed("sectors", lambda: prep.assign(corpus, ingest, settings))
    atomic_write_text(out / "sectors.json", dumps_json(prepared.sectors.to_dict()))
    if corpus.vocabulary is not None and corpus.vocabulary.discovered:
        # Discovered phrases, ready to review and pass back as `[segment] phrases`.
        atomic_write_text(out / "phrases.txt", phrases_text(corpus.vocabulary))

    vers = versions()
    cache = StageCache(cache_dir(settings), enabled=settings.cache.enabled)
    fit_cache = results_cache(settings)
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

    manifest = Manifest(
        kamlit=__version__,
        inputs=inputs,
        input_hash=input_hash,
        records=len(ingest.records),
        problems=tuple(p.render() for p in ingest.problems),
        merges=ingest.merges,
        seed=settings.seed,
        settings=settings,
        settings_origins=dict(sorted((settings_origins or {}).items())),
        versions=vers,
    )
    manifest_path = out / "manifest.json"
    atomic_write_text(manifest_path, dumps_json(manifest.to_dict()))
    index = timed("report", lambda: _render_index(out))
    manifest = replace(
        manifest,
        outputs=_output_hashes(out),
        timings=Timings(tuple(timings), round(time.perf_counter() - started, 3)),
    )
    atomic_write_text(manifest_path, dumps_json(manifest.to_dict()))
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
    return assignment.to_dict()


def render_report(out_dir: Path) -> Path:
    """Re-render every page of a run folder from its saved results (`kamlit report`): the
    folder is read as typed results (`load_run`) and each page rendered from them."""
    from kamlit.graph import write_graph
    from kamlit.report import RECORD_PAGE, render_site
    from kamlit.summarize import render_markdown
    from kamlit.terms import terms_csv
    from kamlit.topics import write_topics

    run = load_run(out_dir)
    if run.terms is not None:
        atomic_write_text(out_dir / "terms" / "terms.csv", terms_csv(run.terms))
    if run.topics is not None:
        write_topics(run.topics, out_dir / "topics", record_page=RECORD_PAGE)
    if run.graph is not None:
        write_graph(run.graph, out_dir / "graph", record_page=RECORD_PAGE)
    if run.digests is not None:
        atomic_write_text(out_dir / "digests" / "digests.md", render_markdown(run.digests))
    return render_site(run)


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
