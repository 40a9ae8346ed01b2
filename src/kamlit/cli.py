"""The `kamlit` command line: parse options, call one library function, render the result.

This is the only module that imports Typer; the tables and lines each command prints are drawn
by `kamlit.console` (rich only). Heavy libraries (gensim, scikit-learn, jieba's
dictionary) are imported inside the commands that need them, so `kamlit --help` stays fast.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

import typer
from typer.core import TyperGroup

from kamlit.errors import KamlitError, message
from kamlit.ingest.formats import READERS
from kamlit.version import __version__

if TYPE_CHECKING:
    from kamlit.corpus import PreparedCorpus
    from kamlit.graph import ConceptGraph
    from kamlit.settings import (
        GraphOverrides,
        IngestOverrides,
        LoadedSettings,
        ReportOverrides,
        SectorOverrides,
        SegmentOverrides,
        Settings,
        SummarizeOverrides,
        TopicOverrides,
    )

app = typer.Typer(
    name="kamlit",
    help="Mine Chinese research abstracts: ingest, segment, topics, concept graph, sector digests.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


# Help panels: the whole job first, then reading and exploring text, then the analyses.
WHOLE = "The whole job"
READ = "Read and explore the text"
ANALYSE = "Analyses"


class _State:
    debug = False
    lang: str | None = None  # --lang, applied to every command's settings as report.lang
    resolved: str | None = None  # the effective report.lang once settings are loaded


_STATE = _State()

PathsArg = Annotated[
    Optional[list[Path]],  # noqa: UP045 - Typer needs Optional[...] on Python 3.10
    typer.Argument(
        help="Files or folders to read (folders recursively). Default: ./corpus/ when it "
        "exists, else the bundled corpus.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Input format: 'auto' (detect each file's format from its content) or one of "
        + ", ".join(READERS)
        + ".",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead.")]
ConfigOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--config",
        "-c",
        help="Settings file (TOML). Default: ./kamlit.toml when it exists.",
        show_default=False,
    ),
]
SeedOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--seed", help="Random seed (default 42, or the settings file's).", show_default=False
    ),
]
JobsOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for segmentation, sector scoring and the topic fits (default: "
        "every core); results do not depend on it.",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Compute afresh: neither read nor write the cache (sets cache.enabled = false).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kamlit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    lang: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--lang",
            help="Language of the pages and the terminal output: zh, en or auto (from the "
            "locale); sets report.lang.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """kamlit: from CNKI exports and saved result pages to topics, concept graphs and digests."""
    _STATE.debug = debug
    _STATE.lang = lang
    _STATE.resolved = None


def _lang() -> str:
    """The language of the terminal output: the effective `report.lang` once the settings are
    loaded (--lang, the settings file, else the locale), before that --lang or the locale."""
    from kamlit.i18n import resolve_lang

    return resolve_lang(_STATE.resolved or _STATE.lang or "auto")


def _msg(key: str, /, **values: object) -> str:
    """One fixed line of the command line in the output language."""
    from kamlit.i18n import catalogue

    return catalogue(_lang()).t(key, **values)


@contextmanager
def _handled() -> Iterator[None]:
    """Turn a KamlitError (or an OS error on output) into one line and an exit code."""
    try:
        yield
    except KamlitError as exc:
        if _STATE.debug:
            raise
        _print_err(_msg("cli.error", message=exc.render(_lang())))
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if _STATE.debug:
            raise
        from kamlit.errors import located, os_reason
        from kamlit.i18n import catalogue

        reason = os_reason(exc)
        line = located(str(exc.filename), reason) if exc.filename else reason
        _print_err(_msg("cli.error", message=catalogue(_lang()).notice(line)))
        raise typer.Exit(1) from None


def _print_err(line: str) -> None:
    """One plain line on stderr: an error, or a note on the settings file."""
    from kamlit.console import stderr_console

    stderr_console().print(line, markup=False, highlight=False, soft_wrap=True)


def _inputs(paths: list[Path] | None) -> list[Path]:
    from kamlit.ingest import default_inputs

    return list(paths) if paths else default_inputs()


def _settings(
    config: Path | None,
    *,
    format: str = "auto",
    dedupe: bool | None = None,
    no_cache: bool = False,
    seed: int | None = None,
    segment: SegmentOverrides | None = None,
    topics: TopicOverrides | None = None,
    graph: GraphOverrides | None = None,
    sectors: SectorOverrides | None = None,
    summarize: SummarizeOverrides | None = None,
    report: ReportOverrides | None = None,
) -> LoadedSettings:
    """Settings from defaults, the settings file (./kamlit.toml when none is named), flags.

    The flags arrive typed per section and are applied with `with_overrides`, which checks them
    as it checks a settings file; notes on the file (a deprecated key) go to stderr.
    """
    from kamlit.settings import find_config, load_settings, with_overrides

    loaded = load_settings(config or find_config())
    from kamlit.i18n import catalogue

    for note in catalogue(_lang()).warnings(loaded.notices, loaded.notes):
        _print_err(_msg("cli.note", message=note))
    ingest: IngestOverrides = {}
    if format != "auto":
        ingest["format"] = format
    if dedupe is not None:
        ingest["dedupe"] = dedupe
    result = with_overrides(
        loaded,
        seed=seed,
        cache={"enabled": False} if no_cache else None,
        ingest=ingest or None,
        segment=segment,
        topics=topics,
        graph=graph,
        sectors=sectors,
        summarize=summarize,
        report=_report_overrides(report),
    )
    _STATE.resolved = result.settings.report.lang
    return result


def _report_overrides(report: ReportOverrides | None) -> ReportOverrides | None:
    """The command's report overrides plus the global --lang (checked by with_overrides)."""
    merged: dict[str, Any] = dict(report or {})
    if _STATE.lang is not None:
        merged["lang"] = _STATE.lang
    return cast("ReportOverrides", merged) if merged else None


