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


# --------------------------------------------------------------------------- summarize


@app.command()
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
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--config", "-c", help="Settings file (TOML), e.g. kamlit.toml."),
    ] = None,
    format: FormatOpt = "auto",
) -> None:
    """Digest the practices the abstracts recommend, per sector, every line with its source."""
    from kamlit.errors import InputError, UsageError
    from kamlit.ingest import read_paths
    from kamlit.io import atomic_write_text
    from kamlit.sectors import load_sectors, resolve_sector
    from kamlit.settings import load_settings
    from kamlit.summarize import render_json, render_markdown, summarize_sectors
    from kamlit.text import segment_records

    with _handled():
        if json_ and md:
            raise UsageError("--json and --md exclude each other; choose one")
        if max_ is not None and max_ < 1:
            raise UsageError(f"--max must be at least 1, got {max_}")
        base = load_settings(config).settings
        lexicons = [*base.sectors.lexicons, *(str(p) for p in sectors_file or [])]
        settings = load_settings(
            config,
            overrides={
                "summarize.max_practices": max_,
                "sectors.lexicons": lexicons if sectors_file else None,
                "ingest.format": None if format == "auto" else format,
            },
        ).settings
        known = load_sectors(settings.sectors.lexicons)
        for value in sector or []:
            resolve_sector(known, value)  # an unknown sector fails before the slow work
        result = read_paths(_inputs(paths), format=settings.ingest.format)
        if not result.records:
            raise InputError("no records found in the input to summarise")
        corpus = segment_records(result.records, settings=settings.segment)
        digests = summarize_sectors(
            corpus,
            settings=settings.summarize,
            sector_settings=settings.sectors,
            sectors=sector or ["all"],
        )
        text = render_json(digests) if json_ else render_markdown(digests, explain=explain)
        if out is not None:
            atomic_write_text(out, text)
            counts = ", ".join(
                f"{d.label} {len(d.practices)} practices from {len(d.records)} abstracts"
                for d in digests.digests
            )
            _err().print(f"written to {out}: {counts}", markup=False, soft_wrap=True)
        else:
            _write_stdout(text)
        if json_ or out is not None:
            for digest in digests.digests:
                if digest.warning:
                    _err().print(
                        f"warning: {digest.label} ({digest.sector}): {digest.warning}",
                        markup=False,
                        soft_wrap=True,
                    )


# --------------------------------------------------------------------------- end summarize


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
