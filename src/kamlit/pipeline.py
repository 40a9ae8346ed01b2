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
(keys, blobs, stage folders) is `kamlit.cache`. A damaged cache entry is recomputed and named
in the run's notes.

A run folder is complete or absent. The run is built in a hidden sibling folder
(`.<name>.partial-<pid>-<random>`) and moved into place only when every file, the manifest
last, is written: on Linux by an atomic exchange with the folder it replaces (so `--out` always
holds either the old run or the new one), elsewhere by two renames (for an instant, neither).
A run that fails removes its partial folder; one that is killed leaves it hidden, and the next
run into the same folder removes it. When `--out` is a symbolic link to a folder, the link is
followed: the folder it points to is replaced and the link stays.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamlit.cache import STAGE_SETTINGS, CacheWarning, StageCache, sha256_file, stage_key
from kamlit.errors import KamlitError, OutputError, english, message, os_reason, text
from kamlit.i18n import Notice, resolve_lang
from kamlit.io import atomic_write_text, current_umask, dumps_json, dumps_jsonl
from kamlit.runfolder import (
    InputFile,
    Manifest,
    StageTiming,
    Timings,
    check_complete,
    load_result,
    load_run,
)
from kamlit.settings import Settings, cache_dir
from kamlit.text.vocabulary import (
    PHRASES_JSON,
    Vocabulary,
    phrases_from_json,
    phrases_text,
    phrases_to_json,
)
from kamlit.version import __version__

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus
    from kamlit.sectors import SectorAssignment
    from kamlit.types import Record

DEPENDENCIES = (
    "jieba",
    "rjieba",
    "gensim",
    "scikit-learn",
    "networkx",
    "numpy",
    "scipy",
    "matplotlib",
    "fonttools",
    "jinja2",
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
    # The same notes as catalogue messages, for the terminal in either language.
    notices: tuple[Notice, ...] = ()


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
    jobs: int | None = None,
) -> RunResult:
    """Run every stage on the inputs and write everything into one folder, complete or absent.

    `jobs` is the number of worker processes for segmentation and sector scoring (of a large
    corpus) and the topic fits (default: every core); the run folder does not depend on it,
    apart from the manifest's timings.

    With `settings.cache.enabled` off, every stage computes afresh and nothing is stored.
    Raises OutputError when the folder cannot be written (nothing partial is left at `out_dir`).
    """
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("always", CacheWarning)
        shown = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: Any = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, CacheWarning):
                if str(message) not in notes:
                    notes.append(str(message))
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        result = _run(paths, settings, out_dir, progress, settings_origins, jobs)
    return replace(
        result,
        notes=result.notes + tuple(notes),
        notices=result.notices + tuple(text(note) for note in notes),
    )


