"""Chinese text processing: records in, a segmented Corpus out.

Every later stage reads a `Corpus`: the records, and for each a `Document` whose sentences
keep their exact offsets into the abstract (so quotes are verbatim) next to their tokens,
concept candidates and the offsets of the cut's words. The abstract, title and keywords are
cut in one pass; sector cues and practice cues are matched on those words, never on a cut
of their own.

Segmentation results are cached on disk (`<cache dir>/segment/`), keyed by the SHA-256 of the
abstracts, titles and keywords, the lexicon's fingerprint, the settings that change tokens and
the versions of kamlit, jieba (whose dictionary both engines use) and rjieba. A cache hit
rebuilds the same Corpus without loading any dictionary or engine.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kamlit.cache import cache_folder, cache_key, read_blob, write_blob
from kamlit.gcpause import paused_gc
from kamlit.settings import SegmentSettings, default_cache_dir
from kamlit.text.concepts import rule_key as concept_rule_key
from kamlit.text.discover import Phrase, discover_phrases, discovery_applies
from kamlit.text.engine import package_version
from kamlit.text.jiebadict import dictionary_key, jieba_dict_path, load_jieba_dictionary
from kamlit.text.lexicon import DictEntry, Lexicon, is_block, load_lexicon, structure_words
from kamlit.text.parity import choose_engine
from kamlit.text.segmenter import FUNCTION_TAGS, Segmenter, get_segmenter
from kamlit.text.sentences import Span, split_clauses, split_sentences
from kamlit.text.vocabulary import Vocabulary, corpus_vocabulary, with_synonyms
from kamlit.types import Record

__all__ = [
    "Corpus",
    "Document",
    "Lexicon",
    "Segmenter",
    "Sentence",
    "Span",
    "Vocabulary",
    "keyword_text",
    "lexicon_for",
    "segment_records",
    "split_clauses",
    "split_sentences",
]

# Bump when the meaning of cached tokens changes without a change of lexicon or versions.
_FORMAT = "kamlit-segment-11"
_DISCOVER_FORMAT = "kamlit-discover-9"
# How a record's keywords are joined into one text (for cutting and for sector cues).
KEYWORD_SEPARATOR = " ; "


def keyword_text(record: Record) -> str:
    """The record's keywords as one text, as they are cut and matched against cues."""
    return KEYWORD_SEPARATOR.join(record.keywords)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an abstract: `text == abstract[start:end]`, with its tokens.

    `bounds`: where the cut's words end, relative to `start` (the last is `len(text)`), so
    the words are `text[0:bounds[0]]`, `text[bounds[0]:bounds[1]]`, … in original characters,
    punctuation and spaces included; None when the sentence was not cut (a hand-made corpus).
    """

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    concepts: tuple[str, ...]
    bounds: tuple[int, ...] | None = None

    def words(self) -> list[tuple[int, int]]:
        """(start, end) of every word of the cut, relative to the sentence."""
        if self.bounds is None:
            return [(i, i + 1) for i in range(len(self.text))]
        return list(zip((0, *self.bounds), self.bounds, strict=False))


@dataclass(frozen=True)
class Document:
    """A record's abstract, segmented sentence by sentence."""

    id: str
    sentences: tuple[Sentence, ...]
    # Word ends (absolute offsets) of the record's title and of `keyword_text(record)`,
    # cut in the same pass as the abstract; None when not cut.
    title_bounds: tuple[int, ...] | None = None
    keyword_bounds: tuple[int, ...] | None = None

    @cached_property
    def abstract_bounds(self) -> tuple[int, ...] | None:
        """Offsets in the abstract where words begin or end (sentence edges included)."""
        if any(s.bounds is None for s in self.sentences):
            return None
        out: list[int] = []
        for s in self.sentences:
            out.append(s.start)
            out.extend(s.start + b for b in s.bounds or ())
        return tuple(out)

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
    # The corpus's own words added to the lexicon (author keywords, the phrase file's).
    vocabulary: Vocabulary | None = None

    @cached_property
    def by_id(self) -> dict[str, tuple[Record, Document]]:
        """Look up a record and its document by record id."""
        return {r.id: (r, d) for r, d in zip(self.records, self.documents, strict=True)}

    @cached_property
    def positions(self) -> dict[str, int]:
        """Record id -> its position in the corpus."""
        return {r.id: i for i, r in enumerate(self.records)}


def lexicon_for(settings: SegmentSettings, vocabulary: Vocabulary | None = None) -> Lexicon:
    """Load the lexicon the settings name (shipped files plus the user's), with a corpus's
    own vocabulary (`kamlit.text.vocabulary`) when given."""
    return load_lexicon(
        user_dicts=settings.user_dicts,
        stopwords=settings.stopwords,
        synonyms=settings.synonyms,
        corpus_words=vocabulary.words if vocabulary is not None else (),
        corpus_synonyms=vocabulary.synonym_map if vocabulary is not None else None,
    )