def _prepare(
    paths: list[Path] | None, settings: Settings, *, jobs: int | None = None
) -> PreparedCorpus:
    """Read, segment once and assign sectors: the common start of every analysis command."""
    from kamlit.corpus import prepare

    return prepare(_inputs(paths), settings=settings, jobs=jobs)


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --------------------------------------------------------------------------- ingest


@app.command(rich_help_panel=READ)
def ingest(
    paths: PathsArg = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", help="Write the records as JSON Lines to this file."),
    ] = None,
    format: FormatOpt = "auto",
    dedupe: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--dedupe/--no-dedupe",
            help="Merge records that are the same work (same title, author and year, or the "
            "same abstract) and list each merge (default: the ingest.dedupe setting, on).",
            show_default=False,
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Read records from listing pages and bibliographic exports; show them and any problems."""
    from kamlit.console import stderr_console
    from kamlit.console.ingest import print_problems, render_ingest
    from kamlit.corpus import read_records
    from kamlit.io import atomic_write_text, dumps_jsonl

    with _handled():
        settings = _settings(None, format=format, dedupe=dedupe).settings
        result = read_records(_inputs(paths), settings)
        lines = dumps_jsonl(record.to_dict() for record in result.records)
        if out is not None:
            atomic_write_text(out, lines)
        if json_:
            _write_stdout(lines)
            print_problems(result, stderr_console(), lang=_lang())
        else:
            render_ingest(result, out, lang=_lang())


@app.command(rich_help_panel=READ)
def export(
    paths: PathsArg = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            help="File to write; its suffix names the format unless --to does: .csv, .xlsx, "
            ".ris, .bib (BibTeX), .txt (Web of Science tagged, for CiteSpace). Default: "
            "records.<suffix of the format> (records.csv).",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--to",
            "-t",
            help="Format: csv, xlsx, ris, bibtex or wos (default: from the suffix of --out).",
            show_default=False,
        ),
    ] = None,
    format: FormatOpt = "auto",
    dedupe: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--dedupe/--no-dedupe",
            help="Merge duplicates first (default: the ingest.dedupe setting, on).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Write the cleaned, de-duplicated records for Excel, Zotero/EndNote or CiteSpace."""
    from kamlit.console import stderr_console
    from kamlit.console.ingest import print_problems, render_export
    from kamlit.corpus import read_records
    from kamlit.export import default_name, export_format, write_records

    with _handled():
        if out is None:
            out = Path(default_name(export_format("records.csv", to)))
        fmt = export_format(out, to)  # a bad --to or suffix fails before reading
        settings = _settings(config, format=format, dedupe=dedupe).settings
        result = read_records(_inputs(paths), settings)
        write_records(result.records, out, to=fmt)
        print_problems(result, stderr_console(), lang=_lang())
        render_export(len(result.records), fmt, out, lang=_lang())


SegmenterOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--segmenter",
        help="Cutting engine: auto (rjieba when installed, else jieba), jieba or rjieba. "
        "Both give the same tokens.",
        show_default=False,
    ),
]


def _segment_settings(
    config: Path | None, segmenter: str | None, no_cache: bool, format: str
) -> Settings:
    from kamlit.settings import SEGMENTERS, pick

    segment: SegmentOverrides = {}
    if segmenter is not None:
        segment["segmenter"] = pick(segmenter, SEGMENTERS, name="segment.segmenter")
    return _settings(config, format=format, no_cache=no_cache, segment=segment).settings


@app.command(rich_help_panel=READ)
def segment(
    paths: PathsArg = None,
    json_: JsonOpt = False,
    no_cache: NoCacheOpt = False,
    segmenter: SegmenterOpt = None,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
) -> None:
    """Cut each abstract into sentences and tokens (domain dictionary, synonyms, stopwords)."""
    from kamlit.console.text import render_segment
    from kamlit.corpus import read_records, segment
    from kamlit.io import dumps_jsonl

    with _handled():
        settings = _segment_settings(config, segmenter, no_cache, format)
        corpus = segment(read_records(_inputs(paths), settings), settings=settings)
        if json_:
            _write_stdout(
                dumps_jsonl(
                    {
                        "id": doc.id,
                        "tokens": list(doc.tokens),
                        "sentences": [list(s.tokens) for s in doc.sentences],
                    }
                    for doc in corpus.documents
                )
            )
        else:
            render_segment(corpus, lang=_lang())


@app.command(rich_help_panel=READ)
def terms(
    paths: PathsArg = None,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--by",
            help="Also list each group's most distinctive terms (weighted log-odds, Monroe et "
            "al. 2008): sector, year or journal.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many terms to list.")] = 30,
    vocabulary: Annotated[
        bool,
        typer.Option(
            "--vocabulary",
            help="List the corpus's own words added to the dictionary (author keywords, the "
            "phrase file): new or already known, and how often each came out whole.",
        ),
    ] = False,
    json_: JsonOpt = False,
    no_cache: NoCacheOpt = False,
    segmenter: SegmenterOpt = None,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
) -> None:
    """Term frequency, document frequency and TF-IDF; distinctive terms per group with --by."""
    from kamlit.console.text import render_terms
    from kamlit.io import dumps_json
    from kamlit.terms import count_terms

    with _handled():
        settings = _segment_settings(config, segmenter, no_cache, format)
        prepared = _prepare(paths, settings)
        if vocabulary:
            from dataclasses import asdict

            from kamlit.console.text import render_vocabulary
            from kamlit.terms import vocabulary_report

            words = vocabulary_report(prepared)
            if json_:
                _write_stdout(dumps_json({"vocabulary": [asdict(w) for w in words]}))
            else:
                render_vocabulary(words, lang=_lang())
            return
        result = count_terms(prepared, by=by, top=top)
        if json_:
            _write_stdout(dumps_json(result.to_dict()))
        else:
            render_terms(result, lang=_lang())