def _run(
    paths: Sequence[str | Path],
    settings: Settings,
    out_dir: Path | None,
    progress: Progress | None,
    settings_origins: Mapping[str, str] | None,
    jobs: int | None,
) -> RunResult:
    notify: Progress = progress or (lambda stage, status: None)
    # The run records the language it resolved from the locale, so `kamlit report` re-renders
    # the same pages on any machine.
    settings = replace(
        settings, report=replace(settings.report, lang=resolve_lang(settings.report.lang))
    )
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
    given = out_dir or default_out_dir(input_hash)
    final = _final_folder(given)
    work = _partial_folder(final)
    try:
        records_jsonl = dumps_jsonl(r.to_dict() for r in ingest.records)
        atomic_write_text(work / "records.jsonl", records_jsonl)
        _write_tables(work, ingest.records)
        records_hash = hashlib.sha256(records_jsonl.encode()).hexdigest()

        caching = settings.cache.enabled
        corpus = timed(
            "segment",
            lambda: prep.segment(ingest, settings=settings, use_cache=caching, jobs=jobs),
        )
        prepared = timed("sectors", partial(prep.assign, corpus, ingest, settings, jobs=jobs))
        atomic_write_text(work / "sectors.json", dumps_json(prepared.sectors.to_dict()))
        if corpus.vocabulary is not None and corpus.vocabulary.discovered:
            # Discovered phrases, ready to review and pass back as `[segment] phrases`; the
            # JSON is what `kamlit report` renders phrases.txt from again.
            found = corpus.vocabulary.discovered
            atomic_write_text(work / PHRASES_JSON, dumps_json(phrases_to_json(found)))
            atomic_write_text(work / "phrases.txt", phrases_text(corpus.vocabulary))

        vers = versions()
        skipped: list[Notice] = []
        cache = StageCache(cache_dir(settings), enabled=settings.cache.enabled)
        fit_cache = results_cache(settings)
        for stage, write in _stage_writers(settings, fit_cache=fit_cache, jobs=jobs).items():
            key = stage_key(stage, records_hash=records_hash, settings=settings, vers=vers)
            target = work / stage
            notify(stage, "start")
            t0 = time.perf_counter()
            cached = cache.restore(stage, key, target)
            if not cached:
                if target.exists():
                    shutil.rmtree(target)
                target.mkdir(parents=True)
                try:
                    write(prepared, target)
                except OutputError:
                    raise
                except KamlitError as exc:
                    # Too little data for this analysis (one record, no vocabulary): the run
                    # reports what the other stages found; the folder has no `<stage>/`.
                    shutil.rmtree(target)
                    skipped.append(message("run.stage_skipped", stage=stage, error=exc.located()))
                    notify(stage, "done")
                    continue
                cache.store(stage, key, target)
            timings.append(StageTiming(stage, round(time.perf_counter() - t0, 3), cached=cached))
            notify(stage, "cached" if cached else "done")

        # The analyses are written: drop the corpus and its token lists before the report
        # loads the run folder back (at 100,000 abstracts they are gigabytes).
        del corpus, prepared, records_jsonl
        gc.collect()
        manifest = Manifest(
            kamlit=__version__,
            inputs=inputs,
            input_hash=input_hash,
            records=len(ingest.records),
            problems=tuple(p.render() for p in ingest.problems),
            problem_notices=tuple(p.located().to_dict() for p in ingest.problems),
            merges=ingest.merges,
            seed=settings.seed,
            settings=settings,
            settings_origins=dict(sorted((settings_origins or {}).items())),
            versions=vers,
        )
        manifest_path = work / "manifest.json"
        atomic_write_text(manifest_path, dumps_json(manifest.to_dict()))
        timed("report", lambda: _render_index(work))
        manifest = replace(
            manifest,
            outputs=_output_hashes(work),
            timings=Timings(tuple(timings), round(time.perf_counter() - started, 3)),
        )
        # The list of output hashes, written last, is what marks the folder complete.
        atomic_write_text(manifest_path, dumps_json(manifest.to_dict()))
        _publish(work, final)
    except OutputError as exc:
        shutil.rmtree(work, ignore_errors=True)
        where = exc.path or str(final)
        if where.startswith(str(work)):  # name the folder the user asked for
            where = str(given) + where[len(str(work)) :]
        raise OutputError(exc.notice, path=where) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    notices = tuple(p.located() for p in ingest.problems) + tuple(skipped)
    return RunResult(
        out_dir=given,
        index=given / "index.html",
        manifest=given / "manifest.json",
        records=len(ingest.records),
        timings=tuple(timings),
        notes=tuple(english(n) for n in notices),
        notices=notices,
    )


# --------------------------------------------------------------------------- folder lifecycle

_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:partial|old)-(?P<pid>\d+)-[^.]+$")


def _final_folder(given: Path) -> Path:
    """The folder the run replaces: `given`, or the folder a symbolic link there points to."""
    final = Path(os.path.realpath(given)) if given.is_symlink() else given
    if final.exists() and not final.is_dir():
        raise OutputError(message("error.output_not_folder"), path=given)
    return final


def _partial_folder(final: Path) -> Path:
    """Create the hidden sibling the run is built in, after removing leftovers of killed runs."""
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(parent, final.name)
        work = Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-{os.getpid()}-", dir=parent))
        os.chmod(work, 0o777 & ~current_umask())
    except OSError as exc:
        raise OutputError(message("error.cannot_write", reason=os_reason(exc)), path=final) from exc
    return work