def segment_records(
    records: Sequence[Record],
    *,
    settings: SegmentSettings | None = None,
    lexicon: Lexicon | None = None,
    cache_dir: Path | None = None,
    use_cache: bool | None = None,
    jobs: int | None = None,
) -> Corpus:
    """Segment every record's abstract into sentences, tokens and concept candidates.

    `jobs`: worker processes for the cut of a large corpus (None: every core; small corpora
    are cut in this process); the corpus is the same whatever their number.

    `cache_dir` defaults to kamlit's cache folder (`cache.dir`); `use_cache` (`cache.enabled`)
    to True. With the cache on, the folder also holds what describes the installed packages
    rather than any input (jieba's dictionary as a look-up table, whether rjieba cuts as jieba
    does), so that start-up stays cheap; with it off, nothing is read from or written there.
    """
    settings = settings or SegmentSettings()
    base = lexicon or lexicon_for(settings)
    vocabulary = corpus_vocabulary(
        records, keywords=settings.keywords, phrase_file=settings.phrases or None
    )
    use_cache = True if use_cache is None else use_cache
    folder = cache_dir or default_cache_dir()
    with_keywords = sum(1 for r in records if r.keywords)
    if discovery_applies(settings.discover, len(records), with_keywords):
        found = _discover(records, base, folder, use_cache)
        vocabulary = dataclasses.replace(vocabulary, discovered=found)
    vocabulary = with_synonyms(vocabulary, records, base)
    # A lexicon given directly is used as it is, with the corpus's words when there are any.
    if (vocabulary.words or vocabulary.synonym_map) and lexicon is None:
        lexicon = lexicon_for(settings, vocabulary)
    elif vocabulary.words:
        lexicon = _extend(base, vocabulary)
    else:
        lexicon = base
    with paused_gc():
        corpus = _segment(records, settings, base, lexicon, folder, use_cache, jobs)
    return dataclasses.replace(corpus, vocabulary=vocabulary)


def _discover(
    records: Sequence[Record], lexicon: Lexicon, folder: Path, use_cache: bool
) -> tuple[Phrase, ...]:
    """The phrases discovery finds in the records' abstracts and titles (cached by content)."""
    texts = [f"{r.abstract}\n{r.title or ''}" for r in records]
    key = cache_key(
        _DISCOVER_FORMAT,
        {"jieba-dict": dictionary_key(jieba_dict_path()), "lexicon": lexicon.fingerprint},
        texts,
    )
    blob = cache_folder(folder) / f"phrases-{key}.bin"
    if use_cache:
        cached = read_blob(blob)
        if isinstance(cached, list):
            try:
                return tuple(Phrase(*row) for row in cached)
            except TypeError:
                pass
    table = load_jieba_dictionary(folder)
    known = {e.word for e in lexicon.entries} | set(lexicon.synonyms)
    edges = structure_words()

    def is_word(text: str) -> bool:
        return text in known or table.lookup(text) is not None

    def edge_word(text: str) -> bool:
        return text in edges or (lexicon.tags.get(text) or table.tag(text) or "") in FUNCTION_TAGS

    def tag(text: str) -> str:
        return lexicon.tags.get(text) or table.tag(text) or ""

    found = discover_phrases(texts, is_word=is_word, edge_word=edge_word, tag=tag)
    if use_cache:
        write_blob(blob, [(p.text, p.count, p.docs, p.pmi, p.entropy) for p in found])
    return found


def _extend(lexicon: Lexicon, vocabulary: Vocabulary) -> Lexicon:
    """A lexicon built by hand plus a corpus's words (nouns, jieba's suggested frequency)."""
    known = {e.word for e in lexicon.entries} | set(lexicon.synonyms)
    added = tuple(
        DictEntry(w, None, "n") for w in vocabulary.words if w not in known and is_block(w)
    )
    if not added:
        return lexicon
    digest = hashlib.sha256(f"{lexicon.fingerprint}\0{vocabulary.words}".encode()).hexdigest()
    return dataclasses.replace(
        lexicon,
        entries=lexicon.entries + added,
        fingerprint=digest,
        parity_key=lexicon.parity_key or lexicon.fingerprint,
        corpus_words=lexicon.corpus_words | {e.word for e in added},
    )