@app.command(rich_help_panel=READ)
def kwic(
    term: Annotated[str, typer.Argument(help="A concept or any of its synonyms, e.g. 大客户.")],
    paths: PathsArg = None,
    width: Annotated[int, typer.Option("--width", help="Characters of context on each side.")] = 20,
    json_: JsonOpt = False,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
) -> None:
    """Keyword in context: every occurrence of a concept and its synonyms, with record ids."""
    from kamlit.console.text import render_kwic
    from kamlit.corpus import read_records
    from kamlit.io import dumps_json
    from kamlit.kwic import find_kwic
    from kamlit.text import lexicon_for

    with _handled():
        settings = _settings(config, format=format).settings
        records = read_records(_inputs(paths), settings).records
        result = find_kwic(records, term, lexicon=lexicon_for(settings.segment), width=width)
        if json_:
            _write_stdout(dumps_json(result.to_list()))
        else:
            render_kwic(result, lang=_lang())


@app.command(rich_help_panel=ANALYSE)
def summarize(
    paths: PathsArg = None,
    sector: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--sector",
            "-s",
            help="Sector to digest: a key or label (telecom, 电信, postal, 邮政, your own), "
            "general, or all (default). Repeat for several.",
            show_default=False,
        ),
    ] = None,
    max_: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--max", "-n", help="At most this many practices per sector (default 12)."),
    ] = None,
    json_: JsonOpt = False,
    md: Annotated[bool, typer.Option("--md", help="Print Markdown (the default).")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also show why each record got its sectors.")
    ] = False,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", help="Write the digest to this file instead of printing it."),
    ] = None,
    sectors_file: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--sectors",
            help="A sector lexicon TOML adding or extending sectors (repeatable).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
    no_cache: NoCacheOpt = False,
) -> None:
    """Digest the practices the abstracts recommend, per sector, every line with its source."""
    from kamlit.console.summarize import render_warnings, render_written
    from kamlit.errors import UsageError
    from kamlit.io import atomic_write_text
    from kamlit.sectors import load_sectors, resolve_sector
    from kamlit.summarize import render_json, render_markdown, summarize_sectors

    with _handled():
        if json_ and md:
            raise UsageError(message("cli.json_md"))
        if max_ is not None and max_ < 1:
            raise UsageError(message("cli.max", max=max_))
        from kamlit.settings import with_overrides

        loaded = _settings(config, format=format, no_cache=no_cache)
        extra = tuple(str(p) for p in sectors_file or [])
        settings = with_overrides(
            loaded.settings,
            summarize={"max_practices": max_} if max_ is not None else None,
            sectors={"lexicons": (*loaded.settings.sectors.lexicons, *extra)} if extra else None,
        )
        known = load_sectors(settings.sectors.lexicons)
        for value in sector or []:
            resolve_sector(known, value)  # an unknown sector fails before the slow work
        prepared = _prepare(paths, settings)
        digests = summarize_sectors(
            prepared, settings=settings.summarize, sectors=sector or ["all"]
        )
        text = render_json(digests) if json_ else render_markdown(digests, explain=explain)
        if out is not None:
            atomic_write_text(out, text)
            render_written(digests, out, lang=_lang())
        else:
            _write_stdout(text)
        if json_ or out is not None:
            render_warnings(digests, lang=_lang())


# --------------------------------------------------------------------------- end summarize


# --------------------------------------------------------------------------- graph


class _GraphGroup(TyperGroup):
    """`kamlit graph [PATH…]` means `kamlit graph build [PATH…]`; `graph show TERM` shows one."""

    default_command = "build"

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        # Anything that is not a subcommand name (a path, an option) goes to `build`, so both
        # `kamlit graph corpus/ --window document` and `kamlit graph show 大客户` work. A path
        # literally named "show" or "build" can be given as ./show.
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


