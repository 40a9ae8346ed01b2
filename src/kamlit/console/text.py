"""Show the text commands' results: `segment` (tokens, concepts in bold), `terms`, `kwic`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from kamlit.console import stdout_console

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kamlit.kwic import KwicResult
    from kamlit.terms import TermsResult, VocabularyWord
    from kamlit.text import Corpus


def render_segment(corpus: Corpus) -> None:
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
    console.print(
        f"{len(corpus.documents)} records, {sentences} sentences, {tokens} tokens "
        f"({distinct} distinct); concept candidates in bold",
        markup=False,
    )


def render_terms(result: TermsResult) -> None:
    """The top terms table, one table of distinctive terms per group, and notes."""
    console = stdout_console()
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


def render_vocabulary(words: Sequence[VocabularyWord]) -> None:
    """The corpus's own words: new or already in a dictionary, and how often cut whole."""
    console = stdout_console()
    table = Table(title=f"The corpus's own vocabulary: {len(words)} words", header_style="bold")
    for name in ("word", "from", "already in"):
        table.add_column(name)
    for name in ("records", "abstracts", "whole"):
        table.add_column(name, justify="right")
    for w in words:
        table.add_row(
            w.word, w.origin, w.known or "-", str(w.records), str(w.abstracts), str(w.whole)
        )
    console.print(table)
    new = sum(1 for w in words if not w.known)
    console.print(
        f"{new} added by this corpus, {len(words) - new} already in kamlit's or jieba's "
        "dictionary; whole = abstracts where the word is one token"
    )


def render_kwic(result: KwicResult) -> None:
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
    names = ", ".join(result.variants)
    records = len({line.id for line in result.lines})
    console.print(
        f"{len(result.lines)} occurrences in {records} records of {result.concept} ({names})",
        markup=False,
        soft_wrap=True,
    )


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
