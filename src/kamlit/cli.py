"""The `kamlit` command line: parse options, call one library function, render the result.

This is the only module that imports Typer. Heavy libraries (gensim, scikit-learn, jieba's
dictionary) are imported inside the commands that need them, so `kamlit --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kamlit import __version__
from kamlit.errors import KamlitError

if TYPE_CHECKING:
    from rich.console import Console

    from kamlit.ingest import IngestResult
    from kamlit.topics import TopicModelResult

app = typer.Typer(
    name="kamlit",
    help="Mine Chinese research abstracts: ingest, segment, topics, concept graph, sector digests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _State:
    debug = False


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
    typer.Option("--format", "-f", help="Input format, or 'auto' to detect it from the content."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead.")]


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
) -> None:
    """kamlit: from CNKI exports and saved result pages to topics, concept graphs and digests."""
    _STATE.debug = debug


@contextmanager
def _handled() -> Iterator[None]:
    """Turn a KamlitError (or an OS error on output) into one line and an exit code."""
    try:
        yield
    except KamlitError as exc:
        if _STATE.debug:
            raise
        _err().print(
            f"kamlit: error: {exc.render()}", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        if _STATE.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        _err().print(
            f"kamlit: error: {where}{exc.strerror or exc}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def _console() -> Console:
    from rich.console import Console

    # Piped output gets a fixed width wide enough for the tables (rich would use 80).
    width = None if sys.stdout.isatty() else 120
    return Console(highlight=False, soft_wrap=False, width=width)


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _inputs(paths: list[Path] | None) -> list[Path]:
    from kamlit.ingest import default_inputs

    return list(paths) if paths else default_inputs()


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --------------------------------------------------------------------------- ingest


@app.command()
def ingest(
    paths: PathsArg = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", help="Write the records as JSON Lines to this file."),
    ] = None,
    format: FormatOpt = "auto",
    json_: JsonOpt = False,
) -> None:
    """Read records from listing pages and bibliographic exports; show them and any problems."""
    from kamlit.ingest import read_paths
    from kamlit.io import atomic_write_text, dumps_jsonl

    with _handled():
        result = read_paths(_inputs(paths), format=format)
        lines = dumps_jsonl(record.to_dict() for record in result.records)
        if out is not None:
            atomic_write_text(out, lines)
        if json_:
            _write_stdout(lines)
            _print_problems(result, _err())
        else:
            _render_ingest(result, out)


def _render_ingest(result: IngestResult, out: Path | None) -> None:
    from rich.table import Table

    console = _console()
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("year", justify="right")
    table.add_column("journal")
    table.add_column("authors")
    table.add_column("title / abstract", overflow="ellipsis", no_wrap=True, max_width=48)
    table.add_column("cited", justify="right")
    table.add_column("cut", justify="center")
    for record in result.records:
        table.add_row(
            record.id,
            str(record.year or ""),
            record.journal or "",
            "; ".join(record.authors),
            record.title or record.abstract[:40],
            "" if record.citations.total is None else str(record.citations.total),
            "…" if record.truncated else "",
        )
    console.print(table)
    _print_problems(result, console)
    console.print(_ingest_summary(result, out), markup=False)


def _print_problems(result: IngestResult, console: Console) -> None:
    for problem in result.problems:
        kind = "skipped" if problem.skipped else "note"
        console.print(f"{kind}: {problem.render()}", markup=False, highlight=False, soft_wrap=True)
    for merge in result.merges:
        console.print(
            f"merged: {merge.dropped} into {merge.kept} ({merge.reason})",
            markup=False,
            soft_wrap=True,
        )


def _ingest_summary(result: IngestResult, out: Path | None) -> str:
    files = ", ".join(
        f"{Path(f.path).name} ({f.format}, {f.encoding}, {f.records})" for f in result.files
    )
    truncated = sum(r.truncated for r in result.records)
    skipped = sum(p.skipped for p in result.problems)
    notes = len(result.problems) - skipped
    parts = [
        f"{len(result.records)} records from {len(result.files)} file(s): {files}",
        f"{truncated} abstracts cut by the site",
        f"{skipped} skipped, {notes} notes, {len(result.merges)} duplicates merged",
    ]
    if out is not None:
        parts.append(f"written to {out}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- topics


@app.command()
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
    seed: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--seed", help="Random seed of the model (default: 42).", show_default=False),
    ] = None,
    engine: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--engine", help="LDA engine: gensim or sklearn (default: gensim).", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for topics.json, CSV, HTML and PNG.")
    ] = Path("outputs/topics"),
    format: FormatOpt = "auto",
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--config", "-c", help="Settings file (TOML), e.g. kamlit.toml."),
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print topics.json to stdout instead of tables.")
    ] = False,
) -> None:
    """Find LDA topics with coherence and stability, per-sector shares and an offline explorer."""
    with _handled():
        from kamlit.ingest import read_paths
        from kamlit.sectors import assign_sectors, load_sectors
        from kamlit.settings import load_settings
        from kamlit.text import segment_records
        from kamlit.topics import build_topics, parse_k, write_topics

        overrides = {"topics.k": k, "topics.engine": engine, "seed": seed}
        settings = load_settings(config, overrides=overrides).settings
        parse_k(settings.topics.k)  # a bad --k fails before any work is done
        records = read_paths(_inputs(paths), format=format).records
        corpus = segment_records(records, settings=settings.segment)
        sectors = assign_sectors(corpus.records, sectors=load_sectors(settings.sectors.lexicons))
        result = build_topics(corpus, settings=settings.topics, seed=settings.seed, sectors=sectors)
        written = write_topics(result, out)
        if json_:
            _write_stdout(written[0].read_text(encoding="utf-8"))
            _topics_notes(result, _err())
        else:
            _render_topics(result, written)


def _render_topics(result: TopicModelResult, written: list[Path]) -> None:
    from rich.table import Table

    console = _console()
    table = Table(
        title=f"{result.k} topics ({result.engine}, seed {result.seed})",
        header_style="bold",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("label (λ=0.6)", no_wrap=True)
    table.add_column("top terms", overflow="fold")
    table.add_column("share", justify="right")
    table.add_column("c_v", justify="right")
    for topic in result.topics:
        table.add_row(
            str(topic.id),
            topic.label,
            " ".join(t.term for t in topic.terms[:8]),
            f"{100 * topic.prevalence:.1f}%",
            _fmt(topic.coherence, 3),
        )
    console.print(table)
    if result.auto:
        sweep = Table(title="choosing K", header_style="bold", title_justify="left")
        for name in ("K", "c_v", "c_npmi", "stability", ""):
            sweep.add_column(name, justify="right")
        for row in result.selection:
            sweep.add_row(
                str(row.k),
                _fmt(row.coherence, 3),
                _fmt(row.c_npmi, 3),
                _fmt(row.stability, 3),
                "◀ chosen" if row.chosen else "",
                style="bold" if row.chosen else None,
            )
        console.print(sweep)
        console.print(f"rule: {result.selection_rule}", markup=False, soft_wrap=True)
    console.print(
        f"{len(result.doc_ids)} documents of {result.n_records} records, "
        f"{result.vocabulary_size} terms, {result.passes} passes; mean coherence c_v "
        f"{_fmt(result.coherence_mean, 3)} (c_npmi {_fmt(result.npmi_mean, 3)}); stability "
        f"{_fmt(result.stability, 2)}",
        markup=False,
        soft_wrap=True,
    )
    _topics_notes(result, console)
    folder = written[0].parent
    names = ", ".join(p.name for p in written)
    console.print(f"written to {folder}/: {names}", markup=False, soft_wrap=True)


def _topics_notes(result: TopicModelResult, console: Console) -> None:
    from kamlit.fonts import cjk_font, no_font_message

    for warning in result.warnings:
        console.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    if cjk_font() is None:
        console.print(f"warning: {no_font_message()}", markup=False, soft_wrap=True)


def _fmt(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