def _segment(
    records: Sequence[Record],
    settings: SegmentSettings,
    base: Lexicon,
    lexicon: Lexicon,
    folder: Path,
    use_cache: bool,
    jobs: int | None = None,
) -> Corpus:
    abstracts = _texts(records)
    if use_cache:
        # Looking up the cache needs the engine's name only, never the engine itself. Whether
        # rjieba may stand in for jieba is checked on the files' lexicon (`base`): the corpus's
        # words go to both engines alike.
        engine = choose_engine(settings.segmenter, base, folder, check=False)
        key = segmentation_key(abstracts, lexicon=lexicon, settings=settings, engine=engine)
        documents = _documents(records, read_blob(_blob(folder, key)))
        if documents is not None:
            return Corpus(records=tuple(records), documents=documents, lexicon=lexicon)
    # With the cache off nothing is written to the cache folder, package facts included.
    facts = folder if use_cache else None
    engine = choose_engine(settings.segmenter, base, facts, check=True)
    segmenter = get_segmenter(
        lexicon, engine=engine, min_length=settings.min_length, cache_dir=facts
    )
    segs = _pack(
        segmenter.segment_texts(abstracts, documents=len(records), jobs=jobs), len(records)
    )
    if use_cache:
        key = segmentation_key(abstracts, lexicon=lexicon, settings=settings, engine=engine)
        write_blob(_blob(folder, key), segs)
    documents = _documents(records, segs)
    assert documents is not None  # fresh results always fit their records
    return Corpus(records=tuple(records), documents=documents, lexicon=lexicon)


def _texts(records: Sequence[Record]) -> list[str]:
    """Everything one pass cuts: the abstracts, then the titles, then the keyword texts."""
    return [
        *(r.abstract for r in records),
        *(r.title or "" for r in records),
        *(keyword_text(r) for r in records),
    ]


def _blob(folder: Path, key: str) -> Path:
    return cache_folder(folder) / f"corpus-{key}.bin"


def segmentation_key(
    abstracts: Sequence[str], *, lexicon: Lexicon, settings: SegmentSettings, engine: str
) -> str:
    """Return the cache key of a segmentation: inputs, lexicon, settings and versions."""
    return cache_key(
        _FORMAT,
        {
            "jieba": package_version("jieba"),
            "jieba-dict": dictionary_key(jieba_dict_path()),
            "engine": engine,
            "rjieba": package_version("rjieba") if engine == "rjieba" else "-",
            "lexicon": lexicon.fingerprint,
            "min_length": settings.min_length,
            "hmm": False,
            "concepts": concept_rule_key(),
        },
        abstracts if isinstance(abstracts, (list, tuple)) else list(abstracts),
    )


def _pack(segs: list[Any], n: int) -> list[Any]:
    """Per record: (abstract sentences, title word ends, keyword word ends)."""
    return [(segs[i], _field_bounds(segs[n + i]), _field_bounds(segs[2 * n + i])) for i in range(n)]


def _field_bounds(seg: Any) -> tuple[int, ...]:
    """Absolute word ends of a short field (title, keywords), its sentences' starts included."""
    out: list[int] = []
    for start, _, _, _, ends in seg:
        out.append(start)
        out.extend(start + e for e in ends)
    return tuple(out)


def _documents(records: Sequence[Record], segs: Any) -> tuple[Document, ...] | None:
    """Build Documents from per-record results; None when they do not fit the records."""
    if not isinstance(segs, list) or len(segs) != len(records):
        return None
    documents = []
    sentence = _fast_sentence
    try:
        for record, (seg, title, keywords) in zip(records, segs, strict=True):
            text = record.abstract
            sentences = tuple(
                sentence(start, end, text[start:end], tokens, concepts, bounds)
                for start, end, tokens, concepts, bounds in seg
            )
            if sentences and not (sentences[0].start >= 0 and sentences[-1].end <= len(text)):
                return None
            if any(s.bounds and s.bounds[-1] != s.end - s.start for s in sentences):
                return None
            documents.append(_fast_document(record.id, sentences, title, keywords))
    except (TypeError, ValueError):
        return None
    return tuple(documents)


# A corpus has 10^5 sentences, and a frozen dataclass pays for object.__setattr__ on every
# field; these build the very same objects (same fields, equality, hash and repr) directly.
def _fast_sentence(
    start: int,
    end: int,
    text: str,
    tokens: tuple[str, ...],
    concepts: tuple[str, ...],
    bounds: tuple[int, ...],
) -> Sentence:
    sentence = object.__new__(Sentence)
    sentence.__dict__.update(
        start=start, end=end, text=text, tokens=tokens, concepts=concepts, bounds=bounds
    )
    return sentence


def _fast_document(
    id: str, sentences: tuple[Sentence, ...], title: tuple[int, ...], keywords: tuple[int, ...]
) -> Document:
    document = object.__new__(Document)
    document.__dict__.update(
        id=id, sentences=sentences, title_bounds=title, keyword_bounds=keywords
    )
    return document
