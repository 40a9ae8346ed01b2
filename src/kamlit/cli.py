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
    from kamlit.kwic import KwicResult
    from kamlit.settings import Settings
    from kamlit.terms import TermsResult
    from kamlit.text import Corpus

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


# --------------------------------------------------------------------------- segment, terms, kwic

NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Segment afresh: neither read nor write the cache.")
]
SegmenterOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--segmenter",
        help="Cutting engine: auto (rjieba when installed, else jieba), jieba or rjieba. "
        "Both give the same tokens.",
        show_default=False,
    ),
]


def _segment_settings(segmenter: str | None, no_cache: bool) -> Settings:
    from kamlit.settings import load_settings

    overrides = {"segment.segmenter": segmenter, "segment.cache": False if no_cache else None}
    return load_settings(overrides=overrides).settings


@app.command()
def segment(
    paths: PathsArg = None,
    json_: JsonOpt = False,
    no_cache: NoCacheOpt = False,
    segmenter: SegmenterOpt = None,
) -> None:
    """Cut each abstract into sentences and tokens (domain dictionary, synonyms, stopwords)."""
    from kamlit.io import dumps_jsonl
    from kamlit.text import load_corpus

    with _handled():
        settings = _segment_settings(segmenter, no_cache)
        corpus = load_corpus(_inputs(paths), settings=settings)
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
            _render_segment(corpus)


def _render_segment(corpus: Corpus) -> None:
    from rich.text import Text

    console = _console()
    for record, doc in zip(corpus.records, corpus.documents, strict=True):
        console.print(Text(f"{doc.id}  {record.label}", style="bold"), soft_wrap=True)
        for sentence in doc.sentences:
            line = Text("  ")
            concepts = set(sentence.concepts)
            for i, token in enumerate(sentence.tokens):
                if i:
                    line.append(" ")
                line.append(token, style="bold cyan" if token in concepts else "")
            console.print(line if sentence.tokens else Text("  -", style="dim"), soft_wrap=True)
    tokens = sum(len(d.tokens) for d in corpus.documents)
    distinct = len({t for d in corpus.documents for t in d.tokens})
    sentences = sum(len(d.sentences) for d in corpus.documents)
    console.print(
        f"{len(corpus.documents)} records, {sentences} sentences, {tokens} tokens "
        f"({distinct} distinct); concept candidates in bold",
        markup=False,
    )


@app.command()
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
    json_: JsonOpt = False,
    no_cache: NoCacheOpt = False,
    segmenter: SegmenterOpt = None,
) -> None:
    """Term frequency, document frequency and TF-IDF; distinctive terms per group with --by."""
    from kamlit.io import dumps_json
    from kamlit.terms import count_terms
    from kamlit.text import load_corpus

    with _handled():
        settings = _segment_settings(segmenter, no_cache)
        corpus = load_corpus(_inputs(paths), settings=settings)
        result = count_terms(corpus, by=by, top=top, sector_lexicons=settings.sectors.lexicons)
        if json_:
            _write_stdout(dumps_json(result.to_dict()))
        else:
            _render_terms(result)


def _render_terms(result: TermsResult) -> None:
    from rich.table import Table

    console = _console()
    table = Table(title=f"Top {len(result.terms)} terms", header_style="bold")
    table.add_column("term")
    table.add_column("freq", justify="right")
    table.add_column("df", justify="right")
    table.add_column("tf-idf", justify="right")
    for t in result.terms:
        table.add_row(t.term, str(t.freq), str(t.df), f"{t.tfidf:.2f}")
    console.print(table)
    for group in result.groups:
        name = group.label if group.label == group.group else f"{group.label} ({group.group})"
        title = f"{name}: {group.documents} records, {group.tokens} tokens"
        sub = Table(title=title, header_style="bold")
        sub.add_column("term")
        sub.add_column("z", justify="right")
        sub.add_column("log-odds", justify="right")
        sub.add_column("count", justify="right")
        for scored in group.terms:
            sub.add_row(
                scored.term, f"{scored.score:.2f}", f"{scored.delta:.2f}", str(scored.count)
            )
        console.print(sub)
    notes = [f"{result.documents} records, {result.tokens} tokens"]
    if result.by is not None:
        notes.append(f"prior a0 = {result.prior:g} pseudo-tokens (the corpus itself)")
        if result.ungrouped:
            notes.append(f"{len(result.ungrouped)} records without a {result.by} left out")
        if result.documents < 100:
            notes.append("a corpus this small gives indicative scores only (|z| > 1.96 ~ p < .05)")
    console.print("; ".join(notes), markup=False)


@app.command()
def kwic(
    term: Annotated[str, typer.Argument(help="A concept or any of its synonyms, e.g. 大客户.")],
    paths: PathsArg = None,
    width: Annotated[
        int, typer.Option("--width", "-w", help="Characters of context on each side.")
    ] = 20,
    json_: JsonOpt = False,
) -> None:
    """Keyword in context: every occurrence of a concept and its synonyms, with record ids."""
    from kamlit.ingest import read_paths
    from kamlit.io import dumps_json
    from kamlit.kwic import find_kwic
    from kamlit.settings import load_settings
    from kamlit.text import lexicon_for

    with _handled():
        settings = load_settings().settings
        records = read_paths(_inputs(paths), format=settings.ingest.format).records
        result = find_kwic(records, term, lexicon=lexicon_for(settings.segment), width=width)
        if json_:
            _write_stdout(dumps_json(result.to_list()))
        else:
            _render_kwic(result)


def _render_kwic(result: KwicResult) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    console = _console()
    id_width = max((len(line.id) for line in result.lines), default=0)
    lefts = [_one_line(line.left) for line in result.lines]
    left_width = max((cell_len(left) for left in lefts), default=0)
    for line, left in zip(result.lines, lefts, strict=True):
        row = Text(line.id.ljust(id_width) + "  ", style="dim")
        row.append(" " * (left_width - cell_len(left)) + left + " ")
        row.append(line.term, style="bold cyan")
        row.append(" " + _one_line(line.right))
        console.print(row, soft_wrap=True)
    names = ", ".join(result.variants)
    records = len({line.id for line in result.lines})
    console.print(
        f"{len(result.lines)} occurrences in {records} records of {result.concept} ({names})",
        markup=False,
        soft_wrap=True,
    )


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
