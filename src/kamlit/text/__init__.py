"""Chinese text processing: records in, a segmented Corpus out.

Every later stage reads a `Corpus`: the records, and for each a `Document` whose sentences
keep their exact offsets into the abstract (so quotes are verbatim) next to their tokens and
concept candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from kamlit.settings import SegmentSettings
from kamlit.text.lexicon import Lexicon, load_lexicon
from kamlit.text.segmenter import Engine, Segmenter
from kamlit.text.sentences import Span, split_clauses, split_sentences
from kamlit.types import Record

__all__ = [
    "Corpus",
    "Document",
    "Lexicon",
    "Segmenter",
    "Sentence",
    "Span",
    "lexicon_for",
    "segment_records",
    "split_clauses",
    "split_sentences",
]


@dataclass(frozen=True)
class Sentence:
    """One sentence of an abstract: `text == abstract[start:end]`, with its tokens."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A record's abstract, segmented sentence by sentence."""

    id: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """All tokens of the abstract, in order."""
        return tuple(t for s in self.sentences for t in s.tokens)

    @cached_property
    def concepts(self) -> tuple[str, ...]:
        """All concept candidates of the abstract, in order."""
        return tuple(c for s in self.sentences for c in s.concepts)


@dataclass(frozen=True)
class Corpus:
    """Records with their segmented documents, in the same order, plus the lexicon used."""

    records: tuple[Record, ...]
    documents: tuple[Document, ...]
    lexicon: Lexicon

    @cached_property
    def by_id(self) -> dict[str, tuple[Record, Document]]:
        """Look up a record and its document by record id."""
        return {r.id: (r, d) for r, d in zip(self.records, self.documents, strict=True)}


def lexicon_for(settings: SegmentSettings) -> Lexicon:
    """Load the lexicon the settings name (shipped files plus the user's)."""
    return load_lexicon(
        user_dicts=settings.user_dicts, stopwords=settings.stopwords, synonyms=settings.synonyms
    )


def segment_records(
    records: Sequence[Record],
    *,
    settings: SegmentSettings | None = None,
    lexicon: Lexicon | None = None,
) -> Corpus:
    """Segment every record's abstract into sentences, tokens and concept candidates."""
    settings = settings or SegmentSettings()
    lexicon = lexicon or lexicon_for(settings)
    engine: Engine = "rjieba" if settings.segmenter == "rjieba" else "jieba"
    segmenter = Segmenter(lexicon, engine=engine)
    documents = tuple(segment_text(record, segmenter) for record in records)
    return Corpus(records=tuple(records), documents=documents, lexicon=lexicon)


def segment_text(record: Record, segmenter: Segmenter) -> Document:
    """Segment one record's abstract."""
    sentences = []
    for span in split_sentences(record.abstract):
        text = record.abstract[span.start : span.end]
        tokens, concepts = segmenter.analyze(text)
        sentences.append(Sentence(span.start, span.end, text, tokens, concepts))
    return Document(id=record.id, sentences=tuple(sentences))
