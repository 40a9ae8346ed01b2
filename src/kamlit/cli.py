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
from kamlit.ingest.formats import READERS

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
    typer.Option(
        "--format",
        "-f",
        help="Input format: 'auto' (detect each file's format from its content) or one of "
        + ", ".join(READERS)
        + ".",
    ),
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
    dedupe: Annotated[
        bool,
        typer.Option(
            "--dedupe/--no-dedupe",
            help="Merge records that are the same work (same title, author and year, or the "
            "same abstract) and list each merge.",
        ),
    ] = True,
    json_: JsonOpt = False,
) -> None:
    """Read records from listing pages and bibliographic exports; show them and any problems."""
    from kamlit.ingest import read_paths
    from kamlit.io import atomic_write_text, dumps_jsonl

    with _handled():
        result = read_paths(_inputs(paths), format=format, dedupe=dedupe)
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


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