graph_app = typer.Typer(
    cls=_GraphGroup,
    help="Concept graph: `graph [PATH…]` builds it (= `graph build`); `graph show TERM` lists "
    "a concept's links with the sentences behind them.",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(graph_app, name="graph", rich_help_panel=ANALYSE)

WindowOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--window",
        "-w",
        help="Co-occurrence unit: sentence (default) or document.",
        show_default=False,
    ),
]
MeasureOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--measure",
        "-m",
        help="Edge weight: association (default; VOSviewer's association strength), jaccard, "
        "npmi or count.",
        show_default=False,
    ),
]
MinCountOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--min-count",
        help="Co-occurrences a link needs (default: 2, or 3 from 10,000 units).",
        show_default=False,
    ),
]
TopOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--top",
        help="Candidate concepts: the N most frequent (default 150).",
        show_default=False,
    ),
]
BackboneOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--backbone",
        help="Disparity-filter backbone: an alpha such as 0.05, 'off', or 'auto' (default: on at "
        "0.05 for 200+ records when the graph is dense).",
        show_default=False,
    ),
]


def _graph_settings(
    config: Path | None,
    *,
    window: str | None,
    measure: str | None,
    min_count: int | None,
    top: int | None,
    backbone: str | None,
    seed: int | None,
    format: str,
    no_cache: bool = False,
) -> Settings:
    from kamlit.graph import check_settings
    from kamlit.settings import MEASURES, WINDOWS, backbone_value, pick

    graph: GraphOverrides = {}
    if window is not None:
        graph["window"] = pick(window, WINDOWS, name="graph.window")
    if measure is not None:
        graph["measure"] = pick(measure, MEASURES, name="graph.measure")
    if min_count is not None:
        graph["min_count"] = min_count
    if top is not None:
        graph["top"] = top
    if backbone is not None:
        graph["backbone"] = backbone_value(backbone)
    settings = _settings(config, format=format, no_cache=no_cache, seed=seed, graph=graph).settings
    check_settings(settings.graph)  # fail on a bad value before reading and segmenting
    return settings


def _build_graph(
    prepared: PreparedCorpus, settings: Settings, include: tuple[str, ...] = ()
) -> ConceptGraph:
    from kamlit.graph import build_concept_graph

    return build_concept_graph(
        prepared, settings=settings.graph, seed=settings.seed, include=include
    )


@graph_app.command("build")
def graph_build(
    paths: PathsArg = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for graph.html, GEXF, GraphML, CSV, …")
    ] = Path("outputs/graph"),
    window: WindowOpt = None,
    measure: MeasureOpt = None,
    min_count: MinCountOpt = None,
    top: TopOpt = None,
    backbone: BackboneOpt = None,
    seed: SeedOpt = None,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
    no_cache: NoCacheOpt = False,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print the graph (node-link JSON, evidence inline) to stdout."),
    ] = False,
) -> None:
    """Build the concept graph and write graph.html, GEXF, GraphML, Pajek, VOSviewer, CSV, JSON."""
    from kamlit.console.graph import render_graph, render_warnings
    from kamlit.fonts import cjk_font, no_font_message
    from kamlit.graph import graph_to_dict, write_graph
    from kamlit.i18n import catalogue, resolve_lang
    from kamlit.io import dumps_json

    with _handled():
        settings = _graph_settings(
            config,
            window=window,
            measure=measure,
            min_count=min_count,
            top=top,
            backbone=backbone,
            seed=seed,
            format=format,
            no_cache=no_cache,
        )
        graph = _build_graph(_prepare(paths, settings), settings)
        written = write_graph(
            graph,
            out,
            lang=resolve_lang(settings.report.lang),
            figure_format=settings.report.figure_format,
        )
        notes = catalogue(_lang()).warnings(graph.notices, graph.warnings)
        if cjk_font() is None:
            notes.append(no_font_message())
        if json_:
            _write_stdout(dumps_json(graph_to_dict(graph)))
            render_warnings(notes, lang=_lang())
        else:
            render_graph(graph, out, written, notes, lang=_lang())


