"""Show the text commands' results: `segment` (tokens, concepts in bold), `terms`, `kwic`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from kamlit.console import messages, sector_name, stdout_console
from kamlit.i18n import MESSAGES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kamlit.kwic import KwicResult
    from kamlit.terms import TermsResult, VocabularyWord
    from kamlit.text import Corpus


def render_segment(corpus: Corpus, *, lang: str = "auto") -> None:
    """Each record's sentences as tokens, concept candidates in bold, then the counts."""
    console = stdout_console()
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
    summary = messages(lang).t(
        "cli.segment.summary",
        records=len(corpus.documents),
        sentences=sentences,
        tokens=tokens,
        distinct=distinct,
    )
    console.print(summary, markup=False)


def render_terms(result: TermsResult, *, lang: str = "auto") -> None:
    """The top terms table, one table of distinctive terms per group, and notes."""
    console = stdout_console()
    cat = messages(lang)
    table = Table(title=cat.t("cli.terms.title", n=len(result.terms)), header_style="bold")
    table.add_column(cat.t("cli.terms.term"))
    table.add_column(cat.t("cli.terms.freq"), justify="right")
    table.add_column(cat.t("cli.terms.df"), justify="right")
    table.add_column("tf-idf", justify="right")
    for t in result.terms:
        table.add_row(t.term, str(t.freq), str(t.df), f"{t.tfidf:.2f}")
    console.print(table)
    for group in result.groups:
        label = sector_name(cat, group.group, group.label) if result.by == "sector" else group.label
        name = (
            label
            if label == group.group
            else cat.t("cli.terms.group_key", label=label, group=group.group)
        )
        title = cat.t("cli.terms.group", name=name, documents=group.documents, tokens=group.tokens)
        sub = Table(title=title, header_style="bold")
        sub.add_column(cat.t("cli.terms.term"))
        sub.add_column("z", justify="right")
        sub.add_column(cat.t("cli.terms.log_odds"), justify="right")
        sub.add_column(cat.t("cli.terms.count"), justify="right")
        for scored in group.terms:
            sub.add_row(
                scored.term, f"{scored.score:.2f}", f"{scored.delta:.2f}", str(scored.count)
            )
        console.print(sub)
    notes = [cat.t("cli.terms.totals", documents=result.documents, tokens=result.tokens)]
    if result.by is not None:
        notes.append(cat.t("cli.terms.prior", prior=f"{result.prior:g}"))
        if result.ungrouped:
            by = f"cli.terms.by.{result.by}"
            notes.append(
                cat.t(
                    "cli.terms.ungrouped",
                    n=len(result.ungrouped),
                    by=cat.t(by) if by in MESSAGES else result.by,
                )
            )
        if result.documents < 100:
            notes.append(cat.t("cli.terms.small"))
    console.print(cat.t("cli.sep").join(notes), markup=False)


def render_vocabulary(words: Sequence[VocabularyWord], *, lang: str = "auto") -> None:
    """The corpus's own words: new or already in a dictionary, and how often cut whole."""
    console = stdout_console()
    cat = messages(lang)
    table = Table(title=cat.t("cli.vocab.title", n=len(words)), header_style="bold")
    for name in ("word", "from", "known"):
        table.add_column(cat.t(f"cli.vocab.{name}"))
    for name in ("records", "abstracts", "whole"):
        table.add_column(cat.t(f"cli.vocab.{name}"), justify="right")
    for w in words:
        origin = f"{w.origin} → {' | '.join(w.maps_to)}" if w.maps_to else w.origin
        table.add_row(
            w.word, origin, w.known or "-", str(w.records), str(w.abstracts), str(w.whole)
        )
    console.print(table)
    new = sum(1 for w in words if not w.known)
    console.print(cat.t("cli.vocab.summary", new=new, known=len(words) - new), markup=False)


def render_kwic(result: KwicResult, *, lang: str = "auto") -> None:
    """One aligned line per occurrence: record id, left context, the term, right context."""
    console = stdout_console()
    id_width = max((len(line.id) for line in result.lines), default=0)
    lefts = [_one_line(line.left) for line in result.lines]
    left_width = max((cell_len(left) for left in lefts), default=0)
    for line, left in zip(result.lines, lefts, strict=True):
        row = Text(line.id.ljust(id_width) + "  ", style="dim")
        row.append(" " * (left_width - cell_len(left)) + left + " ")
        row.append(line.term, style="bold cyan")
        row.append(" " + _one_line(line.right))
        console.print(row, soft_wrap=True)
    cat = messages(lang)
    names = cat.t("cli.list_sep").join(result.variants)
    records = len({line.id for line in result.lines})
    summary = cat.t(
        "cli.kwic.summary",
        n=len(result.lines),
        records=records,
        concept=result.concept,
        names=names,
    )
    console.print(summary, markup=False, soft_wrap=True)


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