def _remove_leftovers(parent: Path, name: str) -> None:
    """Remove the partial and replaced folders that runs into `name` left when killed."""
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            found = _LEFTOVER.match(entry.name)
            if found is None or found["name"] != name or _alive(int(found["pid"])):
                continue
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def _publish(work: Path, final: Path) -> None:
    """Move the finished `work` folder to `final`, replacing what is there."""
    for _ in range(100):
        if not (final.exists() or final.is_symlink()):
            try:
                work.rename(final)
                return
            except OSError:
                continue  # another run published meanwhile: replace theirs
        if _exchange(work, final):
            shutil.rmtree(work, ignore_errors=True)  # now holds the replaced run
            return
        old = final.with_name(f".{final.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
        try:
            final.rename(old)
        except FileNotFoundError:
            continue
        try:
            work.rename(final)
            return
        except OSError:
            continue
        finally:
            shutil.rmtree(old, ignore_errors=True)
    raise OutputError(message("error.folder_busy"), path=final)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def sectors_to_dict(assignment: SectorAssignment) -> dict[str, Any]:
    """The JSON form of a sector assignment (sectors.json of a run)."""
    return assignment.to_dict()


def render_report(out_dir: Path, *, lang: str | None = None) -> Path:
    """Re-render every page of a run folder from its saved results (`kamlit report`): the
    folder is read as typed results (`load_run`) and each page rendered from them, in the
    run's language unless `lang` (zh, en, auto) says otherwise.

    A folder a run did not finish, or whose result files are not the ones its manifest lists,
    is refused with an InputError (`check_complete`)."""
    from kamlit.graph import write_graph
    from kamlit.report import RECORD_PAGE, render_site
    from kamlit.summarize import render_markdown
    from kamlit.terms import terms_csv
    from kamlit.topics import write_topics

    check_complete(out_dir)
    run = load_run(out_dir)
    _write_tables(out_dir, run.records)
    report = run.manifest.settings.report
    if lang is not None:
        report = replace(report, lang=resolve_lang(lang))
    if run.terms is not None:
        atomic_write_text(out_dir / "terms" / "terms.csv", terms_csv(run.terms))
    if run.topics is not None:
        write_topics(
            run.topics,
            out_dir / "topics",
            record_page=RECORD_PAGE,
            records=run.records,
            lang=report.lang,
            figure_format=report.figure_format,
        )
    if run.graph is not None:
        write_graph(
            run.graph,
            out_dir / "graph",
            record_page=RECORD_PAGE,
            lang=report.lang,
            figure_format=report.figure_format,
            data_files=False,  # graph.json and its evidence are the run's results, kept as is
        )
    if run.digests is not None:
        atomic_write_text(out_dir / "digests" / "digests.md", render_markdown(run.digests))
    found = load_result(out_dir / PHRASES_JSON, phrases_from_json)
    if found is not None:
        vocabulary = Vocabulary(keywords=(), discovered=found)
        atomic_write_text(out_dir / "phrases.txt", phrases_text(vocabulary))
    return render_site(run, lang=report.lang)


def _write_tables(out: Path, records: Sequence[Record]) -> None:
    """records.csv (the records as a table for Excel) and columns.md (every CSV's columns)."""
    from kamlit.export.table import records_csv
    from kamlit.tables import columns_markdown

    atomic_write_text(out / "records.csv", records_csv(records))
    atomic_write_text(out / "columns.md", columns_markdown())


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
    settings: Settings, *, fit_cache: Path | None, jobs: int | None = None
) -> dict[str, Callable[[PreparedCorpus, Path], None]]:
    """Each cached stage: compute from the prepared corpus, write into its folder.

    `fit_cache` is where topic fits are kept between runs (None: the cache is off); `jobs`
    the worker processes of the topic fits (None: every core).
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
            prepared,
            settings=settings.topics,
            seed=settings.seed,
            cache_dir=fit_cache,
            jobs=jobs,
        )
        write_topics(
            result,
            target,
            record_page=RECORD_PAGE,
            records=prepared.records,
            lang=settings.report.lang,
            figure_format=settings.report.figure_format,
        )

    def graph(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.graph import build_concept_graph, write_graph
        from kamlit.report import RECORD_PAGE

        built = build_concept_graph(prepared, settings=settings.graph, seed=settings.seed)
        write_graph(
            built,
            target,
            record_page=RECORD_PAGE,
            lang=settings.report.lang,
            figure_format=settings.report.figure_format,
        )

    def digests(prepared: PreparedCorpus, target: Path) -> None:
        from kamlit.summarize import render_json, render_markdown, summarize_sectors

        result = summarize_sectors(prepared, settings=settings.summarize)
        atomic_write_text(target / "digests.json", render_json(result))
        atomic_write_text(target / "digests.md", render_markdown(result))

    return {"terms": terms, "topics": topics, "graph": graph, "digests": digests}