@graph_app.command("show")
def graph_show(
    term: Annotated[str, typer.Argument(help="The concept, e.g. 大客户 (synonyms work).")],
    paths: PathsArg = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show this many neighbours (0: all).")
    ] = 10,
    quotes: Annotated[int, typer.Option("--quotes", help="Sentences per neighbour (0: all).")] = 3,
    window: WindowOpt = None,
    measure: MeasureOpt = None,
    min_count: MinCountOpt = None,
    top: TopOpt = None,
    backbone: BackboneOpt = None,
    seed: SeedOpt = None,
    config: ConfigOpt = None,
    format: FormatOpt = "auto",
    no_cache: NoCacheOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Show a concept's neighbours, strongest first, and the sentences behind each link.

    The graph is built as `kamlit graph` builds it; a concept of the corpus outside the --top
    terms is added to it for this listing.
    """
    from kamlit.console.graph import render_neighbours
    from kamlit.errors import UsageError
    from kamlit.graph import neighbourhood_to_dict, neighbours, resolve_term
    from kamlit.io import dumps_json
    from kamlit.kwic import find_kwic

    with _handled():
        if limit < 0 or quotes < 0:
            raise UsageError(message("cli.limits", limit=limit, quotes=quotes))
        settings = _graph_settings(
            config,
            window=window,
            measure=measure,
            min_count=min_count,
            top=top,
            backbone=backbone,
            seed=seed,
            format=format,
            no_cache=no_cache,
        )
        prepared = _prepare(paths, settings)
        lexicon = prepared.corpus.lexicon
        graph = _build_graph(prepared, settings, include=(resolve_term(term, lexicon=lexicon),))
        found = find_kwic(prepared.records, term, lexicon=lexicon, width=0)
        hood = neighbours(graph, term, lexicon=lexicon, occurrences=found.per_record())
        if json_:
            data = neighbourhood_to_dict(hood)
            if limit:
                data["neighbours"] = data["neighbours"][:limit]
            _write_stdout(dumps_json(data))
        else:
            render_neighbours(hood, limit=limit, quotes=quotes, lang=_lang())


@app.command(rich_help_panel=ANALYSE)
def topics(
    paths: PathsArg = None,
    k: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--k",
            help="Number of topics (a whole number >= 2), or 'auto' to choose K by coherence "
            "and stability (default: auto).",
            show_default=False,
        ),
    ] = None,
    seed: SeedOpt = None,
    engine: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--engine",
            help="LDA engine: tomotopy, gensim or sklearn (default: tomotopy).",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOpt = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for topics.json, CSV, HTML and PNG.")
    ] = Path("outputs/topics"),
    format: FormatOpt = "auto",
    config: ConfigOpt = None,
    no_cache: NoCacheOpt = False,
    json_: Annotated[
        bool, typer.Option("--json", help="Print topics.json to stdout instead of tables.")
    ] = False,
) -> None:
    """Find LDA topics with coherence and stability, per-sector shares and an offline explorer."""
    with _handled():
        from kamlit.console import stderr_console
        from kamlit.console.topics import render_topics, sweep_progress, topics_notes
        from kamlit.i18n import resolve_lang
        from kamlit.pipeline import results_cache
        from kamlit.settings import ENGINES, pick, topic_count
        from kamlit.topics import build_topics, write_topics

        topics: TopicOverrides = {}
        if k is not None:  # a bad --k or --engine fails before any work is done
            topics["k"] = topic_count(k, name="--k (topics.k)")
        if engine is not None:
            topics["engine"] = pick(engine, ENGINES, name="topics.engine")
        settings = _settings(
            config, format=format, no_cache=no_cache, seed=seed, topics=topics
        ).settings
        prepared = _prepare(paths, settings, jobs=jobs)
        with sweep_progress(stderr_console(), lang=_lang()) as progress:
            result = build_topics(
                prepared,
                settings=settings.topics,
                seed=settings.seed,
                cache_dir=results_cache(settings),
                jobs=jobs,
                progress=progress,
            )
        written = write_topics(
            result,
            out,
            records=prepared.records,
            lang=resolve_lang(settings.report.lang),
            figure_format=settings.report.figure_format,
        )
        if json_:
            _write_stdout(written[0].read_text(encoding="utf-8"))
            topics_notes(result, stderr_console(), lang=_lang())
        else:
            render_topics(result, written, lang=_lang())


@contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """Let SIGTERM and SIGHUP unwind like Ctrl-C, so a stopped run removes its partial folder."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, stop)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@app.command(rich_help_panel=WHOLE)
def run(
    paths: PathsArg = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            help="Folder for everything (default: outputs/<date>-<short input hash>/).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    seed: SeedOpt = None,
    format: FormatOpt = "auto",
    no_cache: NoCacheOpt = False,
    figure_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--figure-format",
            help="Figures for papers: png (300 dpi, always written), svg or pdf as well.",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress display, only the summary.")
    ] = False,
) -> None:
    """Run the whole job: ingest, segment, terms, topics, graph, sectors, digests, report."""
    from kamlit.console.run import progress, render_run
    from kamlit.pipeline import run_pipeline

    with _handled(), _terminated_cleanly():
        report: dict[str, Any] = {} if figure_format is None else {"figure_format": figure_format}
        loaded = _settings(
            config,
            format=format,
            no_cache=no_cache,
            seed=seed,
            report=cast("ReportOverrides", report) if report else None,
        )
        with progress(quiet, lang=_lang()) as notify:
            result = run_pipeline(
                _inputs(paths),
                settings=loaded.settings,
                out_dir=out,
                progress=notify,
                settings_origins=dict(loaded.origins),
                jobs=jobs,
            )
        render_run(result, lang=_lang())


@app.command(rich_help_panel=WHOLE)
def report(
    folder: Annotated[Path, typer.Argument(help="A folder written by `kamlit run`.")],
) -> None:
    """Re-render a run folder's pages (index.html, explorers, digests) from its saved results."""
    from kamlit.console.run import render_open
    from kamlit.pipeline import render_report

    with _handled():
        index = render_report(folder, lang=_STATE.lang)
        render_open(index, lang=_lang())


config_app = typer.Typer(help="Settings: where each value comes from.", no_args_is_help=True)
app.add_typer(config_app, name="config", rich_help_panel=WHOLE)


@config_app.command("show")
def config_show(config: ConfigOpt = None, json_: JsonOpt = False) -> None:
    """Print the effective settings and where each value came from."""
    from kamlit.console.settings import render_settings
    from kamlit.io import dumps_json
    from kamlit.settings import flat_settings

    with _handled():
        loaded = _settings(config)
        values = flat_settings(loaded.settings)
        if json_:
            rows = {
                k: {"value": v, "from": loaded.origins.get(k, "default")} for k, v in values.items()
            }
            _write_stdout(dumps_json(rows))
            return
        render_settings(values, loaded.origins, lang=_lang())


# --------------------------------------------------------------------------- end run


def _show_cache_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    """A damaged cache entry is one line on stderr (it is recomputed, not an error)."""
    from kamlit.cache import CacheWarning

    if issubclass(category, CacheWarning):
        _print_err(_msg("cli.warning_prefix", message=message))
    else:
        _SHOW_WARNING(message, category, filename, lineno, file, line)  # type: ignore[arg-type]


_SHOW_WARNING = warnings.showwarning


def main() -> None:
    """Console-script entry point."""
    warnings.showwarning = _show_cache_warning
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
